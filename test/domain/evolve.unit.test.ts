import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../domain/events.ts';
import { evolve, fold } from '../../domain/evolve.ts';
import { formatAmount } from '../../domain/money.ts';
import { type AccountState, initialState } from '../../domain/state.ts';
import {
  accountFrozen, accountOpened, accountUnfrozen, chargeDeclined, chargeReversed, charged, deviceId, deviceRegistered, deviceRemoved,
  deviceVerified, loginRecorded, readyAccount, toppedUp,
} from './fixtures.ts';

const replay = (...events: LedgerEvent[]): AccountState => fold(events, initialState());
const snapshot = (state: AccountState): string => JSON.stringify(state);

describe('evolve', () => {
  it('counts every event in version, declined attempts and logins included', () => {
    const state = replay(...readyAccount(), loginRecorded(), toppedUp('t1', '5'), chargeDeclined('c1', '9', 'insufficient_funds'));
    expect(state.version).toBe(6);
  });

  it('folds balance from top-ups, charges and reversals, declined attempts changing nothing', () => {
    const state = replay(
      ...readyAccount(), toppedUp('t1', '100'), charged('c1', '30'), chargeDeclined('c2', '500', 'insufficient_funds'),
      charged('c3', '0.50'), chargeReversed('c1', '30'),
    );
    expect(state.status === 'open' && formatAmount(state.balance)).toBe('99.50');
  });

  it('never mutates the state it is given', () => {
    const before = replay(...readyAccount(), toppedUp('t1', '100'));
    const frozenCopy = snapshot(before);
    const events: LedgerEvent[] = [
      charged('c1', '1'), chargeReversed('c1', '1'), accountFrozen(), accountUnfrozen(), deviceRemoved(), loginRecorded(),
      chargeDeclined('c2', '1000', 'insufficient_funds'), deviceRegistered({ deviceId: deviceId('d2') }),
    ];
    events.reduce((state, event) => evolve(state, event), before);
    expect(snapshot(before)).toBe(frozenCopy);
  });

  it('resets a re-registered device to unverified', () => {
    const state = replay(...readyAccount(), deviceRemoved(), deviceRegistered());
    expect(state.status === 'open' && state.devices.get(readyAccount()[1].data.deviceId)?.status).toBe('registered');
  });
});

describe('evolve refuses events that break an invariant (it throws)', () => {
  it.each<[string, LedgerEvent[]]>([
    ['an event before the account was opened', [toppedUp('t1', '1')]],
    ['a second AccountOpened', [accountOpened(), accountOpened()]],
    ['a charge that overdraws the account (the pair of decide)', [...readyAccount(), toppedUp('t1', '10'), charged('c1', '10.01')]],
    ['a charge on an empty wallet', [...readyAccount(), charged('c1', '0.01')]],
    ['a charge in another currency', [...readyAccount(), toppedUp('t1', '10'), charged('c1', '1', 'EUR')]],
    ['a reversal of an unknown charge', [...readyAccount(), chargeReversed('c1', '1')]],
    ['a reversal of a declined charge', [...readyAccount(), chargeDeclined('c1', '1', 'insufficient_funds'), chargeReversed('c1', '1')]],
    ['a second reversal', [...readyAccount(), toppedUp('t1', '5'), charged('c1', '1'), chargeReversed('c1', '1'), chargeReversed('c1', '1')]],
    ['a reversal of another amount', [...readyAccount(), toppedUp('t1', '5'), charged('c1', '1'), chargeReversed('c1', '2')]],
    ['a verification of an unknown device', [accountOpened(), deviceVerified()]],
    ['a second registration of a registered device', [...readyAccount(), deviceRegistered()]],
    ['a removal of a removed device', [...readyAccount(), deviceRemoved(), deviceRemoved()]],
    ['a second top-up with the same id', [...readyAccount(), toppedUp('t1', '5'), toppedUp('t1', '5')]],
    ['a second charge with the same id', [...readyAccount(), toppedUp('t1', '5'), charged('c1', '1'), charged('c1', '1')]],
    ['a charge with the id of a declined attempt', [...readyAccount(), toppedUp('t1', '5'), chargeDeclined('c1', '9', 'insufficient_funds'), charged('c1', '1')]],
  ])('%s', (_what, events) => {
    expect(() => replay(...events)).toThrow(/ledger invariant broken|currency mismatch/);
  });
});
