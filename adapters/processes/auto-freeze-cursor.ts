// Where the auto-freeze process stands in the alert journal, kept so that a restart resumes after
// the last alert it handled instead of asking every freeze again (each would be a replay, but the
// pass is O(all alerts)). The process owns this checkpoint: a small SQLite file beside the read
// file (the API's connection to the read file is read-only, and the runner owns that file). The
// cursor is saved only after the freezes of its page are stored, so a crash re-asks at most one
// page (replays). A cursor of another ledger (the event store replaced or restored) is ignored:
// the process starts from the journal's beginning, and the freezes asked again are replays. A
// cursor saved while the store was still empty has no ledger to match, so it is ignored likewise.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import * as t from 'io-ts';
import type { AlertCursor } from '../../projections/fraud/fraud-detector-projection.ts';

export type AutoFreezeCursor = Readonly<{
  load: () => AlertCursor | undefined;
  save: (cursor: AlertCursor) => void;
  close: () => void;
}>;

export const memoryAutoFreezeCursor = (): AutoFreezeCursor => {
  let kept: AlertCursor | undefined;
  return {
    load: () => kept,
    save: (cursor) => {
      kept = cursor;
    },
    close: () => undefined,
  };
};

const processName = 'auto-freeze';
const busyTimeoutMs = 5_000;
const RowCodec = t.type({ triggered_at: t.bigint, alert_id: t.string });

// ledger: the identity of the store's ledger (projections/sqlite/read-store-identity.ts).
export const openAutoFreezeCursorFile = (path: string, ledger: string): AutoFreezeCursor => {
  mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path, { timeout: busyTimeoutMs });
  // Losing the last save to a power cut only re-asks a page of freezes (replays): NORMAL suffices.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.exec(`CREATE TABLE IF NOT EXISTS process_cursors (
    process TEXT PRIMARY KEY, ledger TEXT NOT NULL, triggered_at INTEGER NOT NULL, alert_id TEXT NOT NULL
  ) STRICT`);
  const select = database.prepare<[string, string]>('SELECT triggered_at, alert_id FROM process_cursors WHERE process = ? AND ledger = ?').safeIntegers(true);
  const upsert = database.prepare<[string, string, bigint, string]>(
    'INSERT OR REPLACE INTO process_cursors (process, ledger, triggered_at, alert_id) VALUES (?, ?, ?, ?)',
  );
  return {
    load: () => {
      if (ledger === '') return undefined;
      const row = RowCodec.decode(select.get(processName, ledger));
      return row._tag === 'Right' ? { triggeredAt: row.right.triggered_at, alertId: row.right.alert_id } : undefined;
    },
    save: (cursor) => {
      upsert.run(processName, ledger, cursor.triggeredAt, cursor.alertId);
    },
    close: () => {
      database.close();
    },
  };
};

// ./data/ledger.read.db → ./data/ledger.read.processes.db
export const cursorPathBeside = (readPath: string): string =>
  readPath.endsWith('.db') ? `${readPath.slice(0, -'.db'.length)}.processes.db` : `${readPath}.processes`;
