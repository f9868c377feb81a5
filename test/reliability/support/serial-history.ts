// Checks that what a concurrent run stored is a serial history the model accepts: replayed in
// revision order, each stored money event is exactly what the model would have done with its
// command at that point (no overdraft, a decline only when the balance was short, no id twice).
// Then every answer a caller got is checked against that history.
import { expect } from 'vitest';
import type { StoredEvent } from '../../../domain/ports/event-store.ts';
import { type MoneyCommand, MoneyModel, type Observed } from './money-model.ts';
import { idOf } from './model-real.ts';

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null;

const amountOf = (event: StoredEvent): bigint => {
  const money = event.data.amount;
  return isRecord(money) && typeof money.amount === 'string' ? BigInt(money.amount) : -1n;
};

const commandOf = (event: StoredEvent, account: number): Readonly<{ command: MoneyCommand; outcome: string }> | undefined => {
  const id = idOf(event);
  switch (event.type) {
    case 'WalletToppedUp':
      return { command: { kind: 'top-up', account, id, amount: amountOf(event) }, outcome: 'applied' };
    case 'WalletCharged':
      return { command: { kind: 'charge', account, id, amount: amountOf(event) }, outcome: 'applied' };
    case 'ChargeDeclined':
      return { command: { kind: 'charge', account, id, amount: amountOf(event) }, outcome: 'insufficient_funds' };
    case 'ChargeReversed':
      return { command: { kind: 'reverse', account, id, reason: String(event.data.reason) }, outcome: 'applied' };
    default:
      return undefined;
  }
};

export const replaySerially = (streams: ReadonlyArray<ReadonlyArray<StoredEvent>>): MoneyModel => {
  const model = new MoneyModel(streams.length);
  streams.forEach((events, account) => {
    for (const event of events) {
      const step = commandOf(event, account);
      if (step === undefined) continue;
      const expected = model.expect(step.command);
      expect([event.revision, step.command.id, expected.outcome, expected.appends]).toEqual([event.revision, step.command.id, step.outcome, 1]);
      model.apply(step.command, event.position);
    }
  });
  return model;
};

// Every answer must be one the serial history explains.
export const checkAnswers = (model: MoneyModel, answers: ReadonlyArray<readonly [MoneyCommand, Observed]>): Readonly<{ exhausted: number }> => {
  let exhausted = 0;
  for (const [command, observed] of answers) {
    const account = model.accounts[command.account];
    if (account === undefined) throw new RangeError('no account');
    const charge = account.charges.get(command.id);
    const where = JSON.stringify({ ...command, amount: 'amount' in command ? `${command.amount}` : undefined, observed: observed.kind });
    if (observed.kind === 'exhausted') {
      exhausted += 1;
      continue;
    }
    if (observed.kind === 'ok') {
      const topUp = account.topUps.get(command.id);
      const recordedBody = command.kind === 'top-up' ? topUp?.amount : command.kind === 'charge' ? (charge?.declined === false ? charge.amount : undefined) : charge?.reversal?.reason;
      const recordedPosition = command.kind === 'top-up' ? topUp?.position : command.kind === 'charge' ? charge?.position : charge?.reversal?.position;
      const body = command.kind === 'reverse' ? command.reason : command.amount;
      expect([where, recordedBody, recordedPosition]).toEqual([where, body, observed.position]);
      continue;
    }
    switch (observed.code) {
      case 'idempotency_conflict': {
        const earlier = command.kind === 'top-up' ? account.topUps.get(command.id)?.amount : charge?.amount;
        expect([where, earlier !== undefined && 'amount' in command && earlier !== command.amount]).toEqual([where, true]);
        break;
      }
      case 'insufficient_funds':
        expect([where, charge?.declined, charge?.amount]).toEqual([where, true, 'amount' in command ? command.amount : undefined]);
        break;
      case 'charge_already_reversed':
        expect([where, charge?.reversal !== undefined && command.kind === 'reverse' && charge.reversal.reason !== command.reason]).toEqual([where, true]);
        break;
      case 'charge_not_found':
        // The charge may have been made after this reversal was decided: only its kind is checked.
        expect(command.kind).toBe('reverse');
        break;
      default:
        expect.fail(`${where}: unexpected rejection ${observed.code}`);
    }
  }
  return { exhausted };
};
