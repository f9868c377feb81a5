// The step-up rules file (LEDGER_STEP_UP) read from a real file, in the fraud rules-file format:
// thresholds over the defaults, a rule left out is off, an unknown rule or threshold is refused, and
// a bad file stops the server's configuration with one line naming the variable.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { readStepUpRulesFile } from '../../../adapters/cli/step-up-rules-file.ts';
import { serverConfigFrom } from '../../../adapters/app/server-config.ts';

const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-step-up-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const fileWith = (name: string, content: string): string => {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
};
const rulesOf = (content: unknown) => {
  const rules = readStepUpRulesFile(fileWith('rules.json', JSON.stringify(content)));
  if (isLeft(rules)) throw new Error(rules.left);
  return JSON.parse(JSON.stringify(rules.right));
};
const problemOf = (content: string): string => {
  const rules = readStepUpRulesFile(fileWith('bad.json', content));
  if (isRight(rules)) throw new Error('accepted');
  return rules.left;
};

describe('the step-up rules file', () => {
  it('runs the rules named, each with its defaults under the thresholds given; a rule left out is off', () => {
    expect(rulesOf({ 'device-verified-recently': {}, 'amount-over-threshold': { amountMaxByCurrency: { JPY: '50000' } } })).toEqual({
      'device-verified-recently': { withinMs: 86_400_000 },
      'amount-over-threshold': { amountMaxByCurrency: { JPY: '50000' } },
    });
    expect(rulesOf({ 'foreign-login-recently': { withinMs: 600_000 } })).toEqual({ 'foreign-login-recently': { withinMs: 600_000, sameDevice: false } });
    expect(rulesOf({ 'amount-over-threshold': {} })['amount-over-threshold'].amountMaxByCurrency.JPY).toBe('30000');
    expect(rulesOf({})).toEqual({});
  });

  it.each([
    ['an unknown rule', '{"velocity": {}}', 'unknown velocity'],
    ['an unknown threshold', '{"device-verified-recently": {"windowMs": 1}}', 'unknown windowMs'],
    ['a window of zero', '{"foreign-login-recently": {"withinMs": 0}}', 'an integer from 1'],
    ['an amount as a number', '{"amount-over-threshold": {"amountMaxByCurrency": {"JPY": 100}}}', 'a positive decimal string'],
    ['not JSON', '{', 'is not JSON'],
  ])('refuses %s with one sentence', (_what, content, line) => {
    expect(problemOf(content)).toContain(line);
  });

  it('is LEDGER_STEP_UP: off when unset, the file when set, a bad or missing file refused naming the variable', () => {
    const unset = serverConfigFrom({});
    expect(isRight(unset) && unset.right.stepUp).toBe(undefined);
    const set = serverConfigFrom({ LEDGER_STEP_UP: fileWith('ok.json', '{"device-verified-recently": {}}') });
    expect(isRight(set) && set.right.stepUp?.['device-verified-recently']).toEqual({ withinMs: 86_400_000 });
    for (const env of [{ LEDGER_STEP_UP: fileWith('typo.json', '{"device-verified-recentyl": {}}') }, { LEDGER_STEP_UP: join(directory, 'none.json') }]) {
      const refused = serverConfigFrom(env);
      expect(isLeft(refused) && refused.left).toMatch(/^LEDGER_STEP_UP: /);
    }
  });

  it('reads LEDGER_STEP_UP_HOLD_MINUTES: unset 7 days, 1 to 43200 minutes, refused without step-up or out of range', () => {
    const file = fileWith('window.json', '{"amount-over-threshold": {}}');
    const minutesOf = (env: Record<string, string>) => {
      const config = serverConfigFrom({ LEDGER_STEP_UP: file, ...env });
      return isRight(config) ? config.right.stepUpHoldMinutes : config.left;
    };
    expect(minutesOf({})).toBe(undefined);
    expect(minutesOf({ LEDGER_STEP_UP_HOLD_MINUTES: '15' })).toBe(15);
    expect(minutesOf({ LEDGER_STEP_UP_HOLD_MINUTES: '43200' })).toBe(43_200);
    for (const bad of ['0', '43201', '1.5', 'ten']) {
      expect(minutesOf({ LEDGER_STEP_UP_HOLD_MINUTES: bad })).toBe(`LEDGER_STEP_UP_HOLD_MINUTES "${bad}" must be an integer from 1 to 43200 (minutes)`);
    }
    const off = serverConfigFrom({ LEDGER_STEP_UP_HOLD_MINUTES: '15' });
    expect(isLeft(off) && off.left).toBe('LEDGER_STEP_UP_HOLD_MINUTES is set but LEDGER_STEP_UP is not (step-up is off)');
  });
});
