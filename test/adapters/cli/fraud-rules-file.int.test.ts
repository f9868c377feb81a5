// The what-if rules file read from a real file: thresholds over the defaults, a rule left out is
// off, and an unknown rule or threshold is refused with a line that lists the known names.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRulesFile } from '../../../adapters/cli/fraud-rules-file.ts';
import { CliFailure } from '../../../adapters/cli/cli-failure.ts';
import { defaultFraudRules } from '../../../projections/fraud/fraud-rules.ts';

const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-rules-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const fileWith = (name: string, content: unknown): string => {
  const path = join(directory, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

const failureOf = (path: string): CliFailure => {
  try {
    readRulesFile(path);
  } catch (error) {
    if (error instanceof CliFailure) return error;
    throw error;
  }
  throw new Error(`${path} was accepted`);
};

describe('the rules file', () => {
  it('runs the named rules with their thresholds over the defaults', () => {
    const rules = readRulesFile(fileWith('ok.json', { velocity: { chargeCountMax: 5 }, 'shared-device': {} }));
    expect(rules).toEqual({
      velocity: { ...defaultFraudRules.velocity, chargeCountMax: 5 },
      'shared-device': defaultFraudRules['shared-device'],
    });
  });

  it('refuses an unknown rule, listing the known ones', () => {
    const failure = failureOf(fileWith('typo.json', { velocityy: {} }));
    expect(failure.exitCode).toBe(2);
    expect(failure.message).toContain('unknown velocityy (known: foreign-login-new-device, shared-device, velocity, impossible-travel, fresh-device-large-charge)');
  });

  it('refuses an unknown threshold, listing the rule\'s thresholds', () => {
    const failure = failureOf(fileWith('threshold.json', { 'shared-device': { accounts: 2 } }));
    expect(failure.message).toContain('unknown accounts (known: accountsMin, windowMs, accountsPerDeviceMax)');
  });
});
