// Plays a scripted list of commands through the command handler, in order, and fails loudly on
// the first one refused: a scenario that does not happen as written would test nothing.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import type { Command } from '../../domain/commands.ts';

export const runCommands = async (handle: CommandHandler, commands: ReadonlyArray<Command>, issuedBy?: string): Promise<void> => {
  for (const command of commands) {
    const outcome = await handle(command, issuedBy);
    if (isLeft(outcome)) {
      const why = outcome.left.kind === 'rejected' ? outcome.left.rejection.code : outcome.left.kind;
      throw new Error(`scenario: ${command.kind} on ${command.accountId} at ${command.occurredAt} refused: ${why}`);
    }
  }
};
