// `history`'s running balances when rows share an occurredAt: each row shows the balance after
// itself, never the balance after the whole instant (which made the column jump).
import { describe, expect, it } from 'vitest';
import { expectAny } from '../../../domain/ports/event-store.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { readAccountLedger } from '../../../adapters/cli/account-ledger.ts';
import { AccountId } from '../../../domain/ids.ts';
import { InstantCodec } from '../../../domain/instant.ts';
import { charged, opened, reversed, toppedUp } from '../../projections/support/ledger-fixtures.ts';

const clock = { now: () => new Date('2024-05-02T00:00:00.000Z') };
const at = (iso: string) => {
  if (!InstantCodec.is(iso)) throw new Error(`not an instant: ${iso}`);
  return iso;
};

describe('the CLI account ledger', () => {
  it('gives every row of one instant the balance after that row', async () => {
    const store = createMemoryEventStore({ clock });
    await store.append('account-a', [
      opened('a'),
      toppedUp('a', 1, '1000', 't-1'), toppedUp('a', 1, '500', 't-2'),
      charged('a', 2, '300', 'c-1'), charged('a', 2, '200', 'c-2'),
      // An incident reverses both at one instant.
      reversed('a', 3, '300', 'c-1'), reversed('a', 3, '200', 'c-2'),
    ], expectAny);
    const accountId = AccountId.decode('a');
    if (accountId._tag === 'Left') throw new Error('a is an account id');
    const ledger = await readAccountLedger(store, accountId.right, { asOf: at('2024-05-02T00:00:00.000Z'), knownAt: at('2024-05-02T00:00:00.000Z') }, true);
    expect(ledger?.rows.map((row) => [row.event.type, row.ledgerBalance, row.correctedBalance])).toEqual([
      ['AccountOpened', '0', '0'],
      ['WalletToppedUp', '1000', '1000'],
      ['WalletToppedUp', '1500', '1500'],
      // Both charges' reversals are known: in the corrected balance they never happened.
      ['WalletCharged', '1200', '1500'],
      ['WalletCharged', '1000', '1500'],
      ['ChargeReversed', '1300', '1500'],
      ['ChargeReversed', '1500', '1500'],
    ]);
    expect(ledger).toMatchObject({ ledgerBalance: '1500', correctedBalance: '1500' });
  });
});
