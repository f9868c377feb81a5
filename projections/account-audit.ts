// The auditor's check of one account: replay its stream from the first event in bounded pages and
// recompute every hash (ChainVerifier). An event the store can no longer even read (its data is
// not JSON any more, or does not decode) counts as broken at its revision; the replay steps over
// it, so the rest of the chain is still counted.
import type { EventStore } from '../domain/ports/event-store.ts';
import { StoreCorruptedError, pageSizeMax } from '../domain/ports/event-store.ts';
import { ChainVerifier } from '../adapters/event-store/hash-chain.ts';
import { yieldToEventLoop } from '../adapters/event-store/yield-to-event-loop.ts';
import { accountStreamId } from '../domain/events.ts';
import type { AccountId } from '../domain/ids.ts';

export type AuditReport = Readonly<{
  accountId: AccountId;
  events: number;
  verified: boolean;
  headHash: string;
  firstBrokenRevision?: number;
  // How many of the replayed events each caller caused (their recorded issuedBy); events written
  // before callers were recorded, or by no one named, are not counted here.
  issuedBy: Readonly<Record<string, number>>;
}>;

// Bounds the replay: 1,000 pages of 1,000 is far beyond any account the benchmarks hold.
export const auditEventsMax = 100_000_000;

// A row whose JSON no longer parses may reach us as SyntaxError, or wrapped by the adapter.
const unreadable = (error: unknown): boolean =>
  error instanceof StoreCorruptedError || error instanceof SyntaxError || (error instanceof Error && error.cause instanceof SyntaxError);

// undefined when the account has no events.
export const auditAccount = async (store: EventStore, accountId: AccountId, pageSize = pageSizeMax): Promise<AuditReport | undefined> => {
  const streamId = accountStreamId(accountId);
  const verifier = new ChainVerifier(streamId);
  let revision = 0;
  let skipped = 0;
  let firstUnreadable: number | undefined;
  const issuedBy = new Map<string, number>();
  while (revision < auditEventsMax) {
    let page;
    try {
      page = await store.readStream(streamId, { fromRevision: revision, limit: pageSize });
    } catch (error) {
      if (!unreadable(error)) throw error;
      // Find the unreadable event by reading this page one event at a time.
      page = await store.readStream(streamId, { fromRevision: revision, limit: 1 }).catch((single: unknown) => {
        if (!unreadable(single)) throw single;
        return undefined;
      });
      if (page === undefined) {
        firstUnreadable ??= revision;
        skipped += 1;
        revision += 1;
        continue;
      }
    }
    for (const event of page) {
      verifier.accept(event);
      const issuer = event.metadata?.issuedBy;
      if (issuer !== undefined) issuedBy.set(issuer, (issuedBy.get(issuer) ?? 0) + 1);
    }
    revision += page.length;
    if (page.length === 0) break;
    await yieldToEventLoop();
  }
  const result = verifier.result();
  const events = result.events + skipped;
  if (events === 0) return undefined;
  const broken = [result.firstBrokenRevision, firstUnreadable].filter((value): value is number => value !== undefined);
  const issuers = Object.fromEntries([...issuedBy].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const base = { accountId, events, verified: broken.length === 0, headHash: result.headHash, issuedBy: issuers };
  return broken.length === 0 ? base : { ...base, firstBrokenRevision: Math.min(...broken) };
};
