import { describe, it } from 'vitest';
import { accountFrozen, accountOpened, country, deviceId, loginId, loginRecorded, recordLogin } from './fixtures.ts';
import { given } from './given-when-then.ts';

describe('RecordLogin', () => {
  it('records a successful login', () => {
    given(accountOpened()).when(recordLogin()).then(loginRecorded());
  });

  it('records a failed login from a device the account does not know (evidence as reported)', () => {
    const stranger = deviceId('dev-unknown');
    given(accountOpened())
      .when(recordLogin({ deviceId: stranger, outcome: 'failed', country: country('RU') }))
      .then(loginRecorded({ deviceId: stranger, outcome: 'failed', country: country('RU') }));
  });

  it('records logins on a frozen account', () => {
    given(accountOpened(), accountFrozen()).when(recordLogin()).then(loginRecorded());
  });

  it('is a no-op answered by the original event when sent again with the same body', () => {
    given(accountOpened(), loginRecorded()).when(recordLogin()).thenReplays(1);
  });

  it('is idempotency_conflict when the same loginId comes with another body', () => {
    given(accountOpened(), loginRecorded())
      .when(recordLogin({ outcome: 'failed' }))
      .thenRejects('idempotency_conflict', { commandKey: 'loginId login-1' });
  });

  it('records another login id as a new login', () => {
    const second = loginId('login-2');
    given(accountOpened(), loginRecorded()).when(recordLogin({ loginId: second })).then(loginRecorded({ loginId: second }));
  });
});
