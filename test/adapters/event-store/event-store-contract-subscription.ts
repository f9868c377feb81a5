// The catch-up subscription part of the EventStore contract.
import { describe, expect, it } from 'vitest';
import { type StoredEvent, expectAny } from '../../../domain/ports/event-store.ts';
import { type ContractFixture, appended, newEvent, uniqueName, waitUntil } from './event-store-contract-support.ts';

export const describeSubscriptionContract = (fixture: ContractFixture): void => {
  describe('catch-up subscription', () => {
    it('delivers the past first, then events appended after it started, until stopped', async () => {
      const streamId = uniqueName('subscribed');
      const type = uniqueName('Seen');
      const before = await fixture.store.headPosition();
      const past = appended(await fixture.store.append(streamId, [newEvent(type, { n: 0 }), newEvent(type, { n: 1 })], expectAny));
      const received: StoredEvent[] = [];
      const batchSizes: number[] = [];
      const subscription = fixture.store.subscribe({ after: before, types: [type], batchSizeMax: 1 }, async (batch) => {
        batchSizes.push(batch.length);
        received.push(...batch);
      });
      await waitUntil(() => received.length >= 2, 'the past events');
      expect(received).toEqual(past);

      const live = [
        ...appended(await fixture.store.append(streamId, [newEvent(type, { n: 2 })], expectAny)),
        ...appended(await fixture.store.append(uniqueName('elsewhere'), [newEvent(uniqueName('Unseen'), {})], expectAny)),
        ...appended(await fixture.store.append(uniqueName('elsewhere'), [newEvent(type, { n: 3 })], expectAny)),
      ].filter((event) => event.type === type);
      await waitUntil(() => received.length >= 4, 'the live events');
      expect(received).toEqual([...past, ...live]);
      expect(batchSizes.every((size) => size === 1)).toBe(true);

      await subscription.stop();
      expect(await subscription.done).toBeUndefined();
      appended(await fixture.store.append(streamId, [newEvent(type, { n: 4 })], expectAny));
      // Give a running subscription every chance to deliver (a poll interval and more) before checking.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toHaveLength(4);
    });

    it('reports the error that stopped it when the handler throws', async () => {
      const type = uniqueName('Failing');
      appended(await fixture.store.append(uniqueName('failing'), [newEvent(type, {})], expectAny));
      const subscription = fixture.store.subscribe({ types: [type] }, async () => {
        throw new Error('handler broke');
      });
      expect((await subscription.done)?.message).toBe('handler broke');
    });
  });
};
