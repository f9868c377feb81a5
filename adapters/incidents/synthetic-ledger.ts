// A large synthetic ledger for the incident benchmark (and its scaled-down test): accounts with a
// verified home phone, a top-up and a month of ordinary logins and charges; some of them taken
// over on the incident day (a foreign login, an attacker phone registered and verified, fraudulent
// charges). Events are written straight to the store in big per-account appends (the store still
// stamps and hash-chains them), which is what makes a million events seed in seconds; their data
// is exactly what the command path would have produced, so every fold and decode accepts it.
import type { AppendOutcome, EventStore, NewEvent } from '../../domain/ports/event-store.ts';
import { expectExact, expectNoStream } from '../../domain/ports/event-store.ts';
import { accountStreamId } from '../../domain/events.ts';
import { literal } from './scenario-ids.ts';
import { AccountId } from '../../domain/ids.ts';

export type SyntheticLedgerOptions = Readonly<{
  accounts: number;
  eventsPerAccount: number;
  victims: number;
  fraudulentChargesPerVictim: number;
  // Appends in flight at once (the store's group commit writes them in one transaction).
  appendsInFlightMax?: number;
}>;

export type SyntheticLedger = Readonly<{ events: number; fraudulentCharges: number; fraudulentYen: bigint; victims: number }>;

const dayMs = 86_400_000;
const monthStartMs = Date.parse('2019-06-03T00:00:00.000Z');
export const incidentDayStart = '2019-07-02T15:00:00.000Z';
export const incidentDayEnd = '2019-07-03T15:00:00.000Z';
const incidentStartMs = Date.parse(incidentDayStart);
const fraudChargeYen = 30_000;

const iso = (ms: number): string => new Date(ms).toISOString();
const event = (type: string, data: Record<string, unknown>): NewEvent => ({ type, data, occurredAt: String(data.occurredAt) });
const yen = (amount: number) => ({ amount: String(amount), currency: 'JPY' });

const accountName = (n: number): string => `acct-${String(n).padStart(7, '0')}`;

const ordinaryEvents = (accountId: string, n: number, count: number, phone: string): NewEvent[] => {
  const events: NewEvent[] = [];
  // Spread over 30 days, in time order; every fourth event is a login, the others are charges.
  for (let i = 0; i < count; i += 1) {
    const at = iso(monthStartMs + dayMs + Math.floor(((i + 1) * 29 * dayMs) / (count + 1)) + (n % 600) * 1000);
    if (i % 4 === 0) {
      events.push(event('LoginRecorded', { accountId, loginId: `login-${i}`, deviceId: phone, ipAddress: '198.51.100.10', country: 'JP', outcome: 'succeeded', occurredAt: at }));
    } else {
      events.push(event('WalletCharged', { accountId, chargeId: `charge-${i}`, amount: yen(100 + ((n * 7 + i * 13) % 4900)), merchantId: 'merchant-1', storeId: 'store-tokyo-shibuya', deviceId: phone, occurredAt: at }));
    }
  }
  return events;
};

const takeoverEvents = (accountId: string, n: number, charges: number): NewEvent[] => {
  const phone = `attacker-phone-${n % 97}`;
  const t0 = incidentStartMs + 3_600_000 + (n % 36_000) * 1000;
  return [
    event('LoginRecorded', { accountId, loginId: 'login-attacker', deviceId: phone, ipAddress: '203.0.113.9', country: 'CN', outcome: 'succeeded', occurredAt: iso(t0) }),
    event('DeviceRegistered', { accountId, deviceId: phone, occurredAt: iso(t0 + 60_000) }),
    event('DeviceVerified', { accountId, deviceId: phone, method: 'sms_otp', occurredAt: iso(t0 + 120_000) }),
    ...Array.from({ length: charges }, (_, i) =>
      event('WalletCharged', { accountId, chargeId: `charge-fraud-${i}`, amount: yen(fraudChargeYen), merchantId: 'merchant-2', storeId: 'store-tokyo-shinjuku', deviceId: phone, occurredAt: iso(t0 + (3 + i) * 60_000) }),
    ),
  ];
};

export const accountEvents = (n: number, options: SyntheticLedgerOptions): NewEvent[] => {
  const accountId = accountName(n);
  const phone = `phone-${accountId}`;
  const opened = monthStartMs + (n % 3600) * 1000;
  const head = [
    event('AccountOpened', { accountId, currency: 'JPY', homeCountry: 'JP', occurredAt: iso(opened) }),
    event('DeviceRegistered', { accountId, deviceId: phone, occurredAt: iso(opened + 1000) }),
    event('DeviceVerified', { accountId, deviceId: phone, method: 'sms_otp', occurredAt: iso(opened + 2000) }),
    event('WalletToppedUp', { accountId, topUpId: 'topup-1', amount: yen(1_000_000), source: 'bank transfer', occurredAt: iso(opened + 3000) }),
  ];
  const isVictim = n < options.victims;
  const takeover = isVictim ? takeoverEvents(accountId, n, options.fraudulentChargesPerVictim) : [];
  const ordinaryCount = options.eventsPerAccount - head.length - takeover.length;
  if (ordinaryCount < 0) throw new RangeError('synthetic ledger: eventsPerAccount too small for a takeover');
  // The takeover happens on the incident day, between the ordinary events of that day.
  const ordinary = ordinaryEvents(accountId, n, ordinaryCount, phone);
  const merged = [...ordinary, ...takeover].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  return [...head, ...merged];
};

export const syntheticAccountId = (n: number): AccountId => literal(AccountId, accountName(n));

// Events per append. The seeded events are independent facts, not one command's events, so an
// account's history may be split; each part must stay under EventStoreDB's maximum append size
// (1 MiB by default, refused by the adapter above it): 1,000 synthetic events are ~500 KB.
export const seedAppendEventsMax = 1_000;

// One account's history in appends of at most seedAppendEventsMax events, each chained to the
// revision the previous one ended at.
const appendAccount = async (store: EventStore, streamId: string, events: ReadonlyArray<NewEvent>): Promise<AppendOutcome> => {
  let outcome: AppendOutcome = { kind: 'appended', streamId, events: [] };
  for (let first = 0; first < events.length; first += seedAppendEventsMax) {
    const expected = first === 0 ? expectNoStream : expectExact(first - 1);
    outcome = await store.append(streamId, events.slice(first, first + seedAppendEventsMax), expected);
    if (outcome.kind === 'conflict') return outcome;
  }
  return outcome;
};

export const seedSyntheticLedger = async (store: EventStore, options: SyntheticLedgerOptions): Promise<SyntheticLedger> => {
  const inFlightMax = options.appendsInFlightMax ?? 200;
  let events = 0;
  for (let first = 0; first < options.accounts; first += inFlightMax) {
    const batch = Array.from({ length: Math.min(inFlightMax, options.accounts - first) }, (_, i) => first + i);
    const outcomes = await Promise.all(
      batch.map((n) => {
        const stream = accountEvents(n, options);
        events += stream.length;
        return appendAccount(store, accountStreamId(syntheticAccountId(n)), stream);
      }),
    );
    const conflict = outcomes.find((outcome) => outcome.kind === 'conflict');
    if (conflict !== undefined) throw new Error(`synthetic ledger: ${conflict.streamId} already exists`);
  }
  const fraudulentCharges = Math.min(options.victims, options.accounts) * options.fraudulentChargesPerVictim;
  return { events, fraudulentCharges, fraudulentYen: BigInt(fraudulentCharges) * BigInt(fraudChargeYen), victims: Math.min(options.victims, options.accounts) };
};
