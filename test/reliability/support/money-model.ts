// The reference model for the model-based tests: the money commands of a wallet, written as
// plainly as possible (integers, maps), independent of decide/evolve. It predicts the outcome of
// each command from the ones before it, and replays a stored history to check a concurrent run.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { CommandResult, CommandFailure } from '../../../adapters/command-handling/command-handler.ts';
import type { Either } from 'fp-ts/lib/Either.js';

export type MoneyCommand =
  | Readonly<{ kind: 'top-up'; account: number; id: string; amount: bigint }>
  | Readonly<{ kind: 'charge'; account: number; id: string; amount: bigint }>
  | Readonly<{ kind: 'reverse'; account: number; id: string; reason: string }>;

// What the handler answered, reduced to what the model can predict.
export type Observed =
  | Readonly<{ kind: 'ok'; position: bigint; replayed: boolean }>
  | Readonly<{ kind: 'rejected'; code: string }>
  | Readonly<{ kind: 'exhausted' }>;

export const observe = (outcome: Either<CommandFailure, CommandResult>): Observed => {
  if (!isLeft(outcome)) return { kind: 'ok', position: outcome.right.event.position, replayed: outcome.right.replayed };
  return outcome.left.kind === 'rejected' ? { kind: 'rejected', code: outcome.left.rejection.code } : { kind: 'exhausted' };
};

type ChargeEntry = { amount: bigint; declined: boolean; position?: bigint; reversal?: { reason: string; position?: bigint } };
type AccountModel = { balance: bigint; topUps: Map<string, { amount: bigint; position?: bigint }>; charges: Map<string, ChargeEntry> };

// What the model expects: an outcome and how many events the command appends.
export type Expected = Readonly<{ outcome: 'applied' | 'replayed' | string; appends: number; position?: bigint }>;

export class MoneyModel {
  readonly accounts: AccountModel[];

  constructor(accountCount: number) {
    this.accounts = Array.from({ length: accountCount }, () => ({ balance: 0n, topUps: new Map(), charges: new Map() }));
  }

  private account(index: number): AccountModel {
    const account = this.accounts[index];
    if (account === undefined) throw new RangeError(`model: no account ${index}`);
    return account;
  }

  // Predicts the outcome, without changing the model.
  expect(command: MoneyCommand): Expected {
    const account = this.account(command.account);
    switch (command.kind) {
      case 'top-up': {
        const earlier = account.topUps.get(command.id);
        if (earlier === undefined) return { outcome: 'applied', appends: 1 };
        return earlier.amount === command.amount ? { outcome: 'replayed', appends: 0, position: earlier.position } : { outcome: 'idempotency_conflict', appends: 0 };
      }
      case 'charge': {
        const earlier = account.charges.get(command.id);
        if (earlier !== undefined) {
          if (earlier.amount !== command.amount) return { outcome: 'idempotency_conflict', appends: 0 };
          return earlier.declined ? { outcome: 'insufficient_funds', appends: 0 } : { outcome: 'replayed', appends: 0, position: earlier.position };
        }
        return account.balance >= command.amount ? { outcome: 'applied', appends: 1 } : { outcome: 'insufficient_funds', appends: 1 };
      }
      case 'reverse': {
        const charge = account.charges.get(command.id);
        if (charge === undefined || charge.declined) return { outcome: 'charge_not_found', appends: 0 };
        if (charge.reversal === undefined) return { outcome: 'applied', appends: 1 };
        return charge.reversal.reason === command.reason
          ? { outcome: 'replayed', appends: 0, position: charge.reversal.position }
          : { outcome: 'charge_already_reversed', appends: 0 };
      }
    }
  }

  // Records the command as the store recorded it (`position` of its event when it appended one).
  apply(command: MoneyCommand, position: bigint | undefined): void {
    const account = this.account(command.account);
    const expected = this.expect(command);
    if (expected.appends === 0) return;
    switch (command.kind) {
      case 'top-up':
        account.topUps.set(command.id, { amount: command.amount, position });
        account.balance += command.amount;
        return;
      case 'charge': {
        const declined = expected.outcome === 'insufficient_funds';
        account.charges.set(command.id, { amount: command.amount, declined, position });
        if (!declined) account.balance -= command.amount;
        return;
      }
      case 'reverse': {
        const charge = account.charges.get(command.id);
        if (charge === undefined) throw new Error('model: reversing an unknown charge');
        charge.reversal = { reason: command.reason, position };
        account.balance += charge.amount;
      }
    }
  }
}
