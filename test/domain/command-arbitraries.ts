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
import type { ChargeId, DeviceId } from '../../domain/ids.ts';
import type { Currency } from '../../domain/money.ts';
import { type AccountState, initialState } from '../../domain/state.ts';
import {
  amount, at, capture, charge, deviceId, expireHold, freeze, hold, incidentId, loginId, openAccount, recordLogin, registerDevice,
  removeDevice, reverse, text, topUp, unfreeze, verifyDevice, voidHold,
} from './fixtures.ts';

export const devices = ['d1', 'd2', 'd3'].map(deviceId);
const chargeIds = Array.from({ length: 12 }, (_, index) => `c${index + 1}`);
// Holds draw their own ids, so that they are not mostly conflicts with plain charges; settling
// commands draw from both (a plain charge answers charge_not_held), and the scenario points most
// of them at a hold placed earlier in the sequence.
const holdIds = Array.from({ length: 24 }, (_, index) => `h${index + 1}`);
const settledIds = [...holdIds, 'c1', 'c2'];
const topUpIds = ['t1', 't2', 't3', 't4'];
// Two spellings of one instant and a second instant.
const times = ['2024-03-01T10:00:00Z', '2024-03-01T19:00:00+09:00', '2024-03-02T10:00:00Z'].map(at);
const reasons = ['fraud', 'customer request'].map(text);
// The ledger's clock for hold commands: before the default expiry (7 days on) and after it.
const ledgerTimes = ['2024-03-02T10:00:00Z', '2024-03-05T00:00:00Z', '2024-03-12T00:00:00Z'].map(at);
// Asked expiries: mostly none (the default), one inside the 30 days, one already past.
const askedExpiries = [undefined, undefined, undefined, at('2024-03-20T00:00:00Z'), at('2024-03-01T00:00:00Z')];

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

// Placing and settling holds (holdScenarioArbitrary).
const holdCommandArbitraries = (accountCurrency: Currency): ReadonlyArray<fc.WeightedArbitrary<Command>> => [
  {
    weight: 4,
    arbitrary: fc.tuple(pick(holdIds), amountText(accountCurrency), chargingDevice, time, pick(ledgerTimes.slice(0, 2)), pick(askedExpiries))
      .map(([id, value, deviceId, occurredAt, ledgerTime, expiresAt]) =>
        hold(id, value, { deviceId, occurredAt, hold: { ledgerTime, ...(expiresAt === undefined ? {} : { expiresAt }) } })),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(pick(settledIds), fc.option(amountText(accountCurrency), { nil: undefined }), time, pick(ledgerTimes))
      .map(([id, value, occurredAt, ledgerTime]) => capture(id, { occurredAt, ledgerTime, ...(value === undefined ? {} : { amount: amount(value) }) })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(pick(settledIds), pick(reasons), time, pick(ledgerTimes))
      .map(([id, reason, occurredAt, ledgerTime]) => voidHold(id, { reason, occurredAt, ledgerTime })),
  },
  { weight: 2, arbitrary: fc.tuple(pick(settledIds), pick(ledgerTimes)).map(([id, occurredAt]) => expireHold(id, { occurredAt })) },
];

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

// Appends the steps to `commands`, pointing three settling commands in four at a hold placed
// earlier in the sequence (a random id would almost never name one). `repeat` steps resend an
// earlier command exactly.
const pointSettlementsAtHolds = (steps: ReadonlyArray<Command | { repeat: number }>, commands: Command[]): void => {
  const holds: ChargeId[] = [];
  for (const [index, step] of steps.entries()) {
    if (!('kind' in step)) {
      if (commands.length > 0) commands.push(commands[step.repeat % commands.length] as Command);
      continue;
    }
    if (step.kind === 'ChargeWallet' && step.hold !== undefined) holds.push(step.chargeId);
    const earlierHold = holds[(index * 7) % Math.max(holds.length, 1)];
    const settles = step.kind === 'CaptureHeldCharge' || step.kind === 'VoidHold' || step.kind === 'ExpireHold';
    commands.push(settles && earlierHold !== undefined && index % 4 !== 0 ? { ...step, chargeId: earlierHold } : step);
  }
};

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
    pointSettlementsAtHolds(steps, commands);
    return { currency, commands };
  }),
);

// A sequence on a funded account with a verified device where holds are placed and settled often:
// enough of them get as far as the funds check and each settlement that the properties bite.
export const holdScenarioArbitrary = fc.constantFrom<Currency>('USD', 'JPY').chain((currency) =>
  fc.array(
    fc.oneof(
      ...holdCommandArbitraries(currency),
      { weight: 3, arbitrary: fc.tuple(pick(chargeIds), amountText(currency), time).map(([id, value, occurredAt]) => charge(id, value, { deviceId: devices[0], occurredAt })) },
      { weight: 1, arbitrary: fc.tuple(pick(topUpIds), amountText(currency), time).map(([id, value, occurredAt]) => topUp(id, value, { occurredAt })) },
      { weight: 1, arbitrary: fc.tuple(pick(chargeIds), time).map(([id, occurredAt]) => reverse(id, { occurredAt })) },
      { weight: 1, arbitrary: fc.constantFrom(freeze({ occurredAt: times[0] }), unfreeze({ occurredAt: times[0] })) },
    ),
    { minLength: 1, maxLength: 40 },
  ).map((steps) => {
    const [first] = devices;
    const commands: Command[] = [
      openAccount({ currency, occurredAt: times[0] }),
      registerDevice({ deviceId: first, occurredAt: times[0] }),
      verifyDevice({ deviceId: first, occurredAt: times[0] }),
      topUp('t0', '300', { occurredAt: times[0] }),
    ];
    pointSettlementsAtHolds(steps, commands);
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

// Either kind of sequence: the general one and the hold-heavy one.
export const anyScenarioArbitrary = fc.oneof({ weight: 2, arbitrary: scenarioArbitrary }, { weight: 1, arbitrary: holdScenarioArbitrary });
