// `audit --all`: every stream in the store, found by one scan in global order (so a stream whose
// first event was tampered with is found too, which a scan of AccountOpened events would miss),
// then each chain replayed: account streams by projections/account-audit.ts (the auditor's check
// the HTTP API runs), other streams (the fraud-alerts journal) with the same ChainVerifier.
// An event so damaged that the store cannot read it stops nothing: it is stepped over, counted,
// and the audit fails.
import { isRight } from 'fp-ts/lib/Either.js';
import { type EventStore, type GlobalPosition, type StoredEvent, pageSizeMax } from '../../domain/ports/event-store.ts';
import { ChainVerifier } from '../event-store/hash-chain.ts';
import { AccountId } from '../../domain/ids.ts';
import { auditAccount, auditEventsMax } from '../../projections/account-audit.ts';
import { failed, isUnreadableEvent } from './cli-failure.ts';
import type { Progress } from './progress-bar.ts';

export type StreamAudit = Readonly<{ streamId: string; accountId?: string; events: number; verified: boolean; headHash: string; firstBrokenRevision?: number }>;

export type StoreAudit = Readonly<{
  streams: number;
  events: number;
  broken: ReadonlyArray<StreamAudit>;
  // Positions (after the last readable event before them) of events the scan could not read.
  unreadablePositions: ReadonlyArray<string>;
  verified: boolean;
}>;

export const streamsMax = 10_000_000;
const unreadablePositionsMax = 1_000;
const accountPrefix = 'account-';

type Scan = Readonly<{ streamIds: ReadonlyArray<string>; unreadable: ReadonlyArray<GlobalPosition> }>;

// The next page after `after`; an unreadable first event is skipped (null page, position + 1).
const nextPage = async (store: EventStore, after: GlobalPosition): Promise<ReadonlyArray<StoredEvent> | null> => {
  try {
    return await store.readAll({ after, limit: pageSizeMax });
  } catch (error) {
    if (!isUnreadableEvent(error)) throw error;
    const single = await store.readAll({ after, limit: 1 }).catch((again: unknown) => {
      if (!isUnreadableEvent(again)) throw again;
      return null;
    });
    return single;
  }
};

export const scanStreams = async (store: EventStore, progress: Progress): Promise<Scan> => {
  const head = await store.headPosition();
  const streamIds = new Set<string>();
  const unreadable: GlobalPosition[] = [];
  progress.start(Number(head), 'scanning', 'events');
  let after = 0n;
  while (after < head) {
    const page = await nextPage(store, after);
    if (page === null) {
      after += 1n;
      if (unreadable.length < unreadablePositionsMax) unreadable.push(after);
      continue;
    }
    const last = page.at(-1);
    if (last === undefined) break;
    for (const event of page) streamIds.add(event.streamId);
    if (streamIds.size > streamsMax) throw failed(`more than ${streamsMax} streams; audit accounts one by one`);
    after = last.position;
    progress.update(Number(after));
  }
  progress.stop();
  return { streamIds: [...streamIds].sort(), unreadable };
};

const verifyStream = async (store: EventStore, streamId: string): Promise<StreamAudit> => {
  const verifier = new ChainVerifier(streamId);
  for (let fromRevision = 0; fromRevision < auditEventsMax; fromRevision += pageSizeMax) {
    const page = await store.readStream(streamId, { fromRevision, limit: pageSizeMax });
    for (const event of page) verifier.accept(event);
    if (page.length < pageSizeMax) break;
  }
  return { streamId, ...verifier.result() };
};

const auditStream = async (store: EventStore, streamId: string): Promise<StreamAudit> => {
  const accountId = streamId.startsWith(accountPrefix) ? AccountId.decode(streamId.slice(accountPrefix.length)) : undefined;
  if (accountId === undefined || !isRight(accountId)) return verifyStream(store, streamId);
  const report = await auditAccount(store, accountId.right);
  // The scan saw an event of this stream, so it has at least one (even if unreadable).
  return report === undefined ? { streamId, accountId: accountId.right, events: 0, verified: false, headHash: '' } : { streamId, ...report };
};

export const auditStore = async (store: EventStore, progress: Progress): Promise<StoreAudit> => {
  const scan = await scanStreams(store, progress);
  const broken: StreamAudit[] = [];
  let events = 0;
  progress.start(scan.streamIds.length, 'auditing', 'streams');
  for (const [done, streamId] of scan.streamIds.entries()) {
    const audit = await auditStream(store, streamId);
    events += audit.events;
    if (!audit.verified) broken.push(audit);
    progress.update(done + 1);
  }
  progress.stop();
  return {
    streams: scan.streamIds.length,
    events,
    broken,
    unreadablePositions: scan.unreadable.map(String),
    verified: broken.length === 0 && scan.unreadable.length === 0,
  };
};
