// The read side the server wires into buildApp: the ledger's read models (the bitemporal balance
// index and the reimbursements) from read-models.ts (a worker thread by default, see
// read-side-config.ts), incidents and reimbursements over them, and the fraud alert driver.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import type { OpenedStore } from '../event-store/open-event-store.ts';
import { formatAmount } from '../../domain/money.ts';
import { IncidentRequestCodec } from '../../projections/incidents/incident-request.ts';
import type { ChainReader } from '../../projections/chain/chain-verification.ts';
import { reimbursementsProjectionName } from '../../projections/reimbursements/reimbursements-projection.ts';
import { balanceProjectionName } from './projections-setup.ts';
import { runIncident } from '../incidents/run-incident.ts';
import type { AppDeps, IncidentsService, LedgerQueries } from '../http/app-deps.ts';
import { type FraudAlerts, startFraudAlerts } from './fraud-alerts-service.ts';
import { type ReadModels, openReadModels } from './read-models.ts';
import type { ReadSideConfig } from './read-side-config.ts';

export type ReadSide = Readonly<{
  deps: Pick<AppDeps, 'queries' | 'incidents' | 'alerts'>;
  models: ReadModels;
  stop: () => Promise<void>;
}>;

const ledgerQueries = (models: ReadModels): LedgerQueries => ({
  chainBroken: (accountId) => models.chains().chainOf(accountId)?.broken === true,
  balance: async ({ accountId, asOf, knownAt }) => {
    const answer = models.balance().balanceAt(accountId, { asOf, knownAt });
    if (answer === undefined) return undefined;
    return {
      currency: answer.currency,
      ledgerBalance: formatAmount(answer.ledgerBalance),
      correctedBalance: formatAmount(answer.correctedBalance),
    };
  },
  waitFor: async (position, timeoutMs) => (await models.waitFor(balanceProjectionName, position, timeoutMs)).kind === 'caught_up',
});

const incidentsService = (store: EventStore, commands: CommandHandler, models: ReadModels): IncidentsService => ({
  run: async (request) => {
    // The route decoded the body already; the incident module's own codec gives its exact type.
    const decoded = IncidentRequestCodec.decode(request);
    if (isLeft(decoded)) throw new Error('incidents: a decoded request failed the incident codec');
    return runIncident({ store, handle: commands }, decoded.right);
  },
  reimbursements: async (incidentId) => models.reimbursements().reimbursements(incidentId),
  waitFor: async (position, timeoutMs) =>
    (await models.waitFor(reimbursementsProjectionName, position, timeoutMs)).kind === 'caught_up',
});

export const openReadSide = async (
  opened: OpenedStore, store: EventStore, commands: CommandHandler, env: Readonly<Record<string, string | undefined>>,
  config: ReadSideConfig, log: (line: string) => void,
): Promise<ReadSide> => {
  const models = await openReadModels(opened, config, log);
  let alerts: FraudAlerts | undefined;
  try {
    alerts = startFraudAlerts(store, commands, env, opened.kind === 'sqlite' ? { database: opened.database } : {});
  } catch (error) {
    await models.stop();
    throw error;
  }
  const running = alerts;
  return {
    deps: { queries: ledgerQueries(models), incidents: incidentsService(store, commands, models), alerts: running.query },
    models,
    stop: async () => {
      await running.stop();
      await models.stop();
    },
  };
};
