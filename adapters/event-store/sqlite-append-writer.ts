// Writes a group of appends inside ONE immediate transaction. Each append is checked against its
// stream's head as left by the appends before it in the same group, so a later append in the
// group sees an earlier one, and a refused append refuses only itself.
import type { Database } from 'better-sqlite3';
import {
  type AppendOutcome, type ExpectedRevision, type StoredEvent, type StreamId, checkExpectedRevision,
} from './event-store.ts';
import { genesisHash } from './hash-chain.ts';
import { type Clock, monotonicRecordedAt } from './recorded-at.ts';
import { eventHashOf, hexHash } from './sqlite-event-hash.ts';
import type { Statements } from './sqlite-statements.ts';
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
}>;
export type EncodedAppend = Readonly<{
  streamId: StreamId;
  streamIdJson: string;
  expected: ExpectedRevision;
  events: ReadonlyArray<EncodedEvent>;
}>;

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

  const writeAppend = ({ streamId, streamIdJson, expected, events }: EncodedAppend): AppendOutcome => {
    const head = heads.get(streamId);
    if (!checkExpectedRevision(expected, head?.revision)) {
      return { kind: 'conflict', streamId, expected, actualRevision: head?.revision };
    }
    if (events.length === 0) return { kind: 'appended', streamId, events: [] };
    transactionStamp ??= stamp();
    const recordedAt = transactionStamp;
    lastStamped = recordedAt;
    let previousHash = head?.hash ?? genesisHash;
    let revision = head?.revision ?? -1;
    const stored: StoredEvent[] = [];
    for (const { type, typeJson, occurredAt, occurredAtJson, dataJson, data } of events) {
      revision += 1;
      const hash = eventHashOf({ dataJson, occurredAtJson, previousHash, recordedAt, revision, streamIdJson, typeJson });
      const { lastInsertRowid } = statements.insert.run(
        streamId, revision, type, dataJson, occurredAt, recordedAt, hash, previousHash,
      );
      stored.push({ streamId, revision, position: BigInt(lastInsertRowid), type, data, occurredAt, recordedAt, hash, previousHash });
      previousHash = hash;
    }
    heads.stage(streamId, { revision, hash: previousHash });
    return { kind: 'appended', streamId, events: stored };
  };

  const transaction = database.transaction((appends: ReadonlyArray<EncodedAppend>) => {
    catchUpWithOtherWriters();
    transactionStamp = undefined;
    return appends.map(writeAppend);
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
