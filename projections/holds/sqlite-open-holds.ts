// The holds view in the read models' SQLite file, under the one projection runner (in the read
// side's worker by default): one row per hold ever placed, with its expiry and the stamps of its
// placement and settlement (capture, void or expiry), written in the batch's transaction with the
// checkpoint. Open holds are indexed by expiry (a partial index), so the hold-expiry process reads
// the due ones without a scan; the held balance reads one account's rows.
import type { Database } from 'better-sqlite3';
import * as t from 'io-ts';
import { AccountId, ChargeId } from '../../domain/ids.ts';
import { InstantCodec } from '../../domain/instant.ts';
import { CurrencyCodec, LedgerDecimal, formatAmount, money } from '../../domain/money.ts';
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import type { Projection } from '../runner/projection.ts';
import { type HoldRecord, heldAt } from './held-balance.ts';
import { HeldFields, type HoldsReader, SettledFields, decodeWith, holdEventTypes, openHoldsProjectionName, stampOf } from './open-holds.ts';

export type SqliteOpenHolds = HoldsReader & Readonly<{ projection: Projection<Database> }>;

const DueRow = t.type({ account_id: AccountId, charge_id: ChargeId, expires_at: InstantCodec });
const RecordRow = t.type({
  currency: CurrencyCodec, amount: t.string, held_occurred_at: InstantCodec, held_recorded_at: InstantCodec,
  settled_occurred_at: t.union([InstantCodec, t.null]), settled_recorded_at: t.union([InstantCodec, t.null]),
});

const decodeRow = <A>(codec: t.Decoder<unknown, A>, row: unknown): A => {
  const decoded = codec.decode(row);
  if (decoded._tag === 'Left') throw new Error('open holds: a stored row does not decode');
  return decoded.right;
};

const recordOf = (row: t.TypeOf<typeof RecordRow>): HoldRecord => ({
  amount: money(new LedgerDecimal(row.amount), row.currency),
  held: { occurredAt: row.held_occurred_at, recordedAt: row.held_recorded_at },
  ...(row.settled_occurred_at === null || row.settled_recorded_at === null
    ? {} : { settled: { occurredAt: row.settled_occurred_at, recordedAt: row.settled_recorded_at } }),
});

export const createSqliteOpenHolds = (database: Database): SqliteOpenHolds => {
  // A read-only connection (the API's) finds the table the runner created.
  if (!database.readonly) database.exec(`
    CREATE TABLE IF NOT EXISTS projection_holds (
      account_id TEXT NOT NULL, charge_id TEXT NOT NULL, currency TEXT NOT NULL, amount TEXT NOT NULL, expires_at TEXT NOT NULL,
      held_occurred_at TEXT NOT NULL, held_recorded_at TEXT NOT NULL, settled_occurred_at TEXT, settled_recorded_at TEXT,
      PRIMARY KEY (account_id, charge_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS projection_holds_open_by_expiry ON projection_holds (expires_at) WHERE settled_occurred_at IS NULL;`);
  const write = database.readonly ? undefined : {
    held: database.prepare(
      'INSERT OR REPLACE INTO projection_holds (account_id, charge_id, currency, amount, expires_at, held_occurred_at, held_recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    settled: database.prepare(
      'UPDATE projection_holds SET settled_occurred_at = ?, settled_recorded_at = ? WHERE account_id = ? AND charge_id = ? AND settled_occurred_at IS NULL',
    ),
  };
  const due = database.prepare<[string, number]>(
    'SELECT account_id, charge_id, expires_at FROM projection_holds WHERE settled_occurred_at IS NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?',
  );
  const records = database.prepare<[string, string, string]>(
    'SELECT currency, amount, held_occurred_at, held_recorded_at, settled_occurred_at, settled_recorded_at FROM projection_holds '
      + 'WHERE account_id = ? AND held_occurred_at <= ? AND held_recorded_at <= ?',
  );
  const openCount = database.prepare('SELECT count(*) FROM projection_holds WHERE settled_occurred_at IS NULL').pluck();

  const apply = (stored: StoredEvent): void => {
    if (write === undefined) throw new Error('open holds: read-only connection');
    const stamp = stampOf(stored);
    if (stored.type === 'ChargeHeld') {
      const { accountId, chargeId, holdExpiresAt, amount } = decodeWith(HeldFields, stored);
      write.held.run(accountId, chargeId, amount.currency, formatAmount(amount), holdExpiresAt, stamp.occurredAt, stamp.recordedAt);
      return;
    }
    const { accountId, chargeId } = decodeWith(SettledFields, stored);
    write.settled.run(stamp.occurredAt, stamp.recordedAt, accountId, chargeId);
  };
  const applyBatch = (_tx: Database, events: ReadonlyArray<StoredEvent>): void => {
    for (const stored of events) apply(stored);
  };

  return {
    projection: {
      name: openHoldsProjectionName,
      eventTypes: holdEventTypes,
      applyBatch,
      reset: () => {
        database.exec('DELETE FROM projection_holds');
      },
      // A first build reads only the four hold types, in large transactions.
      bulkRebuild: { begin: () => undefined, applyBatch, finish: () => undefined },
    },
    due: (now, limit) => due.all(now, limit).map((row) => {
      const decoded = decodeRow(DueRow, row);
      return { accountId: decoded.account_id, chargeId: decoded.charge_id, expiresAt: decoded.expires_at };
    }),
    size: () => Number(openCount.get()),
    heldBalance: (accountId, currency, asOf, knownAt) =>
      heldAt(records.all(accountId, asOf, knownAt).map((row) => recordOf(decodeRow(RecordRow, row))), currency, asOf, knownAt),
  };
};
