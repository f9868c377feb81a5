// The reimbursement projection in the read file: the fold of reimbursements.ts persisted, one row
// per (incident, account) with the count and exact sum (decimal text) of the reversed charges, and
// the declared incidents. Each fact is applied with the fold's own step (reimburseCharge) to the
// row it touches. Written inside the runner's batch transaction, so rows and checkpoint never disagree.
import type { Database } from 'better-sqlite3';
import * as t from 'io-ts';
import { AccountId, type IncidentId } from '../../domain/ids.ts';
import { CurrencyCodec, LedgerDecimal, formatAmount, money } from '../../domain/money.ts';
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import type { Projection } from '../runner/projection.ts';
import { type ReimbursementsReader, reimbursementsProjectionName, reimbursementsProjectionTypes } from './reimbursements-projection.ts';
import { reimbursementFactOf } from './reimbursement-facts.ts';
import { type AccountReimbursement, reimburseCharge, reimbursementsFromRows } from './reimbursements.ts';

const RowCodec = t.type({ account_id: AccountId, currency: CurrencyCodec, charges: t.number, amount: t.string });

export const createSqliteReimbursements = (database: Database): ReimbursementsReader & { projection: Projection<Database> } => {
  // A read-only connection (the API's) finds the tables the runner created.
  if (!database.readonly) database.exec(`
    CREATE TABLE IF NOT EXISTS projection_reimbursement_incidents (incident_id TEXT PRIMARY KEY) STRICT;
    CREATE TABLE IF NOT EXISTS projection_reimbursements (
      incident_id TEXT NOT NULL, account_id TEXT NOT NULL, currency TEXT NOT NULL,
      charges INTEGER NOT NULL, amount TEXT NOT NULL, PRIMARY KEY (incident_id, account_id)
    ) STRICT;`);
  const declare = database.prepare('INSERT OR IGNORE INTO projection_reimbursement_incidents (incident_id) VALUES (?)');
  const current = database.prepare('SELECT account_id, currency, charges, amount FROM projection_reimbursements WHERE incident_id = ? AND account_id = ?');
  const save = database.prepare(
    'INSERT OR REPLACE INTO projection_reimbursements (incident_id, account_id, currency, charges, amount) VALUES (?, ?, ?, ?, ?)',
  );
  const rowsOf = database.prepare('SELECT account_id, currency, charges, amount FROM projection_reimbursements WHERE incident_id = ? ORDER BY account_id');
  const isDeclared = database.prepare('SELECT 1 FROM projection_reimbursement_incidents WHERE incident_id = ?').pluck();

  const decodeRow = (raw: unknown): readonly [AccountId, AccountReimbursement] => {
    const row = RowCodec.decode(raw);
    if (row._tag === 'Left') throw new Error('reimbursements: a stored row does not decode');
    return [row.right.account_id, { charges: row.right.charges, amount: money(new LedgerDecimal(row.right.amount), row.right.currency) }];
  };

  const applyBatch = (_tx: Database, events: ReadonlyArray<StoredEvent>): void => {
    for (const stored of events) {
      const fact = reimbursementFactOf(stored);
      if (fact?.kind === 'declared') declare.run(fact.incidentId);
      if (fact?.kind !== 'reversed') continue;
      const existing = current.get(fact.incidentId, fact.accountId);
      const next = reimburseCharge(existing === undefined ? undefined : decodeRow(existing)[1], fact.amount);
      save.run(fact.incidentId, fact.accountId, next.amount.currency, next.charges, formatAmount(next.amount));
    }
  };

  return {
    projection: {
      name: reimbursementsProjectionName,
      eventTypes: reimbursementsProjectionTypes,
      applyBatch,
      // A first build: the same steps in large transactions, over only its few event types.
      bulkRebuild: { begin: () => undefined, applyBatch, finish: () => undefined },
      reset: () => {
        database.exec('DELETE FROM projection_reimbursements; DELETE FROM projection_reimbursement_incidents;');
      },
    },
    reimbursements: (incidentId: IncidentId) => {
      const rows = rowsOf.all(incidentId).map(decodeRow);
      if (rows.length === 0 && isDeclared.get(incidentId) === undefined) return undefined;
      return reimbursementsFromRows(incidentId, rows);
    },
  };
};
