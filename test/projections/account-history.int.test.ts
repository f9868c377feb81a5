import { describe, expect, it } from 'vitest';
import { expectAny } from '../../domain/ports/event-store.ts';
import { createMemoryEventStore } from '../../adapters/event-store/memory-event-store.ts';
import type { AccountId } from '../../domain/ids.ts';
import { accountHistory } from '../../projections/account-history.ts';
import { opened, toppedUp } from './support/ledger-fixtures.ts';

const clock = { now: () => new Date('2024-05-02T00:00:00.000Z') };

describe('account history', () => {
  it('pages an account in order after a global position, interleaved with other accounts', async () => {
    const store = createMemoryEventStore({ clock });
    await store.append('account-a', [opened('a')], expectAny);
    await store.append('account-b', [opened('b')], expectAny);
    for (let index = 1; index <= 24; index += 1) {
      await store.append('account-a', [{ ...toppedUp('a', index, '10', `a-${index}`), metadata: { issuedBy: 'payments:checkout' } }], expectAny);
      await store.append('account-b', [toppedUp('b', index, '10', `b-${index}`)], expectAny);
    }
    const revisions: number[] = [];
    let after: bigint | undefined;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await accountHistory(store, 'a' as AccountId, { ...(after === undefined ? {} : { after }), limit: 10 });
      if (page === undefined) throw new Error('account a has events');
      revisions.push(...page.events.map((event) => event.revision));
      if (page.next === null) break;
      after = BigInt(page.next);
    }
    expect(revisions).toEqual(Array.from({ length: 25 }, (_, revision) => revision));

    const all = await store.readStream('account-a');
    // After a position of account b, between a's revisions 5 and 6.
    const page = await accountHistory(store, 'a' as AccountId, { after: (all[5]?.position ?? 0n) + 1n, limit: 2 });
    expect(page?.events.map((event) => event.revision)).toEqual([6, 7]);
    expect(page?.events[0]).toEqual({
      position: all[6]?.position.toString(), revision: 6, type: 'WalletToppedUp', occurredAt: all[6]?.occurredAt,
      recordedAt: '2024-05-02T00:00:00.000Z', data: all[6]?.data, hash: all[6]?.hash, previousHash: all[5]?.hash,
      issuedBy: 'payments:checkout', hashVersion: 2,
    });
    expect(page?.next).toBe(all[7]?.position.toString());
    expect(await accountHistory(store, 'a' as AccountId, { after: all[24]?.position ?? 0n })).toEqual({ events: [], next: null });
    expect(await accountHistory(store, 'nobody' as AccountId)).toBeUndefined();
    await expect(accountHistory(store, 'a' as AccountId, { limit: 0 })).rejects.toThrow(RangeError);
  });
});
