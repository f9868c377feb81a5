// The chain-verification fold: an intact chain verifies through its last revision; an event whose
// data, previous hash or revision does not link marks the account broken for good.
import { describe, expect, it } from 'vitest';
import { chainEvents } from '../../../adapters/event-store/hash-chain.ts';
import type { StoredEvent } from '../../../domain/ports/event-store.ts';
import { type ChainHead, chainStep } from '../../../projections/chain/chain-verification.ts';
import { opened, toppedUp } from '../support/ledger-fixtures.ts';

const storedChain = (): StoredEvent[] =>
  chainEvents('account-a', undefined, [opened('a'), toppedUp('a', 1, '100', 't-1'), toppedUp('a', 2, '200', 't-2')], '2024-05-02T00:00:00.000Z').map(
    ({ content, hash }, index) => ({ ...content, hash, position: BigInt(index + 1) }),
  );

const fold = (events: ReadonlyArray<StoredEvent>): ChainHead | undefined =>
  events.reduce<ChainHead | undefined>((head, event) => chainStep(head, event), undefined);

describe('chain verification', () => {
  it('verifies an intact chain through its last revision', () => {
    const events = storedChain();
    expect(fold(events)).toEqual({ verifiedThrough: 2, headHash: events[2]?.hash, broken: false });
  });

  it('marks an altered event broken, and stays broken', () => {
    const events = storedChain();
    const altered = events.map((event, index) => (index === 1 ? { ...event, data: { ...event.data, amount: { amount: '900', currency: 'JPY' } } } : event));
    expect(fold(altered)).toMatchObject({ verifiedThrough: 0, broken: true });
  });

  it('marks a missing event (a gap in revisions) broken', () => {
    const events = storedChain();
    expect(fold([events[0], events[2]].filter((event) => event !== undefined))).toMatchObject({ verifiedThrough: 0, broken: true });
  });
});
