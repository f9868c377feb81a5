// The read side the server wires into buildApp: the ledger's read models (the bitemporal balance
// index and the reimbursements) from read-models.ts (a worker thread by default, see
// read-side-config.ts), incidents and reimbursements over them, and the fraud alert driver.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import type { OpenedStore } from '../event-store/open-event-store.ts';
import { formatAmount, subtract } from '../../domain/money.ts';
import { openHoldsProjectionName } from '../../projections/holds/open-holds.ts';
import { IncidentRequestCodec } from '../../projections/incidents/incident-request.ts';
import type { ChainReader } from '../../projections/chain/chain-verification.ts';
import { reimbursementsProjectionName } from '../../projections/reimbursements/reimbursements-projection.ts';
import { balanceProjectionName } from './projections-setup.ts';
import { runIncident } from '../incidents/run-incident.ts';
import type { AppDeps, IncidentsService, LedgerQueries } from '../http/app-deps.ts';
import { type FraudAlerts, startFraudAlerts } from './fraud-alerts-service.ts';
import { type ReadModels, openReadModels } from './read-models.ts';
import type { ReadSideConfig } from './read-side-config.ts';
import { type HoldExpiryService, startHoldExpiryService } from './hold-expiry-service.ts';

export type ReadSide = Readonly<{
  deps: Pick<AppDeps, 'queries' | 'incidents' | 'alerts'>;
  models: ReadModels;
  stop: () => Promise<void>;
}>;

// The held balance comes from the holds view (its own runner, on this event loop), so a read waits for both.
const ledgerQueries = (models: ReadModels, holds: HoldExpiryService): LedgerQueries => ({
  chainBroken: (accountId) => models.chains().chainOf(accountId)?.broken === true,
  balance: async ({ accountId, asOf, knownAt }) => {
    const answer = models.balance().balanceAt(accountId, { asOf, knownAt });
    if (answer === undefined) return undefined;
    const held = holds.view.heldBalance(accountId, answer.currency, asOf, knownAt);
    return {
      currency: answer.currency,
      ledgerBalance: formatAmount(answer.ledgerBalance),
      correctedBalance: formatAmount(answer.correctedBalance),
      heldBalance: formatAmount(held),
      availableBalance: formatAmount(subtract(answer.ledgerBalance, held)),
    };
  },
  waitFor: async (position, timeoutMs) => {
    const [balance, held] = await Promise.all([
      models.waitFor(balanceProjectionName, position, timeoutMs),
      holds.runner.waitFor(openHoldsProjectionName, position, timeoutMs),
    ]);
    return balance.kind === 'caught_up' && held.kind === 'caught_up';
  },
});

const incidentsService = (store: EventStore, commands: CommandHandler, models: ReadModels): IncidentsService => ({
  run: async (request, issuedBy) => {
    // The route decoded the body already; the incident module's own codec gives its exact type.
    const decoded = IncidentRequestCodec.decode(request);
    if (isLeft(decoded)) throw new Error('incidents: a decoded request failed the incident codec');
    return runIncident({ store, handle: commands, issuedBy }, decoded.right);
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
  let holdExpiry: HoldExpiryService | undefined;
  try {
    alerts = startFraudAlerts(store, commands, env, opened.kind === 'sqlite' ? { database: opened.database } : {});
    holdExpiry = startHoldExpiryService(store, commands, env);
  } catch (error) {
    await alerts?.stop();
    await models.stop();
    throw error;
  }
  const running = alerts;
  const expiring = holdExpiry;
  return {
    deps: { queries: ledgerQueries(models, expiring), incidents: incidentsService(store, commands, models), alerts: running.query },
    models,
    stop: async () => {
      await expiring.stop();
      await running.stop();
      await models.stop();
    },
  };
};
