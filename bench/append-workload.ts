// The commands and events the append bench writes: wallet top-ups, built through the domain's
// codecs (no casts), so the command path does all of its real work (decide, evolve, encode).
import type Decimal from 'decimal.js';
import { type Either, isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import type { CommandFailure, CommandResult } from '../adapters/command-handling/command-handler.ts';
import type { NewEvent } from '../domain/ports/event-store.ts';
import { toNewEvent } from '../adapters/event-store/ledger-events.ts';
import type { OpenAccount, TopUpWallet } from '../domain/commands.ts';
import { AccountId, CountryCode, Text, TopUpId } from '../domain/ids.ts';
import { type Instant, InstantCodec } from '../domain/instant.ts';
import { PositiveAmountCodec, money } from '../domain/money.ts';

const decoded = <A, O>(codec: t.Type<A, O, unknown>, input: unknown): A => {
  const result = codec.decode(input);
  if (isLeft(result)) throw new Error(`bench workload: ${JSON.stringify(input)} is not a valid ${codec.name}`);
  return result.right;
};

const openedAt: Instant = decoded(InstantCodec, '2024-03-01T09:00:00.000Z');
const toppedUpAt: Instant = decoded(InstantCodec, '2024-03-01T10:00:00.000Z');
const amount: Decimal = decoded(PositiveAmountCodec, '25.00');
const source = decoded(Text, 'bank transfer');

export const openAccount = (account: string): OpenAccount => ({
  kind: 'OpenAccount', accountId: decoded(AccountId, account), currency: 'USD',
  homeCountry: decoded(CountryCode, 'US'), occurredAt: openedAt,
});

export const topUpWallet = (account: string, index: number): TopUpWallet => ({
  kind: 'TopUpWallet', accountId: decoded(AccountId, account), topUpId: decoded(TopUpId, `${account}-top-up-${index}`),
  amount, source, occurredAt: toppedUpAt,
});

export const walletToppedUp = (account: string, index: number): NewEvent =>
  toNewEvent({
    type: 'WalletToppedUp',
    data: {
      accountId: decoded(AccountId, account), topUpId: decoded(TopUpId, `${account}-top-up-${index}`),
      amount: money(amount, 'USD'), source, occurredAt: toppedUpAt,
    },
  });

export const succeeded = (outcome: Either<CommandFailure, CommandResult>): CommandResult => {
  if (isLeft(outcome)) throw new Error(`bench: a command failed: ${JSON.stringify(outcome.left)}`);
  return outcome.right;
};
