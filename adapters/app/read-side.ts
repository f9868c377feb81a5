// The read side the server wires into buildApp: the bitemporal balance index fed by the
// projection runner (persisted in the SQLite file when the store is SQLite, rebuilt in memory
// otherwise), incidents and reimbursements over the store, and the fraud alert driver.
import { isLeft, right } from 'fp-ts/lib/Either.js';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import type { OpenedStore } from '../event-store/open-event-store.ts';
import { formatAmount, subtract } from '../../domain/money.ts';
import { openHoldsProjectionName } from '../../projections/holds/open-holds.ts';
import type { BalanceReader } from '../../projections/balance/balance-index.ts';
import { IncidentRequestCodec } from '../../projections/incidents/incident-request.ts';
import { type ProjectionRunner, createProjectionRunner } from '../../projections/runner/projection-runner.ts';
import type { ReimbursementsReader } from '../../projections/reimbursements/reimbursements-projection.ts';
import type { ChainReader } from '../../projections/chain/chain-verification.ts';
import { reimbursementsProjectionName } from '../../projections/reimbursements/reimbursements-projection.ts';
import { type LedgerProjections, balanceProjectionName, memoryLedgerProjections, sqliteLedgerProjections } from './projections-setup.ts';
import { runIncident } from '../incidents/run-incident.ts';
import type { AppDeps, IncidentsService, LedgerQueries } from '../http/app-deps.ts';
import { type FraudAlerts, startFraudAlerts } from './fraud-alerts-service.ts';
import { type HoldExpiryService, startHoldExpiryService } from './hold-expiry-service.ts';

export type ReadSide = Readonly<{
  deps: Pick<AppDeps, 'queries' | 'incidents' | 'alerts'>;
  stop: () => Promise<void>;
}>;

type Projections = { reader: BalanceReader; reimbursements: ReimbursementsReader; chains: ChainReader; runner: ProjectionRunner };

const withRunner = <Tx>(store: EventStore, { balance, reimbursements, chains, persistence, projections }: LedgerProjections<Tx>): Projections =>
  ({ reader: balance, reimbursements, chains, runner: createProjectionRunner({ store, persistence, projections }) });

// Both projections persist in the SQLite file when there is one; otherwise they live in memory
// and are rebuilt from the store at every start (adapters/app/projections-setup.ts, shared with the CLI).
const startProjections = (opened: OpenedStore, store: EventStore): Projections =>
  opened.kind === 'sqlite' ? withRunner(store, sqliteLedgerProjections(opened.database)) : withRunner(store, memoryLedgerProjections());


// The held balance comes from the holds view (its own runner), so a read waits for both.
const ledgerQueries = (reader: BalanceReader, chains: ChainReader, runner: ProjectionRunner, holds: HoldExpiryService): LedgerQueries => ({
  chainBroken: (accountId) => chains.chainOf(accountId)?.broken === true,
  balance: async ({ accountId, asOf, knownAt }) => {
    const answer = reader.balanceAt(accountId, { asOf, knownAt });
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
      runner.waitFor(balanceProjectionName, position, timeoutMs),
      holds.runner.waitFor(openHoldsProjectionName, position, timeoutMs),
    ]);
    return balance.kind === 'caught_up' && held.kind === 'caught_up';
  },
});

const incidentsService = (store: EventStore, commands: CommandHandler, projections: Projections): IncidentsService => ({
  run: async (request, issuedBy) => {
    // The route decoded the body already; the incident module's own codec gives its exact type.
    const decoded = IncidentRequestCodec.decode(request);
    if (isLeft(decoded)) throw new Error('incidents: a decoded request failed the incident codec');
    return runIncident({ store, handle: commands, issuedBy }, decoded.right);
  },
  reimbursements: async (incidentId) => projections.reimbursements.reimbursements(incidentId),
  waitFor: async (position, timeoutMs) =>
    (await projections.runner.waitFor(reimbursementsProjectionName, position, timeoutMs)).kind === 'caught_up',
});

export const openReadSide = async (opened: OpenedStore, store: EventStore, commands: CommandHandler, env: Readonly<Record<string, string | undefined>>): Promise<ReadSide> => {
  const balance = startProjections(opened, store);
  balance.runner.start();
  let alerts: FraudAlerts | undefined;
  let holdExpiry: HoldExpiryService | undefined;
  try {
    alerts = startFraudAlerts(store, commands, env, opened.kind === 'sqlite' ? { database: opened.database } : {});
    holdExpiry = startHoldExpiryService(store, commands, env);
  } catch (error) {
    await alerts?.stop();
    await balance.runner.stop();
    throw error;
  }
  const running = alerts;
  const expiring = holdExpiry;
  return {
    deps: { queries: ledgerQueries(balance.reader, balance.chains, balance.runner, expiring), incidents: incidentsService(store, commands, balance), alerts: running.query },
    stop: async () => {
      await expiring.stop();
      await running.stop();
      await balance.runner.stop();
    },
  };
};
