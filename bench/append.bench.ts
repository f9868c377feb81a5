// Durable appends per second through the SQLite store, each beside a raw better-sqlite3 baseline
// that writes the same rows with the same number of commits (see append-raw-baseline.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type CommandHandler, createCommandHandler } from '../adapters/command-handling/command-handler.ts';
import { type NewEvent, expectAny, expectExact, expectNoStream } from '../domain/ports/event-store.ts';
import { type SqliteEventStore, openSqliteEventStore } from '../adapters/event-store/sqlite-event-store.ts';
import { RawTable, rowsAfter } from './append-raw-baseline.ts';
import { openAccount, succeeded, topUpWallet, walletToppedUp } from './append-workload.ts';
import type { BenchResult } from './bench-result.ts';
import { stepUpChargeLine } from './step-up-charges.ts';

export const name = 'append';

const sizes = {
  sequentialCommands: 5_000, sequentialCommandsPerChunk: 250,
  accounts: 1_000, commandsPerAccount: 10, commandsPerAccountPerChunk: 2,
  batches: 50, batchesPerChunk: 5, eventsPerBatch: 1_000,
};
const roundsMeasured = 3;
const ratioTarget = { of: 'ratio', atLeast: 0.8 } as const;

export const description = `
Each line totals ${roundsMeasured} rounds (after one warm-up round that is not counted), each on fresh database files.
A round does its work in chunks, and right after each chunk the raw baseline writes the same rows
(reading them back is not timed), so both sides run under the same machine load; the ratio is
raw time / our time for the same rows (1.00 = as fast as raw). All writes are durable: WAL with synchronous=FULL, one fsync of the log per commit, on both sides.
The raw baseline replays the very rows our store wrote in that round (read back from its file) into a
table created from the store's own DDL (same AUTOINCREMENT key, UNIQUE (stream_id, revision) and type
index), with the same pragmas, one prepared INSERT, and **the same transaction sizes our store used**
(recorded per commit), so both sides pay the same number of commits per event.

- **command path, sequential**: ${sizes.sequentialCommands.toLocaleString('en-US')} TopUpWallet commands on one account (chunks of ${sizes.sequentialCommandsPerChunk}), each awaited before
  the next (read, decide, append with the expected revision): one event and one commit per command.
  Baseline: one single-row transaction per event.
- **command path, concurrent**: ${sizes.accounts.toLocaleString('en-US')} accounts, one client per account sending ${sizes.commandsPerAccount} TopUpWallet commands one
  after another (chunks of ${sizes.commandsPerAccountPerChunk} per client), all clients at once; group commit puts the appends of one event-loop turn in one
  transaction. Baseline: transactions of exactly the group sizes our store committed.
- **store.append, concurrent** (for reading the line above, no target of its own in the brief): the same
  load as the concurrent command path, but each client calls store.append itself with the expected
  revision, so this shows what the store and group commit cost without the command path.
- **store.append, batched**: ${sizes.batches} appends of ${sizes.eventsPerBatch.toLocaleString('en-US')} WalletToppedUp events each (one commit per append),
  straight to the store, awaited one by one. Baseline: ${sizes.batches} transactions of ${sizes.eventsPerBatch.toLocaleString('en-US')} rows.

For reading the ratios, each line's details also give a second baseline, **raw with the hash chain**: the same
INSERTs and transactions, but each row's data arrives as an object and the loop does the least a writer keeping
the required hash chain must do, JSON.stringify of the data and SHA-256 over the canonical encoding (each hash
checked equal to the store's), so \`ratioToRawWithHashChain\` shows what the store costs beyond that requirement.

What the store does beyond the baseline: io-ts encoding and the decider (command lines), the canonical
JSON and SHA-256 hash chain per event, the expected-revision check, recordedAt stamping, building the
StoredEvent results, and a setImmediate hop per group.

- **charges with step-up on**: ${'3,000'} sequential ChargeWallet commands per round on an account whose state holds
  a verified device and eight logins from abroad, on two stores side by side, chunks alternating: one with
  step-up off, one with every step-up rule on (none trips, so every charge is charged at once). The ratio is
  off time / on time (1.00 = step-up costs nothing); the target allows at most about 11% more per charge.
`;

// A scenario prepares the store (not timed), then does its timed work in chunks; after each chunk
// the raw baseline writes the same rows right away, so both sides see the same machine load.
type Scenario<Context> = Readonly<{
  chunks: number;
  setup: (store: SqliteEventStore) => Promise<Context>;
  // Returns how many events the chunk wrote.
  chunk: (store: SqliteEventStore, context: Context, index: number) => Promise<number>;
}>;

type Round = Readonly<{ events: number; oursMs: number; rawMs: number; rawChainingMs: number; commits: number }>;

const measureRound = async <Context>(directory: string, scenario: Scenario<Context>): Promise<Round> => {
  let groupSizes: number[] = [];
  const store = openSqliteEventStore({
    path: join(directory, 'store.db'),
    onGroupCommitted: (group) => group.events > 0 && groupSizes.push(group.events),
  });
  let raw: RawTable | undefined;
  let rawChaining: RawTable | undefined;
  try {
    const context = await scenario.setup(store);
    let position = await store.headPosition();
    raw = new RawTable(join(directory, 'raw.db'), store.database, position);
    rawChaining = new RawTable(join(directory, 'raw-chaining.db'), store.database, position);
    let [events, oursMs, rawMs, rawChainingMs, commits] = [0, 0, 0, 0, 0];
    for (let index = 0; index < scenario.chunks; index += 1) {
      groupSizes = [];
      const start = performance.now();
      events += await scenario.chunk(store, context, index);
      oursMs += performance.now() - start;
      const rows = rowsAfter(store.database, position);
      position = await store.headPosition();
      rawMs += raw.replay(rows, groupSizes);
      rawChainingMs += rawChaining.replayChaining(rows, groupSizes);
      commits += groupSizes.length;
    }
    return { events, oursMs, rawMs, rawChainingMs, commits };
  } finally {
    raw?.close();
    rawChaining?.close();
    await store.close();
  }
};

const sequential: Scenario<CommandHandler> = {
  chunks: sizes.sequentialCommands / sizes.sequentialCommandsPerChunk,
  setup: async (store) => {
    const handle = createCommandHandler(store);
    succeeded(await handle(openAccount('solo')));
    return handle;
  },
  chunk: async (_, handle, chunk) => {
    for (let index = 0; index < sizes.sequentialCommandsPerChunk; index += 1) {
      succeeded(await handle(topUpWallet('solo', chunk * sizes.sequentialCommandsPerChunk + index)));
    }
    return sizes.sequentialCommandsPerChunk;
  },
};

const accounts = Array.from({ length: sizes.accounts }, (_, index) => `account-${index}`);
const concurrent: Scenario<CommandHandler> = {
  chunks: sizes.commandsPerAccount / sizes.commandsPerAccountPerChunk,
  setup: async (store) => {
    const handle = createCommandHandler(store);
    await Promise.all(accounts.map(async (account) => succeeded(await handle(openAccount(account)))));
    return handle;
  },
  chunk: async (_, handle, chunk) => {
    await Promise.all(accounts.map(async (account) => {
      for (let index = 0; index < sizes.commandsPerAccountPerChunk; index += 1) {
        succeeded(await handle(topUpWallet(account, chunk * sizes.commandsPerAccountPerChunk + index)));
      }
    }));
    return sizes.accounts * sizes.commandsPerAccountPerChunk;
  },
};

// The same shape of load as `concurrent`, straight to the store: what group commit costs without
// the command path's decide/evolve/encode work.
const concurrentStoreOnly: Scenario<ReadonlyArray<ReadonlyArray<NewEvent>>> = {
  chunks: sizes.commandsPerAccount / sizes.commandsPerAccountPerChunk,
  setup: async (store) => {
    await Promise.all(accounts.map((account) => store.append(`account-${account}`, [], expectAny)));
    return accounts.map((account) => Array.from({ length: sizes.commandsPerAccount }, (_, index) => walletToppedUp(account, index)));
  },
  chunk: async (store, events, chunk) => {
    await Promise.all(accounts.map(async (account, client) => {
      for (let index = 0; index < sizes.commandsPerAccountPerChunk; index += 1) {
        const revision = chunk * sizes.commandsPerAccountPerChunk + index;
        const event = events[client]?.[revision];
        if (event === undefined) throw new Error('bench: no event prepared');
        const outcome = await store.append(`account-${account}`, [event], revision === 0 ? expectNoStream : expectExact(revision - 1));
        if (outcome.kind !== 'appended') throw new Error('bench: a concurrent append conflicted');
      }
    }));
    return sizes.accounts * sizes.commandsPerAccountPerChunk;
  },
};

const batched: Scenario<ReadonlyArray<ReadonlyArray<NewEvent>>> = {
  chunks: sizes.batches / sizes.batchesPerChunk,
  setup: async () =>
    Array.from({ length: sizes.batches }, (_, batch) =>
      Array.from({ length: sizes.eventsPerBatch }, (_, index) => walletToppedUp(`batch-${batch}`, index))),
  chunk: async (store, batches, chunk) => {
    for (let offset = 0; offset < sizes.batchesPerChunk; offset += 1) {
      const batch = chunk * sizes.batchesPerChunk + offset;
      const outcome = await store.append(`account-batch-${batch}`, batches[batch] ?? [], expectNoStream);
      if (outcome.kind !== 'appended') throw new Error('bench: a batch append conflicted');
    }
    return sizes.batchesPerChunk * sizes.eventsPerBatch;
  },
};

type Line = Readonly<{ key: string; ours: string; raw: string; round: (directory: string) => Promise<Round> }>;

const lines: ReadonlyArray<Line> = [
  {
    key: 'sequential', ours: 'command path, sequential single-event appends', raw: 'raw, 1 row per transaction',
    round: (directory) => measureRound(directory, sequential),
  },
  {
    key: 'concurrent', ours: 'command path, concurrent single-event appends (group commit)', raw: 'raw, same group sizes',
    round: (directory) => measureRound(directory, concurrent),
  },
  {
    key: 'concurrent-store', ours: 'store.append, concurrent single-event appends (group commit)', raw: 'raw, same group sizes',
    round: (directory) => measureRound(directory, concurrentStoreOnly),
  },
  {
    key: 'batched', ours: 'store.append, 1,000 events per commit', raw: 'raw, 1,000 rows per transaction',
    round: (directory) => measureRound(directory, batched),
  },
];

const perSecond = (events: number, ms: number): number => (events / ms) * 1_000;

export const run = async (): Promise<BenchResult[]> => {
  const results: BenchResult[] = [];
  for (const line of lines) {
    const rounds: Round[] = [];
    for (let round = 0; round <= roundsMeasured; round += 1) {
      const directory = mkdtempSync(join(tmpdir(), `wallet-ledger-append-bench-${line.key}-`));
      try {
        const measured = await line.round(directory);
        if (round > 0) rounds.push(measured);
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    }
    const sum = (pick: (round: Round) => number) => rounds.reduce((total, round) => total + pick(round), 0);
    const [events, oursMs, rawMs] = [sum((round) => round.events), sum((round) => round.oursMs), sum((round) => round.rawMs)];
    const rawChainingMs = sum((round) => round.rawChainingMs);
    results.push({
      label: line.ours,
      value: perSecond(events, oursMs),
      unit: 'events/s',
      baseline: { label: line.raw, value: perSecond(events, rawMs) },
      ratio: rawMs / oursMs,
      target: ratioTarget,
      details: {
        ratioPerRound: rounds.map((round) => (round.rawMs / round.oursMs).toFixed(2)).join(' '),
        rawWithHashChainEventsPerSecond: Math.round(perSecond(events, rawChainingMs)),
        ratioToRawWithHashChain: (rawChainingMs / oursMs).toFixed(2),
        eventsPerRound: rounds[0]?.events,
        commitsPerRound: rounds.map((round) => round.commits).join(' '),
      },
    });
  }
  results.push(await stepUpChargeLine());
  return results;
};
