// Which streams of a (possibly shared) EventStoreDB cluster are the ledger's. $all also carries
// EventStoreDB's own records and, in a shared cluster, other applications' events: those are not
// the ledger's business and are stepped over, never called corruption. Stream ids are part of
// every event's hash, so the ledger's streams cannot be moved under one prefix: this is a list of
// the names the ledger writes, kept next to the adapter. A new kind of ledger stream (a new
// decider's stream) must be added here, or its events are invisible to reads of $all and to
// subscriptions (the contract test "skips other applications' streams" shows what that means).
import type { StreamId } from '../../domain/ports/event-store.ts';

// accountStreamId (domain/events.ts), incidentStreamId (domain/incidents/incident-declared.ts),
// approvalStreamId (domain/approvals/approval-events.ts).
export const ledgerStreamPrefixes: ReadonlyArray<string> = ['account-', 'incident-', 'approval-'];
// fraudAlertStreamId (domain/alerts/fraud-alert-raised.ts).
export const ledgerStreamNames: ReadonlyArray<string> = ['fraud-alerts'];

export type LedgerStreamPredicate = (streamId: StreamId) => boolean;

export const isLedgerStream: LedgerStreamPredicate = (streamId) =>
  ledgerStreamNames.includes(streamId) || ledgerStreamPrefixes.some((prefix) => streamId.startsWith(prefix));
