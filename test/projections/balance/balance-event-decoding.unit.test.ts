import { describe, expect, it } from 'vitest';
import type { NewEvent, StoredEvent } from '../../../domain/ports/event-store.ts';
import { StoreCorruptedError } from '../../../domain/ports/event-store.ts';
import { toLedgerEvent } from '../../../adapters/event-store/ledger-events.ts';
import { balanceInputOf } from '../../../projections/balance/balance-event-decoding.ts';
import { balanceFactOf } from '../../../projections/balance/bitemporal-balance.ts';
import { charged, loggedIn, minuteAt, opened, reversed, toppedUp } from '../support/ledger-fixtures.ts';

const recordedAt = minuteAt(500);
const storedOf = (event: NewEvent, position: bigint): StoredEvent => ({
  ...event, streamId: 'account-a', revision: Number(position) - 1, position, recordedAt: String(recordedAt), hash: 'h', previousHash: 'p',
});

describe('balance event decoding', () => {
  it('reads the same facts as the full event codecs', () => {
    const events = [toppedUp('a', 1, '1000', 't-1'), charged('a', 2, '250', 'c-1'), reversed('a', 3, '250', 'c-1')];
    events.forEach((event, index) => {
      const stored = storedOf(event, BigInt(index + 2));
      const input = balanceInputOf(stored, recordedAt);
      expect(input).toEqual({ kind: 'fact', accountId: 'a', fact: balanceFactOf(toLedgerEvent(stored), recordedAt) });
    });
    expect(balanceInputOf(storedOf(opened('a'), 1n), recordedAt)).toEqual({ kind: 'opened', accountId: 'a', currency: 'JPY' });
    expect(balanceInputOf(storedOf(loggedIn('a', 4, 'l-1'), 5n), recordedAt)).toBeUndefined();
  });

  it('reports a field it reads that does not decode as corruption, with its place', () => {
    const good = charged('a', 2, '250', 'c-1');
    const broken = { ...good, data: { ...good.data, amount: { amount: '2.5', currency: 'JPY' } } };
    expect(() => balanceInputOf(storedOf(broken, 7n), recordedAt)).toThrow(StoreCorruptedError);
    expect(() => balanceInputOf(storedOf(broken, 7n), recordedAt)).toThrow(/position 7/);
    const noAccount = { ...good, data: { ...good.data, accountId: 42 } };
    expect(() => balanceInputOf(storedOf(noAccount, 8n), recordedAt)).toThrow(StoreCorruptedError);
  });

  it('reads occurredAt exactly as InstantCodec does, canonical or not', () => {
    const good = toppedUp('a', 1, '1000', 't-1');
    const occurredAtOf = (occurredAt: string) => {
      const input = balanceInputOf(storedOf({ ...good, data: { ...good.data, occurredAt } }, 2n), recordedAt);
      return input?.kind === 'fact' ? input.fact.occurredAt : undefined;
    };
    expect(occurredAtOf('2024-05-01T00:01:00.000Z')).toBe('2024-05-01T00:01:00.000Z');
    expect(occurredAtOf('2024-05-01T09:01:00+09:00')).toBe('2024-05-01T00:01:00.000Z');
    for (const broken of ['2024-02-30T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '9999-01-01T00:00:00.000Z', 'yesterday']) {
      expect(() => occurredAtOf(broken)).toThrow(StoreCorruptedError);
    }
  });
});
