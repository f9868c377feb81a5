// Feeds the log's nodes from the store in global order, off the append path: every
// `feedIntervalMs` it reads what was appended since its last leaf and writes the nodes of up to
// `feedEventsMax` events in one transaction. A subscription woken by every append would commit
// (and fsync) once per group commit, doubling the appends' syncs; checkpoints only need events
// acknowledged an interval ago. On a dense store (SQLite, memory) logIndex = position - 1, and the
// feeder asserts it: a gap or a repeat would give two orders to one log.
import { pageSizeMax } from '../../domain/ports/event-store.ts';
import type { EventHashReader } from './event-hashes.ts';
import { yieldToEventLoop } from '../event-store/yield-to-event-loop.ts';
import { eventLeafHash } from './merkle-hash.ts';
import type { LogNodes } from './log-nodes.ts';

// Per transaction. A first start on a large store feeds the whole ledger in these: on 1,000,000
// events, 20,000 per feed peaked at 260 MiB of resident memory and took 9.4 s of CPU; 4,096 peaked at
// 143 MiB and took 6.7 s (the log alone, same file and machine). Appends between two feeds are far
// fewer, and the feeder goes on at once when a feed was full.
export const feedEventsMax = 4_096;

export type Feeder = Readonly<{ stop: () => Promise<void>; done: Promise<Error | undefined> }>;

export const assertDense = (events: ReadonlyArray<Readonly<{ position: bigint }>>, firstLogIndex: number): void => {
  events.forEach((event, offset) => {
    if (event.position !== BigInt(firstLogIndex + offset + 1)) {
      throw new Error(
        `verifiable log: event at position ${event.position} would be leaf ${firstLogIndex + offset}; positions must be dense`,
      );
    }
  });
};

// Reads and stores up to feedEventsMax events; resolves with how many it took in.
export const feedOnce = async (hashes: EventHashReader, nodes: LogNodes): Promise<number> => {
  const leaves = [];
  while (leaves.length < feedEventsMax) {
    const page = await hashes(BigInt(nodes.size() + leaves.length), pageSizeMax);
    assertDense(page, nodes.size() + leaves.length);
    for (const event of page) leaves.push(eventLeafHash(event.hash));
    if (page.length < pageSizeMax) break;
  }
  if (leaves.length > 0) nodes.append(leaves);
  return leaves.length;
};

// `feed` is feedOnce, serialized with any other caller of it (two feeds at once would append twice).
export const feedLog = (feed: () => Promise<number>, feedIntervalMs: number): Feeder => {
  let stopped = false;
  let wake: (() => void) | undefined;
  const sleep = () => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, feedIntervalMs);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  const done = (async (): Promise<Error | undefined> => {
    try {
      while (!stopped) {
        const fed = await feed();
        // A stop during the feed found no sleep to wake: it must not wait out an interval.
        if (stopped) break;
        if (fed === feedEventsMax) await yieldToEventLoop();
        else await sleep();
      }
      return undefined;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  })();
  return {
    done,
    stop: async () => {
      stopped = true;
      wake?.();
      await done;
    },
  };
};
