// The chain-verification projection (chain-verification.ts) in the SQLite store's own database:
// one row per account, written in the runner's batch transaction with the checkpoint.
import type { Database } from 'better-sqlite3';
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import type { Projection } from '../runner/projection.ts';
import { type ChainHead, type ChainReader, accountEventTypes, accountOf, chainStep, chainVerificationProjectionName } from './chain-verification.ts';

export type SqliteChainVerification = ChainReader & Readonly<{ projection: Projection<Database> }>;

const schema = `CREATE TABLE IF NOT EXISTS projection_chain_verification (
  account_id TEXT PRIMARY KEY,
  verified_through INTEGER NOT NULL,
  head_hash TEXT NOT NULL,
  broken INTEGER NOT NULL CHECK (broken IN (0, 1))
)`;

const headOf = (row: unknown): ChainHead | undefined => {
  if (typeof row !== 'object' || row === null) return undefined;
  if (!('verified_through' in row) || !('head_hash' in row) || !('broken' in row)) return undefined;
  const { verified_through: verifiedThrough, head_hash: headHash, broken } = row;
  if (typeof verifiedThrough !== 'number' || typeof headHash !== 'string') throw new Error('chain verification: a row does not decode');
  return { verifiedThrough, headHash, broken: broken === 1 };
};

export const createSqliteChainVerification = (database: Database): SqliteChainVerification => {
  database.exec(schema);
  const select = database.prepare('SELECT verified_through, head_hash, broken FROM projection_chain_verification WHERE account_id = ?');
  const upsert = database.prepare(
    `INSERT INTO projection_chain_verification (account_id, verified_through, head_hash, broken) VALUES (?, ?, ?, ?)
     ON CONFLICT (account_id) DO UPDATE SET verified_through = excluded.verified_through, head_hash = excluded.head_hash, broken = excluded.broken`,
  );
  const clear = database.prepare('DELETE FROM projection_chain_verification');
  const chainOf = (accountId: string): ChainHead | undefined => headOf(select.get(accountId));
  const applyBatch = (_tx: Database, events: ReadonlyArray<StoredEvent>): void => {
    // The batch's heads, written once each at the end of the batch.
    const heads = new Map<string, ChainHead>();
    for (const event of events) {
      const accountId = accountOf(event);
      if (accountId === undefined) continue;
      heads.set(accountId, chainStep(heads.get(accountId) ?? chainOf(accountId), event));
    }
    for (const [accountId, head] of heads) upsert.run(accountId, head.verifiedThrough, head.headHash, head.broken ? 1 : 0);
  };
  return {
    chainOf,
    projection: {
      name: chainVerificationProjectionName,
      eventTypes: accountEventTypes,
      applyBatch,
      // A first build: the same steps in large transactions (each account's head written once per batch).
      bulkRebuild: { begin: () => undefined, applyBatch, finish: () => undefined },
      reset: () => {
        clear.run();
      },
    },
  };
};
