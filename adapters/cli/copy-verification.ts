// What `backup` checks in the copy it wrote, and `restore` in the copy it is given, before either
// is trusted: the copy opens as an event store, holds events (unless an empty ledger is allowed),
// and every stream's hash chain verifies (the same audit as `audit --all`); then the signed log's
// checks the command asks for (copy-log-checks.ts), each saying what it verified.
import { openSqliteEventStore } from '../event-store/sqlite-event-store.ts';
import { auditStore } from './audit-all.ts';
import type { CopyCheck } from './copy-log-checks.ts';
import type { Progress } from './progress-bar.ts';

export type CopyVerification =
  | Readonly<{ verified: true; events: bigint; streams: number; summaries: ReadonlyArray<string> }>
  | Readonly<{ verified: false; reason: string }>;

const openedCopy = (path: string) => {
  try {
    return openSqliteEventStore({ path });
  } catch (error) {
    return `it does not open as a ledger: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
};

export const verifyCopy = async (path: string, options: Readonly<{ allowEmpty: boolean; progress: Progress; logChecks: ReadonlyArray<CopyCheck> }>): Promise<CopyVerification> => {
  const store = openedCopy(path);
  if (typeof store === 'string') return { verified: false, reason: store };
  try {
    const events = await store.headPosition();
    if (events === 0n && !options.allowEmpty) return { verified: false, reason: 'it holds no events (give --allow-empty if an empty ledger is expected)' };
    const audit = await auditStore(store, options.progress);
    if (!audit.verified) {
      const broken = audit.broken.map((stream) => `${stream.streamId} at revision ${stream.firstBrokenRevision ?? '?'}`);
      const unreadable = audit.unreadablePositions.map((position) => `unreadable event at position ${position}`);
      return { verified: false, reason: `its hash chains do not verify: ${[...broken, ...unreadable].slice(0, 5).join(', ')}` };
    }
    const summaries: string[] = [];
    for (const check of options.logChecks) {
      const result = await check(store);
      if (!result.passed) return { verified: false, reason: result.reason };
      if (result.summary !== undefined) summaries.push(result.summary);
    }
    return { verified: true, events, streams: audit.streams, summaries };
  } finally {
    await store.close();
  }
};
