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
import { noteSignedBy, parseSignedNote, verifierOf } from '../verifiable-log/signed-note.ts';
import { type LogRecord, readLogRecord } from '../verifiable-log/sqlite-log-origin.ts';
import type { StoreSigningKey } from './restore-log.ts';

export type CopyCheckResult = Readonly<{ passed: true; summary: string | undefined }> | Readonly<{ passed: false; reason: string }>;
export type CopyCheck = (copy: SqliteEventStore) => Promise<CopyCheckResult>;

const refused = (reason: string): CopyCheckResult => ({ passed: false, reason });

// The note of a stored checkpoint must sign exactly the row's origin, size and root.
const noteProblem = (checkpoint: SignedCheckpoint, origin: string): string | undefined => {
  const note = parseSignedNote(checkpoint.note);
  if (note === undefined || note.text !== checkpointText({ origin, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash })) {
    return `its signed checkpoint of tree size ${checkpoint.treeSize} is not a checkpoint of origin ${origin} for that tree`;
  }
  return undefined;
};

// The note's signature by the store's key. A note that carries no signature of that key id was
// signed by another key: a refusal when the operator configured the key, but only "not checked"
// when the key is the one generated beside the store (the store may since have been signed under
// LEDGER_SIGNING_KEY_FILE; refusing would blame the copy for the machine's stale file). A signature
// of that key id that does not verify is always a refusal.
type SignatureVerdict = Readonly<{ kind: 'verified' }> | Readonly<{ kind: 'unchecked'; why: string }> | Readonly<{ kind: 'refused'; reason: string }>;

const signatureVerdict = (checkpoint: SignedCheckpoint, origin: string, storeKey: StoreSigningKey | undefined): SignatureVerdict => {
  if (storeKey === undefined) return { kind: 'unchecked', why: 'no signing key here' };
  const verifier = verifierOf(origin, storeKey.key.publicKey);
  const note = parseSignedNote(checkpoint.note);
  if (note !== undefined && noteSignedBy(note, verifier)) return { kind: 'verified' };
  const byThisKey = note?.signatures.some((entry) => entry.keyId.equals(verifier.keyId)) === true;
  if (byThisKey || storeKey.configured) {
    return { kind: 'refused', reason: `its checkpoint of tree size ${checkpoint.treeSize} is not signed by the store's key (${storeKey.path})` };
  }
  return { kind: 'unchecked', why: `it is signed by another key than the one beside the store (${storeKey.path}); set LEDGER_SIGNING_KEY_FILE to the store's key to check it` };
};

// The copy's newest signed checkpoint against the copy itself; `storeKey` (the store's signing key,
// when this machine holds it) also checks the signature.
export const copyCheckpointCheck = (storeKey: StoreSigningKey | undefined): CopyCheck => async (copy) => {
  const { origin, newest } = readLogRecord(copy.database);
  if (newest === undefined || origin === undefined) return { passed: true, summary: undefined };
  const problem = noteProblem(newest, origin);
  if (problem !== undefined) return refused(problem);
  const signature = signatureVerdict(newest, origin, storeKey);
  if (signature.kind === 'refused') return refused(signature.reason);
  const consistency = await checkEventsAgainst(sqliteEventHashes(copy.database), newest, yieldToEventLoop);
  if (consistency.kind === 'inconsistent') return refused(`its signed log does not verify: ${consistency.reason}`);
  return {
    passed: true,
    summary: `the log's newest signed checkpoint (${origin}, tree size ${newest.treeSize}) matches the events` +
      `${signature.kind === 'verified' ? ' and its signature verifies' : ` (its signature was not checked: ${signature.why})`}`,
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
