import { describe, it } from 'vitest';
import type { AlertId } from '../../domain/ids.ts';
import { AlertId as AlertIdCodec } from '../../domain/ids.ts';
import { accountFrozen, accountOpened, accountUnfrozen, decodeOrThrow, freeze, text, unfreeze } from './fixtures.ts';
import { given } from './given-when-then.ts';

const alert: AlertId = decodeOrThrow(AlertIdCodec, 'alert-1');

describe('FreezeAccount', () => {
  it('freezes an open account', () => {
    given(accountOpened()).when(freeze()).then(accountFrozen());
  });

  it('keeps the alert that caused the freeze', () => {
    const frozen = accountFrozen();
    given(accountOpened()).when(freeze({ alertId: alert })).then({ ...frozen, data: { ...frozen.data, alertId: alert } });
  });

  it('is a no-op answered by the freeze when the account is already frozen', () => {
    given(accountOpened(), accountFrozen()).when(freeze()).thenReplays(1);
    given(accountOpened(), accountFrozen()).when(freeze({ reason: text('another reason') })).thenReplays(1);
  });

  it('freezes again after an unfreeze', () => {
    given(accountOpened(), accountFrozen(), accountUnfrozen()).when(freeze()).then(accountFrozen());
  });

  it('freezes once per alert: a late freeze for the same alert after an unfreeze replays the first', () => {
    const frozen = accountFrozen();
    const byAlert = { ...frozen, data: { ...frozen.data, alertId: alert } };
    given(accountOpened(), byAlert, accountUnfrozen()).when(freeze({ alertId: alert })).thenReplays(1);
    const other: AlertId = decodeOrThrow(AlertIdCodec, 'alert-2');
    given(accountOpened(), byAlert, accountUnfrozen()).when(freeze({ alertId: other })).then({ ...frozen, data: { ...frozen.data, alertId: other } });
  });
});

describe('UnfreezeAccount', () => {
  it('unfreezes a frozen account', () => {
    given(accountOpened(), accountFrozen()).when(unfreeze()).then(accountUnfrozen());
  });

  it('is a no-op answered by the unfreeze when the account is not frozen any more', () => {
    given(accountOpened(), accountFrozen(), accountUnfrozen()).when(unfreeze()).thenReplays(2);
  });

  it('is a no-op answered by the opening when the account was never frozen', () => {
    given(accountOpened()).when(unfreeze()).thenReplays(0);
  });
});
