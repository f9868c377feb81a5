// Batched, back-pressured delivery of a subscription stream, without a server: a PassThrough in
// object mode stands for the client's subscription (a Transform in object mode with the same
// highWaterMark the adapter sets).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type StoredEvent, StoreUnavailableError } from '../../../domain/ports/event-store.ts';
import { type BatchSource, deliverInBatches } from '../../../adapters/event-store/eventstoredb-batches.ts';

const event = (position: number): StoredEvent => ({
  streamId: 'account-a', revision: position - 1, position: BigInt(position), type: 'WalletCredited', data: {},
  occurredAt: '2024-06-01T00:00:00.000Z', recordedAt: '2024-06-01T00:00:00.000Z', hash: 'h', previousHash: 'p',
});

const deferred = (): { promise: Promise<void>; resolve: () => void } => {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

type Harness = { stream: PassThrough; closed: () => boolean; source: BatchSource<number> };

const harness = (highWaterMark: number, skip: (n: number) => boolean = () => false): Harness => {
  const stream = new PassThrough({ objectMode: true, highWaterMark });
  let closed = false;
  const source: BatchSource<number> = {
    stream,
    toStored: (n) => {
      if (n < 0) throw new Error(`cannot decode ${n}`);
      return skip(n) ? undefined : event(n);
    },
    toError: (error) => new StoreUnavailableError(`lost: ${String(error)}`),
    endedError: () => new StoreUnavailableError('ended'),
    close: async () => {
      closed = true;
    },
  };
  return { stream, closed: () => closed, source };
};

const positions = (batch: ReadonlyArray<StoredEvent>): number[] => batch.map((e) => Number(e.position));

describe('EventStoreDB subscription batches', () => {
  it('delivers everything in order, in batches no larger than the maximum, skipping what toStored drops', async () => {
    const { stream, source, closed } = harness(3, (n) => n % 5 === 0);
    const batches: number[][] = [];
    let seen = 0;
    const allSeen = deferred();
    const subscription = deliverInBatches(source, 3, async (batch) => {
      batches.push(positions(batch));
      seen += batch.length;
      if (seen === 16) allSeen.resolve();
    });
    for (let n = 1; n <= 20; n += 1) stream.write(n);
    await allSeen.promise;
    await subscription.stop();
    expect(await subscription.done).toBeUndefined();
    expect(batches.flat()).toEqual([...Array(20).keys()].map((i) => i + 1).filter((n) => n % 5 !== 0));
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(3);
    expect(closed()).toBe(true);
  });

  it('reads nothing more while the handler works, so the producer sees back-pressure', async () => {
    const { stream, source } = harness(2);
    const release = deferred();
    const firstBatch = deferred();
    const delivered: number[] = [];
    const subscription = deliverInBatches(source, 2, async (batch) => {
      delivered.push(...positions(batch));
      firstBatch.resolve();
      await release.promise;
    });
    stream.write(1);
    await firstBatch.promise;
    // The handler is blocked: the stream's buffer fills and write() says "stop".
    const accepted = [2, 3, 4, 5, 6].map((n) => stream.write(n));
    // Let the event loop turn: a loop that did not wait for the handler would read on now.
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(accepted.at(-1)).toBe(false);
    expect(stream.writableNeedDrain).toBe(true);
    expect(delivered).toEqual([1]);
    const drained = new Promise((resolve) => stream.once('drain', resolve));
    release.resolve();
    await drained;
    await subscription.stop();
    expect(delivered.slice(0, 2)).toEqual([1, 2]);
  });

  it('stops after the current batch when asked', async () => {
    const { stream, source } = harness(4);
    const inHandler = deferred();
    const release = deferred();
    let handled = 0;
    const subscription = deliverInBatches(source, 4, async () => {
      handled += 1;
      inHandler.resolve();
      await release.promise;
    });
    stream.write(1);
    await inHandler.promise;
    const stopping = subscription.stop();
    stream.write(2);
    release.resolve();
    await stopping;
    expect(handled).toBe(1);
    expect(await subscription.done).toBeUndefined();
  });

  it('resolves done with the translated error when the connection is lost', async () => {
    const { stream, source, closed } = harness(4);
    const subscription = deliverInBatches(source, 4, async () => undefined);
    stream.destroy(new Error('14 UNAVAILABLE: Connection dropped'));
    const error = await subscription.done;
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error?.message).toMatch(/lost: Error: 14 UNAVAILABLE/);
    expect(closed()).toBe(true);
  });

  it('resolves done with an error when the server ends a subscription that never ends', async () => {
    const { stream, source } = harness(4);
    const delivered: number[] = [];
    const subscription = deliverInBatches(source, 4, async (batch) => {
      delivered.push(...positions(batch));
    });
    stream.end(1);
    expect((await subscription.done)?.message).toBe('ended');
    expect(delivered).toEqual([1]);
  });

  it('resolves done with the handler failure or the decoding failure, as they are', async () => {
    const failing = harness(4);
    const handlerSubscription = deliverInBatches(failing.source, 4, async () => {
      throw new Error('projection bug');
    });
    failing.stream.write(1);
    expect((await handlerSubscription.done)?.message).toBe('projection bug');

    const corrupt = harness(4);
    const corruptSubscription = deliverInBatches(corrupt.source, 4, async () => undefined);
    corrupt.stream.write(-7);
    expect((await corruptSubscription.done)?.message).toBe('cannot decode -7');
  });
});
