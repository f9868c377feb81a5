// The read side the server wires into buildApp: the ledger's read models (the bitemporal balance
// index, the reimbursements, the fraud detector's alert journal) from read-models.ts (a worker
// thread by default, see read-side-config.ts), incidents and reimbursements over them, and the
// processes that react to them through this server's command path (auto-freeze, hold expiry).
import { isLeft } from 'fp-ts/lib/Either.js';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import type { OpenedStore } from '../event-store/open-event-store.ts';
import { formatAmount, subtract } from '../../domain/money.ts';
import { openHoldsProjectionName } from '../../projections/holds/open-holds.ts';
import type { ChainReader } from '../../projections/chain/chain-verification.ts';
import { reimbursementsProjectionName } from '../../projections/reimbursements/reimbursements-projection.ts';
import { balanceProjectionName } from './projections-setup.ts';
import { runIncident } from '../incidents/run-incident.ts';
import type { AlertsQuery, AppDeps, IncidentsService, LedgerQueries } from '../http/app-deps.ts';
import { alertToJson } from '../../projections/fraud/fraud-alert.ts';
import { fraudDetectorProjectionName } from '../../projections/fraud/fraud-detector-projection.ts';
import { type AutoFreeze, startAutoFreeze } from '../processes/auto-freeze.ts';
import { autoFreezeVariable, parseAutoFreeze } from '../processes/auto-freeze-policy.ts';
import { cursorPathBeside, memoryAutoFreezeCursor, openAutoFreezeCursorFile } from '../processes/auto-freeze-cursor.ts';
import { ledgerIdentityOf } from '../../projections/sqlite/read-store-identity.ts';
import { type ReadModels, openReadModels } from './read-models.ts';
import type { ReadSideConfig } from './read-side-config.ts';
import type { HoldExpiry } from '../processes/hold-expiry.ts';
import { startHoldExpiryService } from './hold-expiry-service.ts';

export type ReadSide = Readonly<{
  deps: Pick<AppDeps, 'queries' | 'incidents' | 'alerts'>;
  models: ReadModels;
  stop: () => Promise<void>;
}>;

// The held balance comes from the holds view, a projection of its own: a read waits for both.
const ledgerQueries = (models: ReadModels): LedgerQueries => ({
  chainBroken: (accountId) => models.chains().chainOf(accountId)?.broken === true,
  balance: async ({ accountId, asOf, knownAt }) => {
    const answer = models.balance().balanceAt(accountId, { asOf, knownAt });
    if (answer === undefined) return undefined;
    const held = models.holds().heldBalance(accountId, answer.currency, asOf, knownAt);
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
      models.waitFor(openHoldsProjectionName, position, timeoutMs),
    ]);
    return balance.kind === 'caught_up' && held.kind === 'caught_up';
  },
});

const incidentsService = (store: EventStore, commands: CommandHandler, models: ReadModels): IncidentsService => ({
  run: async (request, issuedBy) => runIncident({ store, handle: commands, issuedBy }, request),
  reimbursements: async (incidentId) => models.reimbursements().reimbursements(incidentId),
  waitFor: async (position, timeoutMs) =>
    (await models.waitFor(reimbursementsProjectionName, position, timeoutMs)).kind === 'caught_up',
});

const alertsQuery = (models: ReadModels): AlertsQuery => ({
  since: async (since, limit) => models.alerts().since(since, limit).map(alertToJson),
  waitFor: async (position, timeoutMs) => (await models.waitFor(fraudDetectorProjectionName, position, timeoutMs)).kind === 'caught_up',
});

// Off by default: only with rules named in LEDGER_FRAUD_AUTO_FREEZE. Its cursor lives beside the
// read file (in memory with the memory store, whose journal is rebuilt at every start anyway).
const autoFreezeOf = async (
  models: ReadModels, store: EventStore, commands: CommandHandler, env: Readonly<Record<string, string | undefined>>, config: ReadSideConfig,
): Promise<AutoFreeze | undefined> => {
  const policy = parseAutoFreeze(env[autoFreezeVariable]);
  if (isLeft(policy)) throw new Error(policy.left);
  if (policy.right.size === 0) return undefined;
  const cursor = config.readPath === undefined
    ? memoryAutoFreezeCursor()
    : openAutoFreezeCursorFile(cursorPathBeside(config.readPath), await ledgerIdentityOf(store));
  const process = startAutoFreeze({ policy: policy.right, alerts: models.alerts, commands, cursor });
  return {
    runOnce: process.runOnce,
    stop: async () => {
      await process.stop();
      cursor.close();
    },
  };
};

export const openReadSide = async (
  opened: OpenedStore, store: EventStore, commands: CommandHandler, env: Readonly<Record<string, string | undefined>>,
  config: ReadSideConfig, log: (line: string) => void,
): Promise<ReadSide> => {
  const models = await openReadModels(opened, config, log);
  let freezing: AutoFreeze | undefined;
  let holdExpiry: HoldExpiry | undefined;
  try {
    freezing = await autoFreezeOf(models, store, commands, env, config);
    holdExpiry = startHoldExpiryService(models.holds, commands, env);
  } catch (error) {
    await freezing?.stop();
    await models.stop();
    throw error;
  }
  const running = freezing;
  const expiring = holdExpiry;
  return {
    deps: { queries: ledgerQueries(models), incidents: incidentsService(store, commands, models), alerts: alertsQuery(models) },
    models,
    stop: async () => {
      await expiring.stop();
      await running?.stop();
      await models.stop();
    },
  };
};
