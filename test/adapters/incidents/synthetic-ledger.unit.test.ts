// The synthetic ledger seeds account histories that can exceed EventStoreDB's maximum append size
// (1 MiB by default): it writes them in appends of at most seedAppendEventsMax events, each of
// which fits, and loses nothing in the split.
import { describe, expect, it } from 'vitest';
import { accountStreamId } from '../../../domain/events.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { chainEvents } from '../../../adapters/event-store/hash-chain.ts';
import { toEventData } from '../../../adapters/event-store/eventstoredb-metadata.ts';
import { appendSizeBytes, maxAppendSizeBytesDefault } from '../../../adapters/event-store/eventstoredb-append-size.ts';
import {
  accountEvents, seedAppendEventsMax, seedSyntheticLedger, syntheticAccountId,
} from '../../../adapters/incidents/synthetic-ledger.ts';

const sizes = { accounts: 1, eventsPerAccount: 2_500, victims: 1, fraudulentChargesPerVictim: 5 };

describe('synthetic ledger appends', () => {
  it('keeps every append under the default maximum append size, as EventStoreDB counts it', () => {
    const whole = chainEvents('account-x', undefined, accountEvents(0, sizes), '2019-07-03T00:00:00.000Z');
    const size = (count: number): number => appendSizeBytes(whole.slice(0, count).map((event) => toEventData(event.content, event.hash)));
    // One account in one append would be refused; a seed append fits.
    expect(size(whole.length)).toBeGreaterThan(maxAppendSizeBytesDefault);
    expect(size(seedAppendEventsMax)).toBeLessThan(maxAppendSizeBytesDefault);
  });

  it('writes a long account history whole, in order, across several appends', async () => {
    const store = createMemoryEventStore({ pollIntervalMs: 20 });
    expect((await seedSyntheticLedger(store, sizes)).events).toBe(2_500);
    const streamId = accountStreamId(syntheticAccountId(0));
    const revisions: number[] = [];
    for (let from = 0; from < 3_000; from += 1_000) {
      revisions.push(...(await store.readStream(streamId, { fromRevision: from })).map((event) => event.revision));
    }
    expect(revisions).toEqual(Array.from({ length: 2_500 }, (_, n) => n));
    await store.close();
  });
});
