// What the resource plugins are given by buildApp (see app-deps.ts for what buildApp is given).
import type { CommandHandler } from '../command-handling/command-handler.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import type { Clock } from '../event-store/recorded-at.ts';
import type { Approvals } from '../approvals/approvals-service.ts';
import type { StepUpRules } from '../../domain/step-up.ts';
import type { AlertsQuery, IncidentsService, LedgerQueries, LogQueries, Readiness } from './app-deps.ts';

export type RouteDeps = Readonly<{
  commands: CommandHandler;
  store: EventStore;
  clock: Clock;
  queries: LedgerQueries;
  incidents: IncidentsService | undefined;
  alerts: AlertsQuery | undefined;
  log: LogQueries | undefined;
  readYourWritesTimeoutMs: number;
  readiness: Readiness;
  approvals: Approvals;
  // undefined: step-up off.
  stepUp: StepUpRules | undefined;
  // LEDGER_STEP_UP_HOLD_MINUTES in ms; undefined: a step-up hold waits a hold's 7-day default.
  stepUpHoldExpiresAfterMs: number | undefined;
}>;
