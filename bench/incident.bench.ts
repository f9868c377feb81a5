// Incident benchmark: 1,000,000 stored events in a real SQLite store with 10,000 fraudulent
// charges (2,000 victims x 5). Times, in one run: a baseline scan of the same events (readAll
// pages with the incident's type filter, nothing else), the dry run (target <= 5 s) and the real
// run with its 10,000 reversals through the command handler (target <= 10 s).
import { runIncidentOrThrow } from '../test/support/run-incident-or-throw.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCommandHandler } from '../adapters/command-handling/command-handler.ts';
import { pageSizeMax } from '../domain/ports/event-store.ts';
import { openSqliteEventStore } from '../adapters/event-store/sqlite-event-store.ts';
import { incidentDayEnd, incidentDayStart, seedSyntheticLedger } from '../adapters/incidents/synthetic-ledger.ts';
import { literal } from '../adapters/incidents/scenario-ids.ts';
import { CountryCode, IncidentId, Text } from '../domain/ids.ts';
import { InstantCodec } from '../domain/instant.ts';
import { incidentSourceTypes } from '../projections/incidents/incident-source-types.ts';
import type { IncidentRequest } from '../domain/incidents/incident-request.ts';

import type { BenchResult } from './bench-result.ts';

export const name = 'incident';

const sizes = { accounts: 20_000, eventsPerAccount: 50, victims: 2_000, fraudulentChargesPerVictim: 5 };
const dryRunTargetMs = 5_000;
const runTargetMs = 10_000;

export const description = `
A real SQLite store seeded with 1,000,000 events: 20,000 accounts x 50 events (opening, a verified home phone,
a top-up, a month of logins and charges); 2,000 of them taken over on the incident day (a login from CN, an
attacker phone registered and verified, 5 charges of JPY 30,000): 10,000 fraudulent charges. The incident's
criteria are devicesRegisteredInWindow + countries [CN] over that day.
- **baseline**: readAll pages over the whole store with the incident's type filter, doing nothing else.
- **dry run**: runIncident with dryRun (one scan, the selection, the totals); target <= 5 s.
- **run**: runIncident for real on the same store (its own scan, then 10,000 reversals through the command
  handler, 128 accounts at a time); target <= 10 s. Both answers are checked: 10,000 charges, JPY 300,000,000.`;

const request = (dryRun: boolean): IncidentRequest => ({
  incidentId: literal(IncidentId, 'bench-incident'),
  description: literal(Text, 'benchmark takeover'),
  window: { from: literal(InstantCodec, incidentDayStart), to: literal(InstantCodec, incidentDayEnd) },
  criteria: { devicesRegisteredInWindow: true, countries: [literal(CountryCode, 'CN')] },
  dryRun,
  occurredAt: literal(InstantCodec, incidentDayEnd),
});

const timed = async <T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const start = performance.now();
  const value = await work();
  return { ms: Math.round(performance.now() - start), value };
};

export const run = async (): Promise<BenchResult[]> => {
  const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-incident-bench-'));
  const store = openSqliteEventStore({ path: join(directory, 'ledger.db') });
  try {
    const seeded = await timed(() => seedSyntheticLedger(store, sizes));
    const types = incidentSourceTypes(request(true).criteria);
    const baseline = await timed(async () => {
      let after = 0n;
      let count = 0;
      for (;;) {
        const page = await store.readAll({ after, limit: pageSizeMax, types });
        const last = page.at(-1);
        if (last === undefined) return count;
        count += page.length;
        after = last.position;
      }
    });
    const dry = await timed(() => runIncidentOrThrow({ store, handle: createCommandHandler(store) }, request(true)));
    const real = await timed(() => runIncidentOrThrow({ store, handle: createCommandHandler(store) }, request(false)));
    const expected = seeded.value.fraudulentCharges;
    const check = (charges: number) => ({ charges, expectedCharges: expected, total: seeded.value.fraudulentYen.toString() });
    const base = { label: 'readAll scan, incident types', value: baseline.ms };
    const correct = (answer: typeof dry.value): boolean =>
      answer.charges === expected && answer.total.JPY === seeded.value.fraudulentYen.toString();
    return [
      { label: 'seed (batched appends)', value: seeded.ms, unit: 'ms', details: { events: seeded.value.events } },
      { label: 'baseline: readAll scan', value: baseline.ms, unit: 'ms', details: { eventsRead: baseline.value } },
      { label: 'dry run', value: dry.ms, unit: 'ms', baseline: base, target: { of: 'value', atMost: dryRunTargetMs }, passed: dry.ms <= dryRunTargetMs && correct(dry.value), details: { ...check(dry.value.charges), answered: dry.value.total } },
      { label: 'run (10,000 reversals)', value: real.ms, unit: 'ms', baseline: base, target: { of: 'value', atMost: runTargetMs }, passed: real.ms <= runTargetMs && correct(real.value), details: { ...check(real.value.charges), answered: real.value.total } },
    ];
  } finally {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  }
};
