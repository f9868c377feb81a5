// The fraud-alerts stream: one FraudAlertRaised per alert. Appends are idempotent by construction:
// the detector raises alerts in the order of the events that trigger them, and each batch of
// alerts is appended atomically, so every alert triggered at or before the last stored alert's
// triggering position is already stored; a re-run skips them. Concurrent writers are serialised
// by the stream's expected revision.
import { isLeft } from 'fp-ts/lib/Either.js';
import {
  type EventStore, type NewEvent, type StoredEvent, StoreCorruptedError, expectExact, expectNoStream, pageSizeMax,
} from '../../domain/ports/event-store.ts';
import { type FraudAlert, FraudAlertRaisedData, fraudAlertRaisedType, fraudAlertStreamId } from '../../domain/alerts/fraud-alert-raised.ts';

// Alerts are raised by the ledger itself: the fraud detector is the job that issued them.
export const fraudDetectorIssuer = 'system:fraud-detector';

export const toAlertEvent = (alert: FraudAlert): NewEvent => ({
  type: fraudAlertRaisedType,
  data: FraudAlertRaisedData.encode(alert),
  occurredAt: alert.occurredAt,
  metadata: { issuedBy: fraudDetectorIssuer },
});

export const fromAlertEvent = (stored: StoredEvent): FraudAlert => {
  const decoded = stored.type === fraudAlertRaisedType ? FraudAlertRaisedData.decode(stored.data) : undefined;
  if (decoded === undefined || isLeft(decoded)) {
    throw new StoreCorruptedError(`event ${stored.streamId}@${stored.revision} is not a FraudAlertRaised that decodes`);
  }
  return decoded.right;
};

// Where the journal stands: its last revision and the triggering position of its last alert.
export type JournalHead = Readonly<{ revision: number | undefined; triggeredAt: bigint }>;

export const emptyJournalHead: JournalHead = { revision: undefined, triggeredAt: 0n };

// Reads forwards from a known head (the port has no backwards read); pages are bounded.
export const readJournalHead = async (store: EventStore, from: JournalHead = emptyJournalHead): Promise<JournalHead> => {
  let head = from;
  for (;;) {
    const page = await store.readStream(fraudAlertStreamId, { fromRevision: (head.revision ?? -1) + 1, limit: pageSizeMax });
    const last = page.at(-1);
    if (last !== undefined) head = { revision: last.revision, triggeredAt: fromAlertEvent(last).triggeredAt };
    if (page.length < pageSizeMax) return head;
  }
};

export const appendAttemptsMax = 8;

// Appends the alerts not yet in the journal; answers those appended and the new head.
export const appendAlerts = async (
  store: EventStore,
  alerts: ReadonlyArray<FraudAlert>,
  known: JournalHead,
): Promise<Readonly<{ appended: ReadonlyArray<FraudAlert>; head: JournalHead }>> => {
  let head = known;
  for (let attempt = 1; attempt <= appendAttemptsMax; attempt += 1) {
    const fresh = alerts.filter((alert) => alert.triggeredAt > head.triggeredAt);
    const last = fresh.at(-1);
    if (last === undefined) return { appended: [], head };
    const expected = head.revision === undefined ? expectNoStream : expectExact(head.revision);
    const outcome = await store.append(fraudAlertStreamId, fresh.map(toAlertEvent), expected);
    if (outcome.kind === 'appended') {
      return { appended: fresh, head: { revision: outcome.events.at(-1)?.revision, triggeredAt: last.triggeredAt } };
    }
    head = await readJournalHead(store, head);
  }
  throw new Error(`fraud alerts: ${appendAttemptsMax} conflicting appends in a row on ${fraudAlertStreamId}`);
};
