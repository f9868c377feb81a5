// The log's signed checkpoints on EventStoreDB: one stream, `ledger-log-checkpoints`, shared by
// every instance. Its first event is the origin; each later one a checkpoint, appended with the
// expected revision of the last one this instance read, so two instances never both extend the
// history: the loser of a race re-reads the stream and checks the winner's checkpoint against its
// own tree (verifiable-log.ts). Ed25519 is deterministic, so two instances signing one tree size
// with the one key write the same note. The stream is not a ledger stream (eventstoredb-ledger-
// streams.ts): reads of $all, account listings and projections step over it. Each instance mirrors
// the stream into its log file (a cache: rebuilt from the stream when the file is lost), which is
// where latest() and at() answer from without a round trip.
import type { Database } from 'better-sqlite3';
import {
  FORWARDS, NO_STREAM, type EventStoreDbClientPort, type ResolvedEvent, WrongExpectedVersionError, jsonEvent,
} from '../event-store/eventstoredb-client.ts';
import { drain, onLeader } from '../event-store/eventstoredb-bounded-read.ts';
import { toStoreError } from '../event-store/eventstoredb-errors.ts';
import type { CheckpointTable, SignedCheckpoint } from './checkpoint-table.ts';
import { checkpointEventData, decodeLogEvent, logCheckpointSignedType, logOriginRecordedType } from './eventstoredb-log-events.ts';
import { verifierOf } from './signed-note.ts';
import { type SigningKey, SigningKeyError } from './signing-key.ts';
import { createSqliteLogPositions } from './log-positions.ts';
import { createSqliteLogTables } from './sqlite-log-tables.ts';

export const logCheckpointsStreamId = 'ledger-log-checkpoints';
const readPageSize = 500;
const readPagesPerRefreshMax = 100;

export type PublishOutcome = 'published' | 'lost_race';

export type SharedCheckpoints = CheckpointTable & Readonly<{
  // Takes in what other instances appended; answers why this instance must not sign, if it must not.
  refresh: () => Promise<string | undefined>;
  publish: (checkpoint: SignedCheckpoint) => Promise<PublishOutcome>;
}>;

export type EventStoreDbLogContext = Readonly<{ client: EventStoreDbClientPort; readTimeoutMs: number; appendTimeoutMs: number }>;

export type OpenedLogCheckpoints = Readonly<{ origin: string; checkpoints: SharedCheckpoints }>;

type Mirror = Readonly<{
  nextRevision: () => bigint; origin: () => string | undefined;
  take: (origin: string | undefined, checkpoint: SignedCheckpoint | undefined) => void;
  // Empties the log file: its mirror, and the nodes and mapping derived beside it.
  reset: () => void;
}>;

const mirrorIn = (database: Database): Mirror => {
  database.exec('CREATE TABLE IF NOT EXISTS log_stream (id INTEGER PRIMARY KEY CHECK (id = 1), next_revision INTEGER NOT NULL, origin TEXT)');
  database.prepare('INSERT OR IGNORE INTO log_stream (id, next_revision, origin) VALUES (1, 0, NULL)').run();
  const read = database.prepare<[], { next_revision: bigint; origin: string | null }>('SELECT next_revision, origin FROM log_stream WHERE id = 1').safeIntegers(true);
  const advance = database.prepare<[string | null]>('UPDATE log_stream SET next_revision = next_revision + 1, origin = coalesce(origin, ?) WHERE id = 1');
  const { checkpoints } = createSqliteLogTables(database);
  const take = database.transaction((origin: string | undefined, checkpoint: SignedCheckpoint | undefined) => {
    if (checkpoint !== undefined) checkpoints.add(checkpoint);
    advance.run(origin ?? null);
  });
  const reset = database.transaction(() => {
    for (const table of ['log_checkpoints', 'log_nodes', 'log_positions']) database.exec(`DELETE FROM ${table}`);
    database.prepare('UPDATE log_stream SET next_revision = 0, origin = NULL WHERE id = 1').run();
  });
  return {
    nextRevision: () => read.get()?.next_revision ?? 0n,
    origin: () => read.get()?.origin ?? undefined,
    take: (origin, checkpoint) => take.immediate(origin, checkpoint),
    reset: () => reset.immediate(),
  };
};

// A log file mirrors one cluster's stream: its last mirrored event must still be the stream's
// (a file kept while the cluster was replaced, or copied from another, is emptied and rebuilt).
const mirrorsStream = (mirror: Mirror, latest: SignedCheckpoint | undefined, last: ReadonlyArray<ResolvedEvent>): boolean => {
  if (mirror.nextRevision() === 0n) return true;
  const event = last[0]?.event;
  if (event === undefined || event.revision !== mirror.nextRevision() - 1n) return false;
  const data: unknown = event.data;
  return latest === undefined
    ? event.type === logOriginRecordedType && typeof data === 'object' && data !== null && 'origin' in data && data.origin === mirror.origin()
    : event.type === logCheckpointSignedType && typeof data === 'object' && data !== null && 'note' in data && data.note === latest.note;
};

export const openEventStoreDbLogCheckpoints = async (
  context: EventStoreDbLogContext, database: Database, key: SigningKey, wantedOrigin: string, say: (line: string) => void,
): Promise<OpenedLogCheckpoints> => {
  const { checkpoints } = createSqliteLogTables(database);
  createSqliteLogPositions(database);
  const mirror = mirrorIn(database);
  const readPage = (from: bigint) => onLeader(() => drain(context, context.client.readStream(logCheckpointsStreamId, {
    direction: FORWARDS, fromRevision: from, maxCount: readPageSize, requiresLeader: true,
  }), `read of stream ${logCheckpointsStreamId}`));

  let foreignKey = false;
  const refresh = async (): Promise<string | undefined> => {
    for (let pages = 0; pages < readPagesPerRefreshMax; pages += 1) {
      const from = mirror.nextRevision();
      const page = await readPage(from);
      for (const resolved of page) {
        const event = resolved.event;
        if (event === undefined || event.revision !== mirror.nextRevision()) return `checkpoint stream: expected revision ${mirror.nextRevision()}, read ${String(event?.revision)}`;
        const origin = mirror.origin();
        const decoded = decodeLogEvent(event.type, event.data, event.revision, origin, origin === undefined ? undefined : verifierOf(origin, key.publicKey));
        if (decoded.kind === 'refused') {
          foreignKey = decoded.foreignKey;
          return decoded.reason;
        }
        mirror.take(decoded.kind === 'origin' ? decoded.origin : undefined, decoded.kind === 'checkpoint' ? decoded.checkpoint : undefined);
      }
      if (page.length < readPageSize) return undefined;
    }
    return undefined;
  };

  // false: another instance appended first (the caller re-reads).
  const append = async (type: string, data: Readonly<Record<string, unknown>>, expectedRevision: bigint | typeof NO_STREAM): Promise<boolean> => {
    try {
      await context.client.appendToStream(logCheckpointsStreamId, jsonEvent({ type, data: { ...data } }), {
        expectedRevision, requiresLeader: true, deadline: context.appendTimeoutMs,
      });
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return false;
      throw toStoreError(error, `append to stream ${logCheckpointsStreamId}`);
    }
  };

  const lastMirrored = mirror.nextRevision() === 0n ? [] : await readPage(mirror.nextRevision() - 1n);
  if (!mirrorsStream(mirror, checkpoints.latest(), lastMirrored.slice(0, 1))) {
    say(`verifiable log: the log file does not mirror stream ${logCheckpointsStreamId} of this store; rebuilding it`);
    mirror.reset();
  }
  // At start a checkpoint of another key is a configuration error (exit 2); anything else refused
  // in the stream is the stream's.
  // A long stream takes several refreshes (each bounded): read it all before serving from it.
  let refused: string | undefined;
  for (let before = -1n; refused === undefined && mirror.nextRevision() !== before;) {
    before = mirror.nextRevision();
    refused = await refresh();
  }
  if (refused !== undefined) throw foreignKey ? new SigningKeyError(`verifiable log: ${refused}`) : new Error(`verifiable log: ${refused}`);
  if (mirror.origin() === undefined) {
    // The first instance records the origin; a loser of that race reads the winner's.
    await append(logOriginRecordedType, { origin: wantedOrigin }, NO_STREAM);
    const again = await refresh();
    if (again !== undefined) throw new Error(`verifiable log: ${again}`);
  }
  const origin = mirror.origin();
  if (origin === undefined) throw new Error(`verifiable log: stream ${logCheckpointsStreamId} records no origin`);
  return {
    origin,
    checkpoints: {
      ...checkpoints,
      // Only the stream adds checkpoints: a signed one is published, then read back.
      add: () => undefined,
      refresh,
      publish: async (checkpoint) => {
        const published = await append(logCheckpointSignedType, checkpointEventData(checkpoint), mirror.nextRevision() - 1n);
        const refusedNow = await refresh();
        if (refusedNow !== undefined) throw new Error(`verifiable log: ${refusedNow}`);
        return published ? 'published' : 'lost_race';
      },
    },
  };
};
