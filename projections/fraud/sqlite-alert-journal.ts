// The fraud detector's alert journal in the read models' SQLite file: one row per alert, keyed by
// its derived id (fraud-alert.ts), so a batch applied again after a crash, or a detector resumed
// from an older snapshot, inserts nothing twice. Rows keep the alert's stored shape
// (FraudAlertRaisedData) and are decoded when read back, like events.
import type { Database } from 'better-sqlite3';
import { isLeft } from 'fp-ts/lib/Either.js';
import { type FraudAlert, FraudAlertRaisedData } from '../../domain/alerts/fraud-alert-raised.ts';
import type { AlertsReader } from './fraud-detector-projection.ts';

export type SqliteAlertJournal = AlertsReader & Readonly<{
  insert: (alerts: ReadonlyArray<FraudAlert>) => void;
  clear: () => void;
}>;

const decodeRow = (text: unknown): FraudAlert => {
  const decoded = typeof text === 'string' ? FraudAlertRaisedData.decode(JSON.parse(text)) : undefined;
  if (decoded === undefined || isLeft(decoded)) throw new Error('fraud alert journal: a stored alert does not decode');
  return decoded.right;
};

export const createSqliteAlertJournal = (database: Database): SqliteAlertJournal => {
  // A read-only connection (the API's) finds the table the runner created.
  if (!database.readonly) database.exec(`
    CREATE TABLE IF NOT EXISTS projection_fraud_alerts (
      alert_id TEXT PRIMARY KEY, triggered_at INTEGER NOT NULL, occurred_at TEXT NOT NULL, alert TEXT NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS projection_fraud_alerts_by_trigger ON projection_fraud_alerts (triggered_at);`);
  const insert = database.readonly ? undefined : database.prepare<[string, bigint, string, string]>(
    'INSERT OR IGNORE INTO projection_fraud_alerts (alert_id, triggered_at, occurred_at, alert) VALUES (?, ?, ?, ?)',
  );
  // Alerts raised by one event share its position: the id breaks the tie, as the detector orders them.
  const since = database.prepare<[string, number], unknown>(
    'SELECT alert FROM projection_fraud_alerts WHERE occurred_at >= ? ORDER BY triggered_at, rowid LIMIT ?',
  ).pluck();
  const after = database.prepare<[bigint, bigint, string, number], unknown>(
    'SELECT alert FROM projection_fraud_alerts WHERE triggered_at > ? OR (triggered_at = ? AND alert_id > ?) ORDER BY triggered_at, alert_id LIMIT ?',
  ).pluck();
  return {
    insert: (alerts) => {
      if (insert === undefined) throw new Error('fraud alert journal: read-only connection');
      for (const alert of alerts) {
        insert.run(alert.alertId, alert.triggeredAt, alert.occurredAt, JSON.stringify(FraudAlertRaisedData.encode(alert)));
      }
    },
    clear: () => {
      database.exec('DELETE FROM projection_fraud_alerts');
    },
    since: (from, limit) => since.all(from ?? '', limit).map(decodeRow),
    after: (cursor, limit) => after.all(cursor?.triggeredAt ?? -1n, cursor?.triggeredAt ?? -1n, cursor?.alertId ?? '', limit).map(decodeRow),
  };
};
