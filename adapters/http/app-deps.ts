// What buildApp is given. Routes take their collaborators from here, so tests and the server
// wire real or test implementations the same way.
import type { Either } from 'fp-ts/lib/Either.js';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import type { EventStore, GlobalPosition } from '../../domain/ports/event-store.ts';
import type { Clock } from '../event-store/recorded-at.ts';
import type { AccountId, CountryCode, DeviceId, IncidentId, Text } from '../../domain/ids.ts';
import type { Instant } from '../../domain/instant.ts';
import type { StepUpRules } from '../../domain/step-up.ts';
import type { ApiKey } from './api-keys.ts';
import type { LedgerMetrics } from './ledger-metrics.ts';
import type { VerifiableLog } from '../verifiable-log/verifiable-log.ts';
import type { Approvals, FourEyesConfig } from '../approvals/approvals-service.ts';

// What the /v1/log routes and the events' logIndex read of the verifiable log.
export type LogQueries = Pick<VerifiableLog, 'origin' | 'verifierKey' | 'latest' | 'checkpointAt' | 'inclusion' | 'consistency' | 'logIndexOf'>;

export type BalanceRequest = Readonly<{ accountId: AccountId; asOf: Instant; knownAt: Instant }>;
// heldBalance (open holds) and availableBalance (ledger - held): v1.1, given by the server's read side.
export type BalanceView = Readonly<{
  currency: string;
  ledgerBalance: string;
  correctedBalance: string;
  heldBalance?: string;
  availableBalance?: string;
}>;

export type LedgerQueries = Readonly<{
  // undefined: no such account (nothing about it is known at knownAt).
  balance: (request: BalanceRequest) => Promise<BalanceView | undefined>;
  // Resolves true once every projection behind these queries has processed `position`, false
  // when timeoutMs passed first (read-your-writes).
  waitFor: (position: GlobalPosition, timeoutMs: number) => Promise<boolean>;
  // true when the account's hash chain is known not to verify (answers then carry
  // Ledger-Chain-Verified: false); absent: nothing knows (the header is never sent).
  chainBroken?: (accountId: string) => boolean;
}>;

export type IncidentCriteria = Readonly<{
  deviceIds?: ReadonlyArray<DeviceId>;
  devicesRegisteredInWindow?: boolean;
  countries?: ReadonlyArray<CountryCode>;
  accountIds?: ReadonlyArray<AccountId>;
}>;

export type IncidentRequest = Readonly<{
  incidentId: IncidentId;
  description: Text;
  window: Readonly<{ from: Instant; to: Instant }>;
  criteria: IncidentCriteria;
  dryRun: boolean;
  // Left out: the time the incident was first declared (a re-run repeats nothing then).
  occurredAt?: Instant;
  // A dry run's review cursor.
  after?: string;
}>;

export type IncidentReport = Readonly<{
  incidentId: string;
  charges: number;
  accounts: number;
  total: Readonly<Record<string, string>>;
  dryRun: boolean;
  selected?: ReadonlyArray<Readonly<{ accountId: string; chargeId: string; amount: string; currency: string; occurredAt: string; deviceId: string }>>;
  selectedNext?: string | null;
}>;

export type ReimbursementRow = Readonly<{ accountId: string; currency: string; charges: number; amount: string }>;
export type ReimbursementReport = Readonly<{
  incidentId: string;
  rows: ReadonlyArray<ReimbursementRow>;
  total: Readonly<Record<string, string>>;
}>;

// An incident run can be refused (the same id reused for another incident): 409.
export type IncidentRefusal = Readonly<{ code: 'idempotency_conflict'; message: string }>;

export type IncidentsService = Readonly<{
  // issuedBy: the caller's key id, recorded on the declaration and every reversal.
  run: (request: IncidentRequest, issuedBy: string | undefined) => Promise<Either<IncidentRefusal, IncidentReport>>;
  // undefined: no incident with this id has reversed anything.
  reimbursements: (incidentId: IncidentId) => Promise<ReimbursementReport | undefined>;
  waitFor?: (position: GlobalPosition, timeoutMs: number) => Promise<boolean>;
}>;

export type AlertView = Readonly<{
  alertId: string;
  accountId: string;
  rule: string;
  occurredAt: string;
  details: Readonly<Record<string, unknown>>;
}>;

export type AlertsQuery = Readonly<{
  // Alerts that occurred at or after `since`, oldest first, at most `limit`.
  since: (since: Instant, limit: number) => Promise<ReadonlyArray<AlertView>>;
  waitFor?: (position: GlobalPosition, timeoutMs: number) => Promise<boolean>;
}>;

// GET /ready and the projection lag of /metrics. lag: events the projection has not applied yet
// (counted up to the ready bound + 1 on stores whose positions have gaps).
export type ProjectionReadiness = Readonly<{ state: string; checkpoint: string; head: string; lag: number; error?: string }>;
export type ReadinessReport = Readonly<{ ready: boolean; storeReachable: boolean; projections: Readonly<Record<string, ProjectionReadiness>> }>;
export type Readiness = () => Promise<ReadinessReport>;

export type LogStream = Readonly<{ write: (line: string) => void }>;
export type LoggerDeps = Readonly<{ level?: string; stream?: LogStream }>;

export type AppDeps = Readonly<{
  store: EventStore;
  apiKeys: ReadonlyArray<ApiKey>;
  queries: LedgerQueries;
  // Optional collaborators: a route whose collaborator is missing answers 503 not_available.
  incidents?: IncidentsService;
  alerts?: AlertsQuery;
  // The verifiable log (absent: /v1/log answers 503 not_available, events carry no logIndex).
  log?: LogQueries;
  // Four eyes: the approvals (the server builds them on its command path); absent, buildApp builds
  // them on its own, guarding what `fourEyes` says (absent: nothing, the v1 answers).
  approvals?: Approvals;
  fourEyes?: FourEyesConfig;
  // Builds the command path on the (instrumented) store; default createCommandHandler.
  commandHandler?: (store: EventStore) => CommandHandler;
  // When given, `store` must already be instrumented with them (instrumentStore).
  metrics?: LedgerMetrics;
  clock?: Clock;
  requestId?: () => string;
  // false: no logs (benchmarks); default: info to stdout.
  logger?: LoggerDeps | false;
  readYourWritesTimeoutMs?: number;
  // LEDGER_STEP_UP's rules (absent: step-up off, every charge answered as in v1).
  stepUp?: StepUpRules;
  // LEDGER_STEP_UP_HOLD_MINUTES in ms (absent: a step-up hold waits a hold's 7-day default).
  stepUpHoldExpiresAfterMs?: number;
  // Default: ready whenever the store answers (no projection known).
  readiness?: Readiness;
  // The built console's directory (served at /console/); absent: no console (tests of the API).
  consoleDirectory?: string;
}>;
