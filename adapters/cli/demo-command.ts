// `wallet-ledger demo`: seeds a fresh store with the 7pay-like day (adapters/incidents/
// seven-pay-scenario.ts) through the one command path, lets the fraud detector flag it (the read
// side's detector, in the read file beside the store: cli-fraud-journal.ts), runs the
// incident (dry run, then for real), plays the day again with step-up on, and prints the report
// (demo-report.ts). Without --store or
// LEDGER_STORE it uses a new SQLite file under the OS temp directory, kept so that other commands
// can look at it afterwards; it refuses to seed a store that already holds events.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { alertsLimitMax } from '../../projections/fraud/fraud-detector-projection.ts';
import { createCommandHandler } from '../command-handling/command-handler.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import type { StoreLocation } from '../event-store/open-event-store.ts';
import { readReimbursements } from '../incidents/reimbursements-from-store.ts';
import { runCommands } from '../incidents/run-commands.ts';
import { type SevenPayDay, sevenPayDay } from '../incidents/seven-pay-scenario.ts';
import { playSevenPayWithStepUp } from '../incidents/seven-pay-step-up.ts';
import { readAccountLedger } from './account-ledger.ts';
import { instantOrNow } from './cli-arguments.ts';
import { failed, runAction } from './cli-failure.ts';
import { withFraudJournal } from './cli-fraud-journal.ts';
import { type StoreOption, describeLocation, openLocation, storeLocation, storeOptionFlags, storeValue, withOpenedStore } from './cli-store.ts';
import { cliIssuer } from './cli-issuer.ts';
import { demoReport } from './demo-report.ts';
import { runIncidentWithProgress } from './incident-command.ts';
import { progressOnTerminal } from './progress-bar.ts';
import { type ScenarioClock, createScenarioClock } from './scenario-clock.ts';

const freshDemoLocation = (): StoreLocation => ({ kind: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'wallet-ledger-demo-')), 'ledger.db') });

const seed = async (store: EventStore, day: SevenPayDay, clock: ScenarioClock): Promise<void> => {
  const handle = createCommandHandler(store);
  const progress = progressOnTerminal();
  progress.start(day.commands.length, 'seeding', 'commands');
  try {
    for (const [done, command] of day.commands.entries()) {
      clock.advanceTo(command.occurredAt);
      await runCommands(handle, [command], cliIssuer());
      progress.update(done + 1);
    }
  } finally {
    progress.stop();
  }
};

const victimLedger = async (store: EventStore, day: SevenPayDay) => {
  const victim = day.victims[0];
  if (victim === undefined) throw new Error('demo: the scenario has no victim');
  const now = instantOrNow(undefined, 'now', Date.now());
  const ledger = await readAccountLedger(store, victim, { asOf: now, knownAt: now }, false);
  if (ledger === undefined) throw new Error(`demo: victim ${victim} was not seeded`);
  return ledger;
};

const runDemo = async (options: StoreOption): Promise<void> => {
  const given = storeValue(options.store);
  const location = given === undefined ? freshDemoLocation() : storeLocation(given);
  const day = sevenPayDay();
  const clock = createScenarioClock(day.commands[0]?.occurredAt ?? day.incident.window.from);
  await withOpenedStore(openLocation(location, 'create', clock), async (store) => {
    const existing = await store.headPosition();
    if (existing > 0n) throw failed(`refusing to seed ${describeLocation(location)}: it already holds ${existing} events; give an empty --store`);
    await seed(store, day, clock);
    const alerts = await withFraudJournal(store, location, { detect: true, log: () => undefined }, (journal) => journal.since(undefined, alertsLimitMax));
    const victimBefore = await victimLedger(store, day);
    const { result: dryRun } = await runIncidentWithProgress(store, { ...day.incident, dryRun: true });
    // Finance runs the incident the next morning, at the reversals' own occurredAt.
    clock.advanceTo(day.incident.occurredAt ?? day.incident.window.to);
    const run = await runIncidentWithProgress(store, day.incident);
    const reimbursements = await readReimbursements(store, day.incident.incidentId);
    if (reimbursements === undefined) throw new Error('demo: the incident it just ran is not in the store');
    const victimAfter = await victimLedger(store, day);
    const events = await store.headPosition();
    // On a store of its own (in memory): the demo's store keeps the day as it happened.
    const stepUp = await playSevenPayWithStepUp(day);
    process.stdout.write(
      demoReport({ store: describeLocation(location), events, day, alerts, dryRun, run, reimbursements, victimBefore, victimAfter, stepUp }),
    );
  });
};

export const addDemoCommand = (program: Command): Command =>
  program
    .command('demo')
    .description('seed a fresh store with a 7pay-like day, run the incident, print the report (and `incident: <id>`)')
    .option(storeOptionFlags, 'an EMPTY event store to seed (default: LEDGER_STORE, else a new SQLite file under the temp directory)')
    .action(runAction('demo', runDemo));
