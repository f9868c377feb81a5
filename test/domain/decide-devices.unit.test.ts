import { describe, it } from 'vitest';
import {
  accountOpened, at, charge, deviceId, deviceRegistered, deviceRemoved, deviceVerified, later, phone, readyAccount, registerDevice,
  removeDevice, toppedUp, verifyDevice,
} from './fixtures.ts';
import { given } from './given-when-then.ts';

const tablet = deviceId('dev-tablet');

describe('RegisterDevice', () => {
  it('registers a new device, not yet verified', () => {
    given(accountOpened()).when(registerDevice()).then(deviceRegistered());
  });

  it('is a no-op answered by the registration when sent again with the same body', () => {
    given(accountOpened(), deviceRegistered()).when(registerDevice()).thenReplays(1);
  });

  it('stays a no-op answered by the registration after the device was verified', () => {
    given(accountOpened(), deviceRegistered(), deviceVerified()).when(registerDevice()).thenReplays(1);
  });

  it('is device_already_registered when sent again with another body', () => {
    given(accountOpened(), deviceRegistered())
      .when(registerDevice({ occurredAt: later }))
      .thenRejects('device_already_registered', { deviceId: phone });
  });

  it('registers a removed device again, unverified', () => {
    const history = [...readyAccount(), deviceRemoved()];
    given(...history).when(registerDevice({ occurredAt: at('2024-01-03T00:00:00Z') }))
      .then(deviceRegistered({ occurredAt: at('2024-01-03T00:00:00Z') }));
    // The identical body of the first registration is a new registration too: the device was removed.
    const reRegistered = [...history, deviceRegistered()];
    given(...reRegistered, toppedUp('t1', '10')).when(charge('c1', '1')).thenDeclines('device_not_verified');
    given(...reRegistered).when(registerDevice()).thenReplays(4);
  });

  it('registers several devices independently', () => {
    given(accountOpened(), deviceRegistered()).when(registerDevice({ deviceId: tablet })).then(deviceRegistered({ deviceId: tablet }));
  });
});

describe('VerifyDevice', () => {
  it('verifies a registered device', () => {
    given(accountOpened(), deviceRegistered()).when(verifyDevice({ method: 'passkey' })).then(deviceVerified('passkey'));
  });

  it('is device_not_registered for a device never registered', () => {
    given(accountOpened(), deviceRegistered()).when(verifyDevice({ deviceId: tablet })).thenRejects('device_not_registered', { deviceId: tablet });
  });

  it('is device_not_registered for a removed device', () => {
    given(...readyAccount(), deviceRemoved()).when(verifyDevice()).thenRejects('device_not_registered', { deviceId: phone });
  });

  it('is a no-op answered by the verification when sent again with the same body', () => {
    given(...readyAccount()).when(verifyDevice()).thenReplays(2);
  });

  it('records a second verification by another method as a new fact', () => {
    given(...readyAccount()).when(verifyDevice({ method: 'totp' })).then(deviceVerified('totp'));
  });
});

describe('RemoveDevice', () => {
  it('removes a registered device', () => {
    given(accountOpened(), deviceRegistered()).when(removeDevice()).then(deviceRemoved());
  });

  it('removes a verified device, which can then no longer charge', () => {
    given(...readyAccount()).when(removeDevice()).then(deviceRemoved());
    given(...readyAccount(), toppedUp('t1', '10'), deviceRemoved()).when(charge('c1', '1')).thenDeclines('device_not_registered');
  });

  it('is device_not_registered for a device never registered', () => {
    given(accountOpened()).when(removeDevice()).thenRejects('device_not_registered', { deviceId: phone });
  });

  it('is a no-op answered by the removal when sent again with the same body', () => {
    given(...readyAccount(), deviceRemoved()).when(removeDevice()).thenReplays(3);
  });

  it('is device_not_registered when a removed device is removed again with another body', () => {
    given(...readyAccount(), deviceRemoved())
      .when(removeDevice({ occurredAt: at('2024-02-01T00:00:00Z') }))
      .thenRejects('device_not_registered', { deviceId: phone });
  });
});
