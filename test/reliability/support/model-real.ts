// The real side of the model-based tests: command handlers over a memory or SQLite store, the
// model's commands turned into domain commands, and balances read back from the stored events
// (not from the handler's state), so a test compares the model with what the store holds.
import type { CommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { type EventStore, type StoredEvent, pageSizeMax } from '../../../domain/ports/event-store.ts';
import type { Command } from '../../../domain/commands.ts';
import { AccountId } from '../../../domain/ids.ts';
import { accountStreamId } from '../../../domain/events.ts';
import { charge, decodeOrThrow, openAccount, registerDevice, reverse, text, topUp, verifyDevice } from '../../domain/fixtures.ts';
import type { MoneyCommand } from './money-model.ts';

export const modelAccountIds = ['model-0', 'model-1'].map((id) => decodeOrThrow(AccountId, id));

const accountIdOf = (index: number) => {
  const accountId = modelAccountIds[index];
  if (accountId === undefined) throw new RangeError(`no model account ${index}`);
  return accountId;
};

export const toCommand = (command: MoneyCommand): Command => {
  const accountId = accountIdOf(command.account);
  switch (command.kind) {
    case 'top-up':
      return topUp(command.id, String(command.amount), { accountId });
    case 'charge':
      return charge(command.id, String(command.amount), { accountId });
    case 'reverse':
      return reverse(command.id, { accountId, reason: text(command.reason) });
  }
};

// Opens every model account (JPY: whole amounts, so the model counts in bigint) with a verified
// phone and no money.
export const openModelAccounts = async (handle: CommandHandler): Promise<void> => {
  for (const accountId of modelAccountIds) {
    for (const command of [openAccount({ accountId, currency: 'JPY' }), registerDevice({ accountId }), verifyDevice({ accountId })]) {
      const outcome = await handle(command);
      if (outcome._tag === 'Left') throw new Error(`setting up ${accountId}: ${JSON.stringify(outcome.left.kind)}`);
    }
  }
};

export const streamOf = async (store: EventStore, account: number): Promise<ReadonlyArray<StoredEvent>> => {
  const events: StoredEvent[] = [];
  for (let page = 0; page < 1_000; page += 1) {
    const batch = await store.readStream(accountStreamId(accountIdOf(account)), { fromRevision: events.length, limit: pageSizeMax });
    events.push(...batch);
    if (batch.length < pageSizeMax) return events;
  }
  throw new Error('model account too long');
};

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null;

const amountOf = (event: StoredEvent): bigint => {
  const money: unknown = event.data.amount;
  const amount = isRecord(money) ? money.amount : undefined;
  if (typeof amount !== 'string' || !/^[0-9]+$/.test(amount)) throw new Error(`${event.type} without a whole amount`);
  return BigInt(amount);
};

// Replays a stored account in revision order: its balance, checked never to go negative, and the
// money that came in and went out (conservation: balance = in - out).
export type Replayed = Readonly<{ balance: bigint; moneyIn: bigint; moneyOut: bigint; lowest: bigint }>;

export const replayBalance = (events: ReadonlyArray<StoredEvent>): Replayed => {
  let balance = 0n;
  let moneyIn = 0n;
  let moneyOut = 0n;
  let lowest = 0n;
  for (const event of events) {
    if (event.type === 'WalletToppedUp' || event.type === 'ChargeReversed') {
      balance += amountOf(event);
      moneyIn += amountOf(event);
    } else if (event.type === 'WalletCharged') {
      balance -= amountOf(event);
      moneyOut += amountOf(event);
    }
    if (balance < lowest) lowest = balance;
  }
  return { balance, moneyIn, moneyOut, lowest };
};

export const idOf = (event: StoredEvent): string => {
  const id: unknown = event.data.topUpId ?? event.data.chargeId;
  return typeof id === 'string' ? id : '';
};
