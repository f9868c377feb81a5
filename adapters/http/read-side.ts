// The read side the server wires into buildApp: the bitemporal balance index fed by the
// projection runner (persisted in the SQLite file when the store is SQLite, rebuilt in memory
// otherwise), incidents and reimbursements over the store, and the fraud alert driver.
import { isLeft, right } from 'fp-ts/lib/Either.js';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { OpenedStore } from '../event-store/open-event-store.ts';
import { formatAmount } from '../../domain/money.ts';
import { createMemoryBalanceIndex } from '../../projections/balance/memory-balance-index.ts';
import { createSqliteBalanceIndex } from '../../projections/balance/sqlite-balance-index.ts';
import type { BalanceReader } from '../../projections/balance/balance-index.ts';
import { IncidentRequestCodec } from '../../projections/incidents/incident-request.ts';
import { createMemoryProjectionPersistence } from '../../projections/runner/memory-projection-persistence.ts';
import { type ProjectionRunner, createProjectionRunner } from '../../projections/runner/projection-runner.ts';
import { createSqliteProjectionPersistence } from '../../projections/runner/sqlite-projection-persistence.ts';
import { readReimbursements } from '../incidents/reimbursements-from-store.ts';
import { runIncident } from '../incidents/run-incident.ts';
import type { AppDeps, IncidentsService, LedgerQueries } from './app-deps.ts';
import { type FraudAlerts, startFraudAlerts } from './fraud-alerts-service.ts';

export type ReadSide = Readonly<{
  deps: Pick<AppDeps, 'queries' | 'incidents' | 'alerts'>;
  stop: () => Promise<void>;
}>;

const balanceProjection = 'balance';

const startBalanceIndex = (opened: OpenedStore, store: EventStore): { reader: BalanceReader; runner: ProjectionRunner } => {
  if (opened.kind === 'sqlite') {
    const index = createSqliteBalanceIndex(opened.database, undefined, balanceProjection);
    const persistence = createSqliteProjectionPersistence(opened.database);
    return { reader: index, runner: createProjectionRunner({ store, persistence, projections: [index.projection] }) };
  }
  const index = createMemoryBalanceIndex(balanceProjection);
  const persistence = createMemoryProjectionPersistence();
  return { reader: index, runner: createProjectionRunner({ store, persistence, projections: [index.projection] }) };
};

const ledgerQueries = (reader: BalanceReader, runner: ProjectionRunner): LedgerQueries => ({
  balance: async ({ accountId, asOf, knownAt }) => {
    const answer = reader.balanceAt(accountId, { asOf, knownAt });
    if (answer === undefined) return undefined;
    return {
      currency: answer.currency,
      ledgerBalance: formatAmount(answer.ledgerBalance),
      correctedBalance: formatAmount(answer.correctedBalance),
    };
  },
  waitFor: async (position, timeoutMs) => (await runner.waitFor(balanceProjection, position, timeoutMs)).kind === 'caught_up',
});

const incidentsService = (store: EventStore, commands: CommandHandler): IncidentsService => ({
  run: async (request) => {
    // The route decoded the body already; the incident module's own codec gives its exact type.
    const decoded = IncidentRequestCodec.decode(request);
    if (isLeft(decoded)) throw new Error('incidents: a decoded request failed the incident codec');
    return right(await runIncident({ store, handle: commands }, decoded.right));
  },
  reimbursements: async (incidentId) => readReimbursements(store, incidentId),
});

export const openReadSide = async (opened: OpenedStore, store: EventStore, commands: CommandHandler, env: Readonly<Record<string, string | undefined>>): Promise<ReadSide> => {
  const balance = startBalanceIndex(opened, store);
  balance.runner.start();
  let alerts: FraudAlerts | undefined;
  try {
    alerts = startFraudAlerts(store, commands, env);
  } catch (error) {
    await balance.runner.stop();
    throw error;
  }
  const running = alerts;
  return {
    deps: { queries: ledgerQueries(balance.reader, balance.runner), incidents: incidentsService(store, commands), alerts: running.query },
    stop: async () => {
      await running.stop();
      await balance.runner.stop();
    },
  };
};
