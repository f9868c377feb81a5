// Every command and subcommand of the built program has a description and a --help of its own
// (in process: no child needed to read commander's configuration).
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../adapters/cli/program.ts';

const everyCommand = (command: Command, path: ReadonlyArray<string>): ReadonlyArray<readonly [string, Command]> =>
  command.commands.flatMap((sub) => [[[...path, sub.name()].join(' '), sub] as const, ...everyCommand(sub, [...path, sub.name()])]);

describe('the wallet-ledger program', () => {
  const commands = everyCommand(buildProgram(), []);

  it('has the commands of the issue', () => {
    expect(commands.map(([name]) => name)).toEqual([
      'serve', 'history', 'balance', 'audit', 'incident', 'incident dry-run', 'incident run',
      'approvals', 'approvals list', 'approvals show', 'approvals approve', 'approvals reject', 'reimbursements', 'alerts', 'rules', 'rules what-if', 'demo',
      'projections', 'projections status', 'projections rebuild', 'project', 'backup', 'restore', 'export', 'verify', 'witness',
    ]);
  });

  it.each(commands)('%s has a description and --help', (name, command) => {
    expect(command.description()).not.toBe('');
    const help = command.helpInformation();
    expect(help).toContain(`Usage: wallet-ledger ${name}`);
    expect(help).toContain('-h, --help');
  });
});
