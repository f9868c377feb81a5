// The EventStore contract, written once and run against every adapter (memory, sqlite, and
// later eventstoredb): each adapter's test file calls describeEventStoreContract with a factory.
// Store-agnostic on purpose: no SQL, no assumption that positions are dense or start at 1 (only
// that they increase), streams and types unique per test so a shared server can run it too.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type EventStore, type NewEvent, type StoredEvent, appendBatchSizeMax, expectAny, expectExact, expectNoStream, pageSizeMax,
} from '../../../domain/ports/event-store.ts';
import { ChainVerifier, genesisHash } from '../../../adapters/event-store/hash-chain.ts';
import type { Clock } from '../../../adapters/event-store/recorded-at.ts';
import { describeSubscriptionContract } from './event-store-contract-subscription.ts';
import { describeMetadataContract } from './event-store-contract-metadata.ts';
import { type ContractFixture, ManualClock, appended, newEvent, uniqueName } from './event-store-contract-support.ts';

export type ContractStoreOptions = Readonly<{ clock: Clock }>;

export type EventStoreContractHooks = Readonly<{
  create: (options: ContractStoreOptions) => Promise<EventStore>;
  // Optional durability hook: close `store` and open the same storage again.
  reopen?: (store: EventStore, options: ContractStoreOptions) => Promise<EventStore>;
}>;

export const describeEventStoreContract = (name: string, hooks: EventStoreContractHooks): void => {
  describe(`${name}: EventStore contract`, () => {
    const fixture: ContractFixture = { store: undefined as never, clock: new ManualClock(), opened: [] };
    beforeEach(async () => {
      fixture.clock = new ManualClock();
      fixture.store = await hooks.create({ clock: fixture.clock });
      fixture.opened.push(fixture.store);
    });
    afterEach(async () => {
      await Promise.all(fixture.opened.splice(0).map((store) => store.close()));
    });

    describeAppendAndRead(fixture);
    describeExpectedRevisions(fixture);
    describeGlobalOrder(fixture);
    describeSubscriptionContract(fixture);
    describeIntegrity(fixture);
    describeMetadataContract(fixture);
    if (hooks.reopen !== undefined) describeDurability(fixture, hooks.reopen);
  });
};

const describeAppendAndRead = (fixture: ContractFixture): void => {
  describe('append and read', () => {
    it('stores every field and reads the same events back from the stream and from the global order', async () => {
      const streamId = uniqueName('stream');
      const events: NewEvent[] = [
        newEvent('Opened', { currency: 'USD', nested: { list: [1, 'two', null, true] } }, '2024-03-01T09:00:00.000Z'),
        newEvent('ToppedUp', { amount: '12.50', note: 'ünïcødé ✓' }, '2024-03-01T09:30:00.000Z'),
      ];
      const before = await fixture.store.headPosition();
      const written = appended(await fixture.store.append(streamId, events, expectNoStream));

      expect(written.map(({ streamId: id, revision, type, data, occurredAt, recordedAt }) => ({ id, revision, type, data, occurredAt, recordedAt })))
        .toEqual(events.map((event, revision) => ({
          id: streamId, revision, type: event.type, data: event.data, occurredAt: event.occurredAt, recordedAt: fixture.clock.iso(),
        })));
      const [first, second] = written;
      expect(first?.position).toBeGreaterThan(before);
      expect(second?.position).toBeGreaterThan(first?.position ?? 0n);
      expect(first?.previousHash).toBe(genesisHash);
      expect(second?.previousHash).toBe(first?.hash);
      expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(await fixture.store.readStream(streamId)).toEqual(written);
      expect(await fixture.store.readAll({ after: before })).toEqual(written);
    });

    it('reads a missing stream as empty', async () => {
      expect(await fixture.store.readStream(uniqueName('missing'))).toEqual([]);
    });

    it('pages a stream by revision and caps every page at pageSizeMax', async () => {
      const streamId = uniqueName('long');
      const count = pageSizeMax + 5;
      const events = Array.from({ length: count }, (_, index) => newEvent('Counted', { index }));
      appended(await fixture.store.append(streamId, events, expectNoStream));

      const page = await fixture.store.readStream(streamId, { fromRevision: 10, limit: 7 });
      expect(page.map((event) => event.revision)).toEqual([10, 11, 12, 13, 14, 15, 16]);
      expect(page.map((event) => event.data)).toEqual([10, 11, 12, 13, 14, 15, 16].map((index) => ({ index })));
      expect(await fixture.store.readStream(streamId)).toHaveLength(pageSizeMax);
      expect(await fixture.store.readStream(streamId, { limit: pageSizeMax * 3 })).toHaveLength(pageSizeMax);
      const tail = await fixture.store.readStream(streamId, { fromRevision: pageSizeMax });
      expect(tail.map((event) => event.revision)).toEqual([1000, 1001, 1002, 1003, 1004]);
      await expect(fixture.store.readStream(streamId, { limit: 0 })).rejects.toThrow(RangeError);
    });

    it(`refuses more than ${appendBatchSizeMax} events in one append`, async () => {
      const events = Array.from({ length: appendBatchSizeMax + 1 }, (_, index) => newEvent('Counted', { index }));
      await expect(fixture.store.append(uniqueName('huge'), events, expectAny)).rejects.toThrow(RangeError);
    });
  });
};

const describeExpectedRevisions = (fixture: ContractFixture): void => {
  describe('expected revision', () => {
    it('checks no_stream, exact and any against the actual revision, and a refusal writes nothing', async () => {
      const streamId = uniqueName('expect');
      const store = fixture.store;
      expect(await store.append(streamId, [newEvent('A', {})], expectExact(0)))
        .toEqual({ kind: 'conflict', streamId, expected: expectExact(0), actualRevision: undefined });
      appended(await store.append(streamId, [newEvent('A', {}), newEvent('B', {})], expectNoStream));
      expect(await store.append(streamId, [newEvent('C', {})], expectNoStream))
        .toEqual({ kind: 'conflict', streamId, expected: expectNoStream, actualRevision: 1 });
      expect(await store.append(streamId, [newEvent('C', {})], expectExact(0)))
        .toEqual({ kind: 'conflict', streamId, expected: expectExact(0), actualRevision: 1 });
      expect(await store.append(streamId, [newEvent('C', {})], expectExact(2)))
        .toEqual({ kind: 'conflict', streamId, expected: expectExact(2), actualRevision: 1 });
      expect(appended(await store.append(streamId, [newEvent('C', {})], expectExact(1))).map((e) => e.revision)).toEqual([2]);
      expect(appended(await store.append(streamId, [newEvent('D', {})], expectAny)).map((e) => e.revision)).toEqual([3]);
      expect(appended(await store.append(uniqueName('fresh'), [newEvent('E', {})], expectAny)).map((e) => e.revision)).toEqual([0]);
      expect((await store.readStream(streamId)).map((event) => event.type)).toEqual(['A', 'B', 'C', 'D']);
    });

    it('lets exactly one of several concurrent appends with the same expected revision win', async () => {
      const streamId = uniqueName('race');
      appended(await fixture.store.append(streamId, [newEvent('Opened', {})], expectNoStream));
      const contenders = 8;
      const outcomes = await Promise.all(
        Array.from({ length: contenders }, (_, index) =>
          fixture.store.append(streamId, [newEvent('Raced', { index })], expectExact(0))),
      );
      const winners = outcomes.filter((outcome) => outcome.kind === 'appended');
      expect(winners).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.kind === 'conflict'))
        .toEqual(Array(contenders - 1).fill({ kind: 'conflict', streamId, expected: expectExact(0), actualRevision: 1 }));
      const stream = await fixture.store.readStream(streamId);
      expect(stream.map((event) => event.revision)).toEqual([0, 1]);
      expect(stream[1]).toEqual(winners[0]?.kind === 'appended' ? winners[0].events[0] : undefined);
    });

    it('lets exactly one of several concurrent no_stream appends create the stream', async () => {
      const streamId = uniqueName('create-race');
      const outcomes = await Promise.all(
        [0, 1, 2, 3].map((index) => fixture.store.append(streamId, [newEvent('Created', { index })], expectNoStream)),
      );
      expect(outcomes.filter((outcome) => outcome.kind === 'appended')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.kind === 'conflict' && outcome.actualRevision === 0)).toHaveLength(3);
      expect(await fixture.store.readStream(streamId)).toHaveLength(1);
    });
  });
};

const describeGlobalOrder = (fixture: ContractFixture): void => {
  describe('global order', () => {
    const appendAcross = async (store: EventStore, types: ReadonlyArray<string>): Promise<StoredEvent[]> => {
      const streams = [uniqueName('left'), uniqueName('middle'), uniqueName('right')];
      const written: StoredEvent[] = [];
      for (let index = 0; index < 12; index += 1) {
        const streamId = streams[index % streams.length] ?? '';
        const type = types[index % types.length] ?? '';
        written.push(...appended(await store.append(streamId, [newEvent(type, { index })], expectAny)));
      }
      return written;
    };

    it('orders events of all streams by increasing position, in the order they were appended', async () => {
      const before = await fixture.store.headPosition();
      const written = await appendAcross(fixture.store, [uniqueName('Type')]);
      const all = await fixture.store.readAll({ after: before });
      expect(all).toEqual(written);
      expect(all.every((event, index) => index === 0 || event.position > (all[index - 1]?.position ?? 0n))).toBe(true);
      expect(await fixture.store.headPosition()).toBe(written.at(-1)?.position);
    });

    it('reads strictly after a position, in bounded pages', async () => {
      const before = await fixture.store.headPosition();
      const written = await appendAcross(fixture.store, [uniqueName('Type')]);
      const third = written[2]?.position ?? 0n;
      expect(await fixture.store.readAll({ after: third })).toEqual(written.slice(3));
      const pages: StoredEvent[][] = [];
      let after = before;
      for (let page = 0; page < 10; page += 1) {
        const batch = await fixture.store.readAll({ after, limit: 5 });
        if (batch.length === 0) break;
        pages.push([...batch]);
        after = batch.at(-1)?.position ?? after;
      }
      expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
      expect(pages.flat()).toEqual(written);
      await expect(fixture.store.readAll({ limit: -1 })).rejects.toThrow(RangeError);
    });

    it('filters by event type, keeping global order and the limit', async () => {
      const [kept, dropped, alsoKept] = [uniqueName('Kept'), uniqueName('Dropped'), uniqueName('AlsoKept')];
      const before = await fixture.store.headPosition();
      const written = await appendAcross(fixture.store, [kept, dropped, alsoKept]);
      const expected = written.filter((event) => event.type !== dropped);
      expect(await fixture.store.readAll({ after: before, types: [kept, alsoKept] })).toEqual(expected);
      expect(await fixture.store.readAll({ after: before, types: [alsoKept, kept], limit: 3 })).toEqual(expected.slice(0, 3));
      expect(await fixture.store.readAll({ after: expected[3]?.position ?? 0n, types: [kept] }))
        .toEqual(expected.slice(4).filter((event) => event.type === kept));
    });
  });
};

const describeIntegrity = (fixture: ContractFixture): void => {
  describe('hash chain and recordedAt', () => {
    it('chains every event of a stream to the previous one, across appends and other streams', async () => {
      const streamId = uniqueName('chained');
      const other = uniqueName('other');
      appended(await fixture.store.append(streamId, [newEvent('A', { n: 1 })], expectNoStream));
      appended(await fixture.store.append(other, [newEvent('A', { n: 2 })], expectNoStream));
      appended(await fixture.store.append(streamId, [newEvent('B', { n: 3 }), newEvent('C', { n: 4 })], expectExact(0)));
      fixture.clock.advanceMs(1_000);
      appended(await fixture.store.append(streamId, [newEvent('D', { n: 5 })], expectExact(2)));

      const stream = await fixture.store.readStream(streamId);
      const verifier = new ChainVerifier(streamId);
      stream.forEach((event) => verifier.accept(event));
      expect(verifier.result()).toEqual({ events: 4, verified: true, headHash: stream.at(-1)?.hash });
      expect(stream[0]?.previousHash).toBe(genesisHash);
      expect(stream.slice(1).map((event) => event.previousHash)).toEqual(stream.slice(0, -1).map((event) => event.hash));

      const tampered = new ChainVerifier(streamId);
      stream.forEach((event) => tampered.accept(event.revision === 2 ? { ...event, data: { n: 99 } } : event));
      expect(tampered.result()).toMatchObject({ verified: false, firstBrokenRevision: 2 });
    });

    it('never lets recordedAt decrease, even when the clock goes backwards', async () => {
      const streamId = uniqueName('time');
      const stamps: string[] = [];
      const at = async (iso: string) => {
        fixture.clock.set(iso);
        const [event] = appended(await fixture.store.append(streamId, [newEvent('Tick', {})], expectAny));
        stamps.push(event?.recordedAt ?? '');
      };
      await at('2024-03-01T10:00:00.000Z');
      await at('2024-03-01T09:00:00.000Z');
      await at('2024-03-01T10:00:05.000Z');
      await at('2024-03-01T10:00:04.000Z');
      expect(stamps).toEqual([
        '2024-03-01T10:00:00.000Z', '2024-03-01T10:00:00.000Z', '2024-03-01T10:00:05.000Z', '2024-03-01T10:00:05.000Z',
      ]);
      expect((await fixture.store.readStream(streamId)).map((event) => event.recordedAt)).toEqual(stamps);
    });
  });
};

const describeDurability = (
  fixture: ContractFixture,
  reopen: NonNullable<EventStoreContractHooks['reopen']>,
): void => {
  describe('durability', () => {
    it('keeps every event, the chain and the recordedAt floor across close and reopen', async () => {
      const streamId = uniqueName('durable');
      const before = await fixture.store.headPosition();
      fixture.clock.set('2024-03-01T12:00:00.000Z');
      const written = appended(await fixture.store.append(streamId, [newEvent('A', { n: 1 }), newEvent('B', { n: 2 })], expectNoStream));
      fixture.store = await reopen(fixture.store, { clock: fixture.clock });
      fixture.opened.push(fixture.store);

      expect(await fixture.store.readStream(streamId)).toEqual(written);
      expect(await fixture.store.readAll({ after: before })).toEqual(written);
      fixture.clock.set('2024-03-01T11:00:00.000Z');
      const [next] = appended(await fixture.store.append(streamId, [newEvent('C', { n: 3 })], expectExact(1)));
      expect(next?.previousHash).toBe(written[1]?.hash);
      expect(next?.recordedAt).toBe('2024-03-01T12:00:00.000Z');
      expect(next?.position).toBeGreaterThan(written[1]?.position ?? 0n);
    });
  });
};
