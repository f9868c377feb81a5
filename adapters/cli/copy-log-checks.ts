// The signed log's checks on a copy of a SQLite store (`backup` and `restore`, run after the
// copy's hash chains verify). The copy's own newest checkpoint must be what its note says and what
// its events hash to; a copy that replaces a store must hold that store's newest signed tree
// (a restore that went back before it would make the log sign a history inconsistent with one it
// signed), unless the operator starts a new log origin (restore-log.ts).
import type { SqliteEventStore } from '../event-store/sqlite-event-store.ts';
import { yieldToEventLoop } from '../event-store/yield-to-event-loop.ts';
import { checkpointText } from '../verifiable-log/checkpoint.ts';
import type { SignedCheckpoint } from '../verifiable-log/checkpoint-table.ts';
import { sqliteEventHashes } from '../verifiable-log/event-hashes.ts';
import { checkEventsAgainst } from '../verifiable-log/log-consistency.ts';
import { type NoteVerifier, noteSignedBy, parseSignedNote, verifierOf } from '../verifiable-log/signed-note.ts';
import type { SigningKey } from '../verifiable-log/signing-key.ts';
import { type LogRecord, readLogRecord } from '../verifiable-log/sqlite-log-origin.ts';

export type CopyCheckResult = Readonly<{ passed: true; summary: string | undefined }> | Readonly<{ passed: false; reason: string }>;
export type CopyCheck = (copy: SqliteEventStore) => Promise<CopyCheckResult>;

const refused = (reason: string): CopyCheckResult => ({ passed: false, reason });

// The note of a stored checkpoint must sign exactly the row's origin, size and root.
const noteProblem = (checkpoint: SignedCheckpoint, origin: string, verifier: NoteVerifier | undefined): string | undefined => {
  const note = parseSignedNote(checkpoint.note);
  if (note === undefined || note.text !== checkpointText({ origin, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash })) {
    return `its signed checkpoint of tree size ${checkpoint.treeSize} is not a checkpoint of origin ${origin} for that tree`;
  }
  if (verifier !== undefined && !noteSignedBy(note, verifier)) return `its checkpoint of tree size ${checkpoint.treeSize} is not signed by the store's key`;
  return undefined;
};

// The copy's newest signed checkpoint against the copy itself; `key` (the store's signing key,
// when this machine holds it) also checks the signature.
export const copyCheckpointCheck = (key: SigningKey | undefined): CopyCheck => async (copy) => {
  const { origin, newest } = readLogRecord(copy.database);
  if (newest === undefined || origin === undefined) return { passed: true, summary: undefined };
  const problem = noteProblem(newest, origin, key === undefined ? undefined : verifierOf(origin, key.publicKey));
  if (problem !== undefined) return refused(problem);
  const consistency = await checkEventsAgainst(sqliteEventHashes(copy.database), newest, yieldToEventLoop);
  if (consistency.kind === 'inconsistent') return refused(`its signed log does not verify: ${consistency.reason}`);
  return {
    passed: true,
    summary: `the log's newest signed checkpoint (${origin}, tree size ${newest.treeSize}) matches the events` +
      `${key === undefined ? ' (its signature was not checked: no signing key here)' : ' and its signature verifies'}`,
  };
};

// The store being replaced: its newest signed tree must be a prefix of the copy, under one origin.
export const replacedCheckpointCheck = (store: string, replaced: LogRecord): CopyCheck => async (copy) => {
  const { newest } = replaced;
  if (newest === undefined) return { passed: true, summary: undefined };
  const restart = `; give --new-log-origin <origin> to start a new log over the copy`;
  const copyOrigin = readLogRecord(copy.database).origin;
  if (copyOrigin !== undefined && copyOrigin !== replaced.origin) {
    return refused(`its log's origin is ${copyOrigin}, not ${String(replaced.origin)} as the log of ${store}${restart}`);
  }
  const consistency = await checkEventsAgainst(sqliteEventHashes(copy.database), newest, yieldToEventLoop);
  if (consistency.kind === 'inconsistent') {
    return refused(`it is older than or inconsistent with the newest checkpoint ${store} signed (tree size ${newest.treeSize}): ${consistency.reason}${restart}`);
  }
  return { passed: true, summary: `it holds the newest checkpoint ${store} signed (tree size ${newest.treeSize})` };
};

// A new log needs an origin no checkpoint of the copy was signed under either.
export const newOriginCheck = (origin: string): CopyCheck => (copy) => {
  const copyOrigin = readLogRecord(copy.database).origin;
  return Promise.resolve(
    copyOrigin === origin ? refused(`its log already signs under ${origin}; a new log needs a new origin`) : { passed: true, summary: undefined },
  );
};
