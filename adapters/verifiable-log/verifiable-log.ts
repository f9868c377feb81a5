// The verifiable log of one store: nodes fed from the store in global order, a checkpoint signed
// every half interval while the tree grows (so a checkpoint served covers every event acknowledged
// at least an interval before), every checkpoint kept, and proofs answered from the nodes. It
// never signs a tree inconsistent with one it signed: at start and before each signature it
// checks the store still holds the signed tree (log-consistency.ts) and otherwise refuses, loudly,
// and reports `inconsistent` (for /ready).
import type { EventStore, GlobalPosition } from '../../domain/ports/event-store.ts';
import type { Clock } from '../event-store/recorded-at.ts';
import { yieldToEventLoop } from '../event-store/yield-to-event-loop.ts';
import { type EventHashReader, eventHashesThroughPort } from './event-hashes.ts';
import type { CheckpointTable, SignedCheckpoint } from './checkpoint-table.ts';
import type { SharedCheckpoints } from './eventstoredb-log-checkpoints.ts';
import { type Consistency, checkEventsAgainst } from './log-consistency.ts';
import { createLogSigner } from './log-signer.ts';
import { type Feeder, feedLog, feedOnce } from './log-feeder.ts';
import { type NodeTable, logNodesOver } from './log-nodes.ts';
import type { Hash } from './merkle-hash.ts';
import { consistencyProof, inclusionProof } from './merkle-proofs.ts';
import { formatVerifierKey, verifierOf } from './signed-note.ts';
import type { SigningKey } from './signing-key.ts';

export type LogStatus = Readonly<{ kind: 'starting' }> | Consistency;

export type VerifiableLog = Readonly<{
  origin: string;
  verifierKey: string;
  status: () => LogStatus;
  // Resolves once the start check is done (and feeding has begun when it passed).
  started: Promise<void>;
  // How many leaves the log's nodes hold (the feeder trails the store by a batch or so).
  size: () => number;
  latest: () => SignedCheckpoint | undefined;
  checkpointAt: (treeSize: number) => SignedCheckpoint | undefined;
  // Callers check 0 <= logIndex < treeSize <= latest size (and 1 <= from <= to) first.
  inclusion: (logIndex: number, treeSize: number) => Hash[];
  consistency: (from: number, to: number) => Hash[];
  // undefined: the event is not numbered yet (on EventStoreDB the log numbers events as it feeds).
  logIndexOf: (position: GlobalPosition) => number | undefined;
  // Takes in what the store holds now (tests; the feeder does it on its own every quarter interval).
  feedNow: () => Promise<number>;
  // Signs now if the tree grew (the timer calls it; tests call it directly).
  signNow: () => Promise<SignedCheckpoint | undefined>;
  stop: () => Promise<void>;
}>;

export type VerifiableLogOptions = Readonly<{
  store: EventStore;
  // How the log reads the events' hashes (default: through the store's readAll).
  hashes?: EventHashReader;
  nodes: NodeTable;
  checkpoints: CheckpointTable;
  // Checkpoints shared by several instances (EventStoreDB): read before each signature, and a
  // signed one is published there (it may lose a race to another instance) instead of added.
  shared?: Pick<SharedCheckpoints, 'refresh' | 'publish'>;
  // Where an event is in the log (default: a dense store's position - 1).
  logIndexOf?: (position: GlobalPosition) => number | undefined;
  key: SigningKey;
  origin: string;
  checkpointIntervalMs: number;
  clock: Clock;
  // Where the refusal to sign is said (stderr in the server).
  warn: (line: string) => void;
}>;

export const checkpointIntervalMsDefault = 1000;

export const createVerifiableLog = (options: VerifiableLogOptions): VerifiableLog => {
  const { store, checkpoints, key, origin, clock, warn } = options;
  const nodes = logNodesOver(options.nodes);
  const hashes = options.hashes ?? eventHashesThroughPort(store);
  let status: LogStatus = { kind: 'starting' };
  let signing: Promise<SignedCheckpoint | undefined> | undefined;
  let stopped = false;

  const refuse = (consistency: Consistency): void => {
    status = consistency;
    if (consistency.kind === 'inconsistent') warn(`verifiable log: NOT SIGNING, the store is not consistent with its signed log: ${consistency.reason}`);
  };

  const sign = createLogSigner({
    nodes, hashes, checkpoints, key, origin, clock, refuse, isConsistent: () => status.kind === 'consistent',
    ...(options.shared === undefined ? {} : { shared: options.shared }),
  });

  // What is served: the newest checkpoint this instance's nodes can prove (on EventStoreDB another
  // instance may have signed past them).
  let served: SignedCheckpoint | undefined;
  const latestServed = (): SignedCheckpoint | undefined => {
    const latest = checkpoints.latest();
    if (latest === undefined || latest.treeSize <= nodes.size()) served = latest;
    return served;
  };

  const signNow = (): Promise<SignedCheckpoint | undefined> => {
    signing ??= sign().finally(() => {
      signing = undefined;
    });
    return signing;
  };

  let feeding: Promise<number> = Promise.resolve(0);
  const feedSerially = (): Promise<number> => {
    feeding = feeding.catch(() => 0).then(() => feedOnce(hashes, nodes));
    return feeding;
  };
  let subscription: Feeder | undefined;
  let timer: NodeJS.Timeout | undefined;
  const started = (async () => {
    const last = checkpoints.latest();
    refuse(last === undefined ? { kind: 'consistent' } : await checkEventsAgainst(hashes, last, yieldToEventLoop));
    if (stopped) return;
    // A quarter interval: events are in the tree well before the next half-interval signature.
    subscription = feedLog(feedSerially, Math.max(1, Math.floor(options.checkpointIntervalMs / 4)));
    void subscription.done.then((error) => {
      if (error !== undefined) refuse({ kind: 'inconsistent', reason: `feeding the log failed: ${error.message}` });
    });
    timer = setInterval(() => void signNow().catch((error: unknown) => warn(`verifiable log: signing failed: ${String(error)}`)), Math.max(1, Math.floor(options.checkpointIntervalMs / 2)));
    timer.unref();
  })().catch((error: unknown) => refuse({ kind: 'inconsistent', reason: `the start check failed: ${String(error)}` }));

  return {
    origin,
    verifierKey: formatVerifierKey(verifierOf(origin, key.publicKey)),
    status: () => status,
    started,
    size: nodes.size,
    latest: latestServed,
    checkpointAt: checkpoints.at,
    inclusion: (logIndex, treeSize) => inclusionProof(nodes, logIndex, treeSize),
    consistency: (from, to) => consistencyProof(nodes, from, to),
    logIndexOf: options.logIndexOf ?? ((position) => Number(position) - 1),
    feedNow: feedSerially,
    signNow,
    stop: async () => {
      stopped = true;
      await started;
      if (timer !== undefined) clearInterval(timer);
      await subscription?.stop();
      await signing;
    },
  };
};
