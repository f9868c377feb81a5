// Which accounts' hash chains verify, kept as a projection so that a read can say "this answer
// comes from a chain that does not verify" without replaying anything (Ledger-Chain-Verified).
// Per account: the revision its chain verifies through, the hash at that revision, and a broken
// flag that stays set once an event does not link (wrong revision, previous hash or own hash).
// The fold is pure; memory- and SQLite-kept versions sit beside it. Each event is checked once,
// when the projection first folds it: a file altered later is found by `audit` (which replays),
// and by this projection only when it is rebuilt from that file.
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import { eventHash, genesisHash } from '../../adapters/event-store/hash-chain.ts';
import { ledgerEventCodecByType } from '../../domain/events.ts';

export const chainVerificationProjectionName = 'chain-verification';

// Every event type an account stream holds: the chain must see each of its events, or it would
// find gaps that are not there.
export const accountEventTypes: ReadonlyArray<string> = Object.keys(ledgerEventCodecByType);

const accountPrefix = 'account-';

export type ChainHead = Readonly<{ verifiedThrough: number; headHash: string; broken: boolean }>;

// undefined: not an account's event (the fraud-alerts journal, incidents).
export const accountOf = (event: StoredEvent): string | undefined =>
  event.streamId.startsWith(accountPrefix) ? event.streamId.slice(accountPrefix.length) : undefined;

export const chainStep = (head: ChainHead | undefined, event: StoredEvent): ChainHead => {
  if (head?.broken === true) return head;
  const expectedRevision = head === undefined ? 0 : head.verifiedThrough + 1;
  const previousHash = head?.headHash ?? genesisHash;
  const links = event.revision === expectedRevision && event.previousHash === previousHash && eventHash(event) === event.hash;
  if (!links) return { verifiedThrough: head?.verifiedThrough ?? -1, headHash: previousHash, broken: true };
  return { verifiedThrough: event.revision, headHash: event.hash, broken: false };
};

export type ChainReader = Readonly<{
  // undefined: nothing known of this account yet.
  chainOf: (accountId: string) => ChainHead | undefined;
}>;
