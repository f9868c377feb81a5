// Seeds a SQLite event store file with many valid events quickly, for the memory bench: rows go
// straight into the store's own schema (sqlite-schema.ts migrations) in large transactions, every
// payload one the domain's codecs decode, each event chained with hash-chain.ts's eventHash (the
// chain's definition). Durability is off while seeding (a crash only costs a re-seed); the server
// turns WAL + synchronous=FULL back on when it opens the file.
import Database from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { eventHash, genesisHash } from '../adapters/event-store/hash-chain.ts';
import { migrate } from '../adapters/event-store/sqlite-schema.ts';

export type SeedPlan = Readonly<{ path: string; eventsTotal: number; accounts: number }>;
export type SeedReport = Readonly<{ events: number; accounts: number; seconds: number }>;

const rowsPerTransaction = 50_000;
const occurredStartMs = Date.parse('2023-01-01T00:00:00.000Z');
const occurredStepMs = 30 * 60_000;
const recordedStartMs = Date.parse('2024-01-01T00:00:00.000Z');
const money = (amount: string) => ({ amount, currency: 'JPY' });

export const seedAccountId = (index: number): string => `mem-${index}`;

// The revision-th event of account `index`: opening, a registered and verified phone of its own
// (shared devices would fire the shared-device rule), then top-ups of 1,000 and charges of 500
// alternating, an hour apart in valid time, so balances stay positive and no fraud rule fires.
const eventOf = (index: number, revision: number): Readonly<{ type: string; occurredAt: string; data: Readonly<Record<string, unknown>> }> => {
  const accountId = seedAccountId(index);
  const occurredAt = new Date(occurredStartMs + revision * occurredStepMs).toISOString();
  const deviceId = `phone-${index}`;
  const base = { accountId, occurredAt };
  if (revision === 0) return { type: 'AccountOpened', occurredAt, data: { ...base, currency: 'JPY', homeCountry: 'JP' } };
  if (revision === 1) return { type: 'DeviceRegistered', occurredAt, data: { ...base, deviceId } };
  if (revision === 2) return { type: 'DeviceVerified', occurredAt, data: { ...base, deviceId, method: 'sms_otp' } };
  if (revision % 2 === 1) {
    return { type: 'WalletToppedUp', occurredAt, data: { ...base, topUpId: `t-${revision}`, amount: money('1000'), source: 'bank' } };
  }
  const charge = { chargeId: `c-${revision}`, amount: money('500'), merchantId: 'm-1', storeId: 's-1', deviceId };
  return { type: 'WalletCharged', occurredAt, data: { ...base, ...charge } };
};

// Writes `eventsTotal` events round-robin over `accounts` accounts (global order interleaves them,
// like a live ledger), into a file that must not exist yet.
export const seedLedgerFile = (plan: SeedPlan, onProgress: (events: number) => void = () => undefined): SeedReport => {
  const started = performance.now();
  const database = new Database(plan.path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = OFF');
  database.pragma('cache_size = -1000000');
  migrate(database, plan.path);
  const insert = database.prepare(
    `INSERT INTO events (stream_id, revision, type, data, occurred_at, recorded_at, hash, previous_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const heads: string[] = Array.from({ length: plan.accounts }, () => genesisHash);
  const writeRows = database.transaction((from: number, to: number) => {
    for (let position = from; position < to; position += 1) {
      const index = position % plan.accounts;
      const revision = Math.floor(position / plan.accounts);
      const streamId = `account-${seedAccountId(index)}`;
      const { type, occurredAt, data } = eventOf(index, revision);
      const recordedAt = new Date(recordedStartMs + position).toISOString();
      const dataJson = canonicalize(data) ?? '{}';
      const previousHash = heads[index] ?? genesisHash;
      const hash = eventHash({ streamId, revision, type, data, occurredAt, recordedAt, previousHash });
      insert.run(streamId, revision, type, dataJson, occurredAt, recordedAt, hash, previousHash);
      heads[index] = hash;
    }
  });
  try {
    for (let from = 0; from < plan.eventsTotal; from += rowsPerTransaction) {
      writeRows(from, Math.min(plan.eventsTotal, from + rowsPerTransaction));
      onProgress(Math.min(plan.eventsTotal, from + rowsPerTransaction));
    }
    database.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    database.close();
  }
  return { events: plan.eventsTotal, accounts: plan.accounts, seconds: (performance.now() - started) / 1000 };
};
