// Balance queries on one account with 1,000,000 events in a real SQLite store: the persisted index
// (projections/balance) beside a full replay of the account in the same run, for knownAt = now and
// for a past knownAt. The index is built by the projection runner (its speed is bench/rebuild).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { expectAny, pageSizeMax } from '../domain/ports/event-store.ts';
import type { NewEvent } from '../domain/ports/event-store.ts';
import { toLedgerEvent } from '../adapters/event-store/ledger-events.ts';
import { type SqliteEventStore, openSqliteEventStore } from '../adapters/event-store/sqlite-event-store.ts';
import { AccountId } from '../domain/ids.ts';
import { type Instant, InstantCodec, instantFromEpochMs } from '../domain/instant.ts';
import { type BalanceQuery, type Balances, type BalanceFact, balanceFactOf, referenceBalance } from '../projections/balance/bitemporal-balance.ts';
import { createSqliteBalanceIndex } from '../projections/balance/sqlite-balance-index.ts';
import { createProjectionRunner } from '../projections/runner/projection-runner.ts';
import { createSqliteProjectionPersistence } from '../projections/runner/sqlite-projection-persistence.ts';
import type { BenchResult } from './bench-result.ts';

export const name = 'balance';

// BENCH_BALANCE_EVENTS shrinks the account for a quick local run; the report uses the default.
const eventsTotal = Number(process.env.BENCH_BALANCE_EVENTS ?? 1_000_000);
const appendSize = 10_000;
const queriesNow = 5_000;
const queriesPast = 300;
const replays = 3;
const targets = { nowP99Ms: 1, pastP99Ms: 50 };

export const description = `
One account, ${eventsTotal.toLocaleString('en-US')} events (top-ups, charges, 1% reversals; 5% of events recorded late, up to
a week before the events around them in valid time), appended to a real SQLite store in commits of ${appendSize.toLocaleString('en-US')}
(recordedAt 1 s apart per commit). The index is built by the projection runner before timing.
- **now**: balanceAt with knownAt = now and a uniformly random asOf over the account's valid time,
  ${queriesNow.toLocaleString('en-US')} queries, p99 (target <= ${targets.nowP99Ms} ms).
- **past knownAt**: knownAt uniformly random within the recording period, random asOf, ${queriesPast} queries, p99
  (target <= ${targets.pastP99Ms} ms).
- Baseline for both: a full replay of the account (readStream pages, io-ts decoding, the reference fold
  of projections/balance/bitemporal-balance.ts), median of ${replays}. Every replayed answer is checked
  against the index's answer to the same question.
`;

// mulberry32: a seeded generator, so every run benchmarks the same history.
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

export const benchAccountId = 'bench-account';
export const startMs = Date.parse('2020-01-01T00:00:00.000Z');
const stepMs = 60_000;
const weekMs = 7 * 24 * 3_600_000;

const money = (amount: number) => ({ amount: String(amount), currency: 'JPY' });

const eventAt = (index: number, random: () => number, charges: string[]): NewEvent => {
  const late = random() < 0.05 ? Math.floor(random() * weekMs) : 0;
  const occurredAt = instantFromEpochMs(Math.max(startMs, startMs + index * stepMs - late));
  const base = { accountId: benchAccountId, occurredAt };
  const roll = random();
  if (index === 0) return { type: 'AccountOpened', occurredAt, data: { ...base, currency: 'JPY', homeCountry: 'JP' } };
  if (roll < 0.01 && charges.length > 0) {
    const [chargeId, amount] = (charges.splice(Math.floor(random() * charges.length), 1)[0] ?? ':1').split(':');
    return { type: 'ChargeReversed', occurredAt, data: { ...base, chargeId, amount: money(Number(amount)), reason: 'refund' } };
  }
  const amount = 1 + Math.floor(random() * 5_000);
  if (roll < 0.4) return { type: 'WalletToppedUp', occurredAt, data: { ...base, topUpId: `t-${index}`, amount: money(amount), source: 'card' } };
  charges.push(`c-${index}:${amount}`);
  const device = { merchantId: 'm-1', storeId: 's-1', deviceId: 'd-1' };
  return { type: 'WalletCharged', occurredAt, data: { ...base, chargeId: `c-${index}`, amount: money(amount), ...device } };
};

// Opens a store at path holding one account of `total` events; recordedAt advances 1 s per commit.
export const seedOneAccount = async (path: string, total: number): Promise<SqliteEventStore> => {
  let recordedMs = Date.parse('2024-01-01T00:00:00.000Z');
  const store = openSqliteEventStore({ path, clock: { now: () => new Date((recordedMs += 1_000)) } });
  const random = seededRandom(42);
  const charges: string[] = [];
  for (let from = 0; from < total; from += appendSize) {
    const events = Array.from({ length: Math.min(appendSize, total - from) }, (_, offset) => eventAt(from + offset, random, charges));
    const outcome = await store.append(`account-${benchAccountId}`, events, expectAny);
    if (outcome.kind !== 'appended') throw new Error('balance bench: seeding conflicted');
  }
  return store;
};

const percentile = (sorted: ReadonlyArray<number>, fraction: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;

const replay = async (store: SqliteEventStore, query: BalanceQuery): Promise<Balances | undefined> => {
  const facts: BalanceFact[] = [];
  let currency: 'JPY' | undefined;
  for (let revision = 0; revision <= eventsTotal; revision += pageSizeMax) {
    const page = await store.readStream(`account-${benchAccountId}`, { fromRevision: revision, limit: pageSizeMax });
    for (const stored of page) {
      const event = toLedgerEvent(stored);
      if (event.type === 'AccountOpened') currency = 'JPY';
      const fact = InstantCodec.is(stored.recordedAt) ? balanceFactOf(event, stored.recordedAt) : undefined;
      if (fact !== undefined) facts.push(fact);
    }
    if (page.length < pageSizeMax) break;
  }
  return referenceBalance({ currency, facts }, query);
};

const text = (balances: Balances | undefined): string =>
  balances === undefined ? 'none' : `${balances.ledgerBalance.amount.toFixed()}/${balances.correctedBalance.amount.toFixed()}`;

const timeQueries = (queries: ReadonlyArray<BalanceQuery>, ask: (query: BalanceQuery) => unknown): number[] => {
  const durations = queries.map((query) => {
    const start = performance.now();
    ask(query);
    return performance.now() - start;
  });
  return durations.sort((a, b) => a - b);
};

export const run = async (): Promise<BenchResult[]> => {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-balance-bench-'));
  try {
    const seedStart = performance.now();
    const store = await seedOneAccount(join(directory, 'ledger.db'), eventsTotal);
    const seedMs = performance.now() - seedStart;
    const index = createSqliteBalanceIndex(store.database);
    const runner = createProjectionRunner({ store, persistence: createSqliteProjectionPersistence(store.database), projections: [index.projection] });
    const buildStart = performance.now();
    runner.start();
    const caughtUp = await runner.waitFor('balance', await store.headPosition(), 600_000);
    if (caughtUp.kind !== 'caught_up') throw new Error(`balance bench: index not built (${caughtUp.kind})`);
    const buildMs = performance.now() - buildStart;
    await runner.stop();

    const accountId = AccountId.is(benchAccountId) ? benchAccountId : undefined;
    if (accountId === undefined) throw new Error('balance bench: bad account id');
    const random = seededRandom(7);
    const validEndMs = startMs + eventsTotal * stepMs;
    const recorded = await store.readAll({ limit: 1 });
    const firstRecordedMs = Date.parse(recorded[0]?.recordedAt ?? '2024-01-01T00:00:00.000Z');
    const lastRecordedMs = firstRecordedMs + Math.ceil(eventsTotal / appendSize) * 1_000;
    const instant = (ms: number): Instant => instantFromEpochMs(Math.floor(ms));
    const asOf = () => instant(startMs - weekMs + random() * (validEndMs - startMs + 2 * weekMs));
    const now = instant(lastRecordedMs + 3_600_000);
    const nowQueries = Array.from({ length: queriesNow }, () => ({ asOf: asOf(), knownAt: now }));
    const pastQueries = Array.from({ length: queriesPast }, () => ({ asOf: asOf(), knownAt: instant(firstRecordedMs + random() * (lastRecordedMs - firstRecordedMs)) }));

    const ask = (query: BalanceQuery) => index.balanceAt(accountId, query);
    const nowDurations = timeQueries(nowQueries, ask);
    const pastDurations = timeQueries(pastQueries, ask);
    const replayMs: number[] = [];
    for (const query of [nowQueries[0], pastQueries[0], pastQueries[1]].slice(0, replays)) {
      if (query === undefined) continue;
      const start = performance.now();
      const replayed = await replay(store, query);
      replayMs.push(performance.now() - start);
      if (text(replayed) !== text(ask(query))) throw new Error(`balance bench: index ${text(ask(query))} != replay ${text(replayed)}`);
    }
    await store.close();
    const replayMedianMs = [...replayMs].sort((a, b) => a - b)[Math.floor(replayMs.length / 2)] ?? Number.NaN;
    const details = { events: eventsTotal, seedSeconds: Math.round(seedMs / 1_000), indexBuildSeconds: Math.round(buildMs / 1_000) };
    const nowP99 = percentile(nowDurations, 0.99);
    const pastP99 = percentile(pastDurations, 0.99);
    return [
      {
        label: 'indexed balance, knownAt = now, p99', value: nowP99, unit: 'ms',
        baseline: { label: 'full replay of the account', value: replayMedianMs },
        target: { of: 'value', atMost: targets.nowP99Ms },
        details: { ...details, p50Ms: percentile(nowDurations, 0.5), maxMs: nowDurations.at(-1) },
      },
      {
        label: 'indexed balance, past knownAt, p99', value: pastP99, unit: 'ms',
        baseline: { label: 'full replay of the account', value: replayMedianMs },
        target: { of: 'value', atMost: targets.pastP99Ms },
        details: { p50Ms: percentile(pastDurations, 0.5), maxMs: pastDurations.at(-1) },
      },
    ];
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
};
