import { describe, expect, it } from 'vitest';
import { formatAmount } from '../../domain/money.ts';
import type { AccountState } from '../../domain/state.ts';
import {
  accountFrozen, accountOpened, accountUnfrozen, at, readyAccount, text, toppedUp, topUp,
} from './fixtures.ts';
import { given } from './given-when-then.ts';

const balanceAfter = (state: AccountState): string =>
  state.status === 'open' ? formatAmount(state.balance) : 'no account';

describe('TopUpWallet', () => {
  it('credits the wallet in the account currency', () => {
    const next = given(...readyAccount()).when(topUp('t1', '12.50')).then(toppedUp('t1', '12.50'));
    expect(next.status === 'open' && formatAmount(next.balance)).toBe('12.50');
  });

  it('accepts an explicit currency equal to the account currency', () => {
    given(accountOpened('JPY')).when(topUp('t1', '1200', { currency: 'JPY' })).then(toppedUp('t1', '1200', 'JPY'));
  });

  it('accepts three fraction digits for a currency that has them (KWD)', () => {
    given(accountOpened('KWD')).when(topUp('t1', '1.005')).then(toppedUp('t1', '1.005', 'KWD'));
  });

  it('is currency_mismatch when the command names another currency', () => {
    given(accountOpened('USD')).when(topUp('t1', '10', { currency: 'JPY' })).thenRejects('currency_mismatch', { expected: 'USD', actual: 'JPY' });
  });

  it.each([
    ['JPY', '12.5', 0],
    ['USD', '1.005', 2],
  ] as const)('is amount_scale_exceeded for a %s amount of %s', (currency, value, scaleMax) => {
    given(accountOpened(currency)).when(topUp('t1', value)).thenRejects('amount_scale_exceeded', { currency, scaleMax });
  });

  it('is account_frozen on a frozen account, and accepted again once unfrozen', () => {
    given(accountOpened(), accountFrozen()).when(topUp('t1', '10')).thenRejects('account_frozen');
    given(accountOpened(), accountFrozen(), accountUnfrozen()).when(topUp('t1', '10')).then(toppedUp('t1', '10'));
  });

  it('is a no-op answered by the original event when sent again with the same body', () => {
    given(accountOpened(), toppedUp('t1', '12.50')).when(topUp('t1', '12.50')).thenReplays(1);
  });

  it('treats "12.50" and "12.5" as the same body', () => {
    given(accountOpened(), toppedUp('t1', '12.50')).when(topUp('t1', '12.5')).thenReplays(1);
  });

  it('treats an explicit account currency as the same body as none', () => {
    given(accountOpened(), toppedUp('t1', '12.50')).when(topUp('t1', '12.50', { currency: 'USD' })).thenReplays(1);
  });

  it('answers the original result for a retry even after the account was frozen', () => {
    given(accountOpened(), toppedUp('t1', '10'), accountFrozen()).when(topUp('t1', '10')).thenReplays(1);
  });

  it.each([
    ['another amount', topUp('t1', '12.51')],
    ['another source', topUp('t1', '12.50', { source: text('card') })],
    ['another occurredAt', topUp('t1', '12.50', { occurredAt: at('2030-01-01T00:00:00Z') })],
    ['another currency', topUp('t1', '12.50', { currency: 'EUR' })],
  ])('is idempotency_conflict when the same topUpId comes with %s', (_what, command) => {
    const outcome = given(accountOpened(), toppedUp('t1', '12.50')).when(command);
    outcome.thenRejects('idempotency_conflict', { commandKey: 'topUpId t1' });
    expect(balanceAfter(outcome.state)).toBe('12.50');
  });
});
