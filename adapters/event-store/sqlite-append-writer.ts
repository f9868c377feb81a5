// Writes a group of appends inside ONE immediate transaction. Each append is checked against its
// stream's head as left by the appends before it in the same group, so a later append in the
// group sees an earlier one, and a refused append refuses only itself.
import type { Database } from 'better-sqlite3';
import {
  type AppendOutcome, type EventMetadata, type ExpectedRevision, type RevisionConflict, type StoredEvent, type StreamId, checkExpectedRevision,
} from '../../domain/ports/event-store.ts';
import { genesisHash } from './hash-chain.ts';
import { type Clock, monotonicRecordedAt } from './recorded-at.ts';
import { eventHashOf, hexHash } from './sqlite-event-hash.ts';
import { type Statements, rowsPerInsertMax } from './sqlite-statements.ts';
import { StreamHeads } from './sqlite-stream-heads.ts';

// An event already encoded for the row and the hash (done when the append is queued, so a bad
// payload fails its own caller and never a group transaction).
export type EncodedEvent = Readonly<{
  type: string;
  typeJson: string;
  occurredAt: string;
  occurredAtJson: string;
  dataJson: string;
  // What a read of this event will return as its data (see encodeData).
  data: Readonly<Record<string, unknown>>;
  metadata: EventMetadata;
  metadataJson: string;
}>;
export type EncodedAppend = Readonly<{
  streamId: StreamId;
  streamIdJson: string;
  expected: ExpectedRevision;
  events: ReadonlyArray<EncodedEvent>;
}>;

// An event checked and hashed, waiting for its row to be inserted.
type PendingRow = Omit<StoredEvent, 'position'> & Readonly<{ dataJson: string; metadataJson: string }>;
// An append's outcome before the insert: a conflict, or where its rows sit in the group's rows.
type Checked = RevisionConflict | Readonly<{ kind: 'rows'; streamId: StreamId; first: number; count: number }>;

export type AppendWriter = Readonly<{
  // Throws what SQLite throws; the transaction is then rolled back and no head is kept.
  writeGroup: (appends: ReadonlyArray<EncodedAppend>) => ReadonlyArray<AppendOutcome>;
  // The stream's last stored revision, read from the database (used after a refused write).
  storedRevision: (streamId: StreamId) => number | undefined;
  // True when the stream is known to end before `revision`, so a read from there would find
  // nothing: the command path's "anything new since my cached state?" read then costs no query.
  knownToEndBefore: (streamId: StreamId, revision: number) => boolean;
}>;

const laterOf = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : Date.parse(a) >= Date.parse(b) ? a : b;

export const createAppendWriter = (database: Database, statements: Statements, clock: Clock): AppendWriter => {
  const heads = new StreamHeads((streamId) => {
    const head = statements.streamHead.get(streamId);
    return head === undefined ? undefined : { revision: head.revision, hash: hexHash(head.hash, `${streamId}@${head.revision}`) };
  });
  let lastStamped: string | undefined;
  let stamp = monotonicRecordedAt(clock);
  let seenDataVersion: number | undefined;
  // One recordedAt per transaction: the events of one commit were recorded at the same moment.
  let transactionStamp: string | undefined;
  let readCheckFresh = false;

  // Another process's commit invalidates the cached heads, and its recordedAt becomes the floor
  // for ours. Runs at the start of every write transaction (so what it reads cannot change before
  // the commit) and before the cached heads answer a read.
  const catchUpWithOtherWriters = (): void => {
    const dataVersion = statements.dataVersion.get();
    if (dataVersion === seenDataVersion) return;
    heads.forgetAll();
    stamp = monotonicRecordedAt(clock, laterOf(statements.lastRecordedAt.get(), lastStamped));
    seenDataVersion = dataVersion;
  };

  // Reads may trust a check made earlier in the same event-loop turn: a read is only ever a
  // snapshot of some moment, and appends are checked afresh inside their transaction.
  const catchUpBeforeRead = (): void => {
    if (readCheckFresh) return;
    catchUpWithOtherWriters();
    readCheckFresh = true;
    setImmediate(() => {
      readCheckFresh = false;
    });
  };

  // Rows are checked, hashed and collected append by append, then written for the whole group
  // with multi-row INSERTs; positions are given out once the rows are in (consecutive inside the
  // transaction, which holds the write lock).
  const checkAppend = ({ streamId, streamIdJson, expected, events }: EncodedAppend, rows: PendingRow[]): Checked => {
    const head = heads.get(streamId);
    if (!checkExpectedRevision(expected, head?.revision)) {
      return { kind: 'conflict', streamId, expected, actualRevision: head?.revision };
    }
    const first = rows.length;
    if (events.length === 0) return { kind: 'rows', streamId, first, count: 0 };
    transactionStamp ??= stamp();
    const recordedAt = transactionStamp;
    lastStamped = recordedAt;
    let previousHash = head?.hash ?? genesisHash;
    let revision = head?.revision ?? -1;
    for (const { type, typeJson, occurredAt, occurredAtJson, dataJson, data, metadata, metadataJson } of events) {
      revision += 1;
      const hash = eventHashOf({ dataJson, metadataJson, occurredAtJson, previousHash, recordedAt, revision, streamIdJson, typeJson });
      rows.push({ streamId, revision, type, dataJson, data, occurredAt, recordedAt, hash, previousHash, metadata, metadataJson });
      previousHash = hash;
    }
    heads.stage(streamId, { revision, hash: previousHash });
    return { kind: 'rows', streamId, first, count: events.length };
  };

  const insertRows = (rows: ReadonlyArray<PendingRow>): StoredEvent[] => {
    const stored: StoredEvent[] = [];
    for (let offset = 0; offset < rows.length; offset += rowsPerInsertMax) {
      const chunk = rows.slice(offset, offset + rowsPerInsertMax);
      const parameters: unknown[] = [];
      for (const row of chunk) {
        parameters.push(
          row.streamId, row.revision, row.type, row.dataJson, row.occurredAt, row.recordedAt, row.hash, row.previousHash, row.metadataJson,
        );
      }
      const { lastInsertRowid } = statements.insertRows(chunk.length).run(parameters);
      const firstPosition = BigInt(lastInsertRowid) - BigInt(chunk.length - 1);
      chunk.forEach(({ streamId, revision, type, data, occurredAt, recordedAt, hash, previousHash, metadata }, index) => {
        const position = firstPosition + BigInt(index);
        stored.push({ streamId, revision, position, type, data, occurredAt, recordedAt, hash, previousHash, metadata });
      });
    }
    return stored;
  };

  const transaction = database.transaction((appends: ReadonlyArray<EncodedAppend>): AppendOutcome[] => {
    catchUpWithOtherWriters();
    transactionStamp = undefined;
    const rows: PendingRow[] = [];
    const checked = appends.map((append) => checkAppend(append, rows));
    const stored = insertRows(rows);
    return checked.map((outcome) =>
      outcome.kind === 'conflict'
        ? outcome
        : { kind: 'appended', streamId: outcome.streamId, events: stored.slice(outcome.first, outcome.first + outcome.count) });
  });

  return {
    writeGroup: (appends) => {
      try {
        // IMMEDIATE takes the write lock first: a deferred transaction that reads the heads and
        // then writes could fail with SQLITE_BUSY without waiting for another process.
        const outcomes = transaction.immediate(appends);
        heads.commit();
        return outcomes;
      } catch (error) {
        heads.rollback();
        throw error;
      }
    },
    knownToEndBefore: (streamId, revision) => {
      catchUpBeforeRead();
      const head = heads.cached(streamId);
      return head !== undefined && head.revision < revision;
    },
    storedRevision: (streamId) => {
      heads.forgetAll();
      return statements.streamHead.get(streamId)?.revision;
    },
  };
};
