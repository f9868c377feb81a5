// Commander's own usage errors (unknown option, missing argument, unknown command) in the same
// one-line form as every other CLI failure (cli-failure.ts): `wallet-ledger <command>: <reason>`,
// not commander's `error: ...` with a suggestion on a second line.
import type { Command } from 'commander';

const commandPath = (command: Command): string => {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) names.unshift(current.name());
  return names.join(' ');
};

export const oneLineError = (path: string, text: string): string =>
  `${path}: ${text.replace(/^error:\s*/, '').split('\n').map((line) => line.trim()).filter((line) => line !== '').join(' ')}\n`;

export const oneLineErrorsEverywhere = (command: Command): void => {
  command.configureOutput({ outputError: (text, write) => write(oneLineError(commandPath(command), text)) });
  for (const subcommand of command.commands) oneLineErrorsEverywhere(subcommand);
};
