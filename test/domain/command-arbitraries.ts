// fast-check generators of command sequences on one account, drawn from small pools of ids, amounts
// and times so that retries (same id, same body), conflicts (same id, other body), reversals,
// freezes and device changes all happen often. `runCommands` plays them the way the command path
// does: decide, then append either the decided events or the declined-attempt evidence.
import fc from 'fast-check';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Command } from '../../domain/commands.ts';
import { type Decision, decide } from '../../domain/decide.ts';
import { declinedAttempt } from '../../domain/decline.ts';
import type { LedgerEvent } from '../../domain/events.ts';
import { evolve } from '../../domain/evolve.ts';
import type { DeviceId } from '../../domain/ids.ts';
import type { Currency } from '../../domain/money.ts';
import { type AccountState, initialState } from '../../domain/state.ts';
import {
  at, charge, deviceId, freeze, incidentId, loginId, openAccount, recordLogin, registerDevice, removeDevice, reverse, text, topUp,
  unfreeze, verifyDevice,
} from './fixtures.ts';

export const devices = ['d1', 'd2', 'd3'].map(deviceId);
const chargeIds = Array.from({ length: 12 }, (_, index) => `c${index + 1}`);
const topUpIds = ['t1', 't2', 't3', 't4'];
// Two spellings of one instant and a second instant.
const times = ['2024-03-01T10:00:00Z', '2024-03-01T19:00:00+09:00', '2024-03-02T10:00:00Z'].map(at);
const reasons = ['fraud', 'customer request'].map(text);

const cents = fc.integer({ min: 1, max: 20_000 });
const twoDigits = (value: number): string => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
// Amounts as callers write them: "12.50", "12.5", "12", and now and then too many fraction digits.
const centAmounts = fc.oneof(
  { weight: 4, arbitrary: cents.map(twoDigits) },
  { weight: 2, arbitrary: cents.map((value) => twoDigits(value).replace(/\.?0+$/, '')) },
);
const wholeAmounts = fc.integer({ min: 1, max: 150 }).map(String);
const tooFine = fc.constantFrom('1.005', '0.001');
export const amountText = (currency: Currency) =>
  currency === 'JPY'
    ? fc.oneof({ weight: 8, arbitrary: wholeAmounts }, { weight: 1, arbitrary: centAmounts }, { weight: 1, arbitrary: tooFine })
    : fc.oneof({ weight: 6, arbitrary: centAmounts }, { weight: 2, arbitrary: wholeAmounts }, { weight: 1, arbitrary: tooFine });

const pick = <T>(values: ReadonlyArray<T>) => fc.constantFrom(...values);
const time = pick(times);
const device = pick(devices);
// Charges come mostly from the device the usual set-up verifies.
const chargingDevice = fc.oneof({ weight: 3, arbitrary: fc.constant(devices[0] as DeviceId) }, { weight: 1, arbitrary: device });
// Mostly no currency on the command; sometimes the account's, sometimes another.
const currencyOnCommand = (accountCurrency: Currency) =>
  fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: pick<Currency>([accountCurrency, 'EUR']) });
const withCurrency = (currency: Currency | null) => (currency === null ? {} : { currency });

export const commandArbitrary = (accountCurrency: Currency): fc.Arbitrary<Command> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.record({ occurredAt: time }).map((o) => openAccount({ ...o, currency: accountCurrency })) },
    { weight: 2, arbitrary: fc.record({ deviceId: device, occurredAt: time }).map(registerDevice) },
    {
      weight: 2,
      arbitrary: fc.record({ deviceId: device, occurredAt: time, method: pick(['sms_otp', 'passkey'] as const) }).map(verifyDevice),
    },
    { weight: 1, arbitrary: fc.record({ deviceId: device, occurredAt: time }).map(removeDevice) },
    {
      weight: 1,
      arbitrary: fc.record({ loginId: pick(['l1', 'l2'].map(loginId)), deviceId: device, outcome: pick(['succeeded', 'failed'] as const) })
        .map(recordLogin),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(pick(topUpIds), amountText(accountCurrency), time, currencyOnCommand(accountCurrency))
        .map(([id, value, occurredAt, currency]) => topUp(id, value, { occurredAt, ...withCurrency(currency) })),
    },
    {
      weight: 8,
      arbitrary: fc.tuple(pick(chargeIds), amountText(accountCurrency), chargingDevice, time, currencyOnCommand(accountCurrency))
        .map(([id, value, deviceId, occurredAt, currency]) => charge(id, value, { deviceId, occurredAt, ...withCurrency(currency) })),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(pick(chargeIds), pick(reasons), fc.option(pick(['i1', 'i2'].map(incidentId)), { nil: undefined }), time)
        .map(([id, reason, incident, occurredAt]) => reverse(id, { reason, occurredAt, ...(incident === undefined ? {} : { incidentId: incident }) })),
    },
    { weight: 1, arbitrary: fc.record({ reason: pick(reasons), occurredAt: time }).map(freeze) },
    { weight: 2, arbitrary: fc.record({ reason: pick(reasons), occurredAt: time }).map(unfreeze) },
  );

// A sequence that usually starts with an open account and a verified device (so charges get as far
// as the funds check), with exact retries of earlier commands mixed in (`repeat` picks one by index).
export const scenarioArbitrary = fc.constantFrom<Currency>('USD', 'USD', 'JPY').chain((currency) =>
  fc.record({
    currency: fc.constant(currency),
    prefixLength: fc.constantFrom(0, 1, 3, 3, 3, 3),
    steps: fc.array(
      fc.oneof({ weight: 6, arbitrary: commandArbitrary(currency) }, { weight: 1, arbitrary: fc.nat().map((repeat) => ({ repeat })) }),
      { minLength: 1, maxLength: 60, size: 'max' },
    ),
  }).map(({ prefixLength, steps }) => {
    const [first] = devices;
    const setUp = [
      openAccount({ currency, occurredAt: times[0] }),
      registerDevice({ deviceId: first, occurredAt: times[0] }),
      verifyDevice({ deviceId: first, occurredAt: times[0] }),
    ];
    const commands: Command[] = setUp.slice(0, prefixLength);
    for (const step of steps) {
      if ('kind' in step) commands.push(step);
      else if (commands.length > 0) commands.push(commands[step.repeat % commands.length] as Command);
    }
    return { currency, commands };
  }),
);

export type Step = Readonly<{ command: Command; before: AccountState; decision: Decision; appended: ReadonlyArray<LedgerEvent> }>;

// What the command path would append for one command.
export const eventsToAppend = (command: Command, state: AccountState): { decision: Decision; appended: ReadonlyArray<LedgerEvent> } => {
  const decision = decide(command, state);
  const appended = isLeft(decision) ? declinedAttempt(command, decision.left, state) : decision.right;
  return { decision, appended };
};

export const runCommands = (commands: ReadonlyArray<Command>) => {
  let state = initialState();
  const events: LedgerEvent[] = [];
  const steps: Step[] = [];
  for (const command of commands) {
    const { decision, appended } = eventsToAppend(command, state);
    steps.push({ command, before: state, decision, appended });
    state = appended.reduce(evolve, state);
    events.push(...appended);
  }
  return { state, events, steps };
};
