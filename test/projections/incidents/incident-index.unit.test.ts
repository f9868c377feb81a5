// Incident selection: the window is half-open on the charge's occurredAt, every given criterion
// must match, charges reversed by other means leave the selection, those reversed by this
// incident stay in it.
import { describe, expect, it } from 'vitest';
import { IncidentIndex } from '../../../projections/incidents/incident-index.ts';
import { summarize } from '../../../projections/incidents/selected-charge.ts';
import { IncidentRequestCodec } from '../../../domain/incidents/incident-request.ts';
import { at, charged, loggedIn, opened, registered, timeline, verified } from '../fraud/fraud-fixtures.ts';

const day = () => {
  const t = timeline();
  opened(t, 'victim');
  t.add('DeviceRegistered', { accountId: 'victim', deviceId: 'victim-phone', occurredAt: '2019-07-01T09:00:00+09:00' });
  t.add('DeviceVerified', { accountId: 'victim', deviceId: 'victim-phone', method: 'sms_otp', occurredAt: '2019-07-01T09:01:00+09:00' });
  loggedIn(t, 'victim', 'thief-phone', 'CN', '10:00:00');
  registered(t, 'victim', 'thief-phone', '10:01:00');
  verified(t, 'victim', 'thief-phone', '10:02:00');
  charged(t, 'victim', 'thief-phone', '60000', '10:05:00');
  charged(t, 'victim', 'thief-phone', '50000', '10:10:00');
  charged(t, 'victim', 'victim-phone', '700', '10:20:00');
  opened(t, 'honest');
  loggedIn(t, 'honest', 'new-phone', 'JP', '11:00:00');
  registered(t, 'honest', 'new-phone', '11:01:00');
  verified(t, 'honest', 'new-phone', '11:02:00');
  charged(t, 'honest', 'new-phone', '1200', '11:30:00');
  return t;
};

const window = { from: at('00:00:00'), to: '2019-07-04T00:00:00+09:00' };

const select = (events: ReturnType<ReturnType<typeof timeline>['events']>, criteria: Readonly<Record<string, unknown>>) => {
  const decoded = IncidentRequestCodec.decode({ incidentId: 'inc-1', description: 'takeover', window, criteria });
  if (decoded._tag === 'Left') throw new Error('request fixture');
  const index = new IncidentIndex(decoded.right.incidentId, decoded.right.window, decoded.right.criteria);
  for (const stored of events) index.accept(stored);
  return index.selected();
};
const ids = (charges: ReturnType<typeof select>) => charges.map((c) => `${c.accountId}/${c.chargeId}`);

const thiefCharges = ['victim/charge-victim-10:05:00', 'victim/charge-victim-10:10:00'];

describe('incident selection', () => {
  it('applies each criterion, and all of them together', () => {
    const events = day().events();
    expect(ids(select(events, { devicesRegisteredInWindow: true, countries: ['CN'] }))).toEqual(thiefCharges);
    expect(ids(select(events, { devicesRegisteredInWindow: true }))).toEqual([...thiefCharges, 'honest/charge-honest-11:30:00']);
    expect(ids(select(events, { countries: ['CN', 'HK'] }))).toEqual(thiefCharges);
    expect(ids(select(events, { deviceIds: ['victim-phone'] }))).toEqual(['victim/charge-victim-10:20:00']);
    expect(ids(select(events, { accountIds: ['honest'], countries: ['CN'] }))).toEqual([]);
    expect(ids(select(events, { accountIds: [] }))).toEqual([]);
    expect(select(events, {})).toHaveLength(4);
    expect(summarize(select(events, { countries: ['CN'] }))).toEqual({ charges: 2, accounts: 1, total: { JPY: '110000' } });
  });

  it('takes the window as [from, to) and needs the foreign login before the charge', () => {
    const t = day();
    charged(t, 'victim', 'thief-phone', '100', '00:00:00');
    t.add('WalletCharged', { accountId: 'victim', chargeId: 'at-to', amount: { amount: '100', currency: 'JPY' }, merchantId: 'm', storeId: 's', deviceId: 'thief-phone', occurredAt: window.to });
    loggedIn(t, 'honest', 'new-phone', 'CN', '12:00:00');
    const chosen = ids(select(t.events(), { accountIds: ['victim', 'honest'] }));
    expect(chosen).toContain('victim/charge-victim-00:00:00');
    expect(chosen).not.toContain('victim/at-to');
    expect(ids(select(t.events(), { countries: ['CN'], accountIds: ['honest'] }))).toEqual([]);
  });

  it('drops charges reversed by other means and keeps those reversed by this incident', () => {
    const t = day();
    const reversal = (chargeId: string, extra: Record<string, unknown>) =>
      t.add('ChargeReversed', { accountId: 'victim', chargeId, amount: { amount: chargeId.endsWith('05:00') ? '60000' : '50000', currency: 'JPY' }, reason: 'r', occurredAt: at('15:00:00'), ...extra });
    reversal('charge-victim-10:05:00', {});
    reversal('charge-victim-10:10:00', { incidentId: 'inc-1' });
    const chosen = select(t.events(), { countries: ['CN'] });
    expect(chosen.map((c) => [c.chargeId, c.reversedBy])).toEqual([['charge-victim-10:10:00', 'this']]);
    const other = day();
    other.add('ChargeReversed', { accountId: 'victim', chargeId: 'charge-victim-10:05:00', amount: { amount: '60000', currency: 'JPY' }, reason: 'r', occurredAt: at('15:00:00'), incidentId: 'inc-0' });
    expect(ids(select(other.events(), { countries: ['CN'] }))).toEqual([thiefCharges[1]]);
  });

  it('refuses requests whose window is empty or reversed, and strips unknown fields', () => {
    expect(IncidentRequestCodec.decode({ incidentId: 'i', description: 'd', window: { from: window.to, to: window.from }, criteria: {} })._tag).toBe('Left');
    expect(IncidentRequestCodec.decode({ incidentId: 'i', description: 'd', window: { from: window.to, to: window.to }, criteria: {} })._tag).toBe('Left');
    expect(IncidentRequestCodec.decode({ incidentId: 'bad id', description: 'd', window, criteria: {} })._tag).toBe('Left');
    const decoded = IncidentRequestCodec.decode({ incidentId: 'i', description: 'd', window, criteria: { countries: ['CN'], colour: 'red' }, extra: 1 });
    expect(decoded._tag === 'Right' && decoded.right).toEqual({ incidentId: 'i', description: 'd', window: { from: '2019-07-02T15:00:00.000Z', to: '2019-07-03T15:00:00.000Z' }, criteria: { countries: ['CN'] } });
  });
});

describe('incident selection of two-phase charges', () => {
  const holdDay = () => {
    const t = day();
    const hold = (chargeId: string, amount: string, time: string) =>
      t.add('ChargeHeld', {
        accountId: 'victim', chargeId, amount: { amount, currency: 'JPY' }, merchantId: 'm-1', storeId: 's', deviceId: 'thief-phone',
        occurredAt: at(time), holdExpiresAt: '2019-07-10T00:00:00Z',
      });
    hold('hold-captured', '9000', '10:30:00');
    hold('hold-voided', '8000', '10:31:00');
    hold('hold-open', '7000', '10:32:00');
    // Captured after the window closes: still selected, by the hold's occurredAt.
    t.add('HeldChargeCaptured', {
      accountId: 'victim', chargeId: 'hold-captured', amount: { amount: '6000', currency: 'JPY' },
      heldAmount: { amount: '9000', currency: 'JPY' }, occurredAt: '2019-07-05T00:00:00+09:00',
    });
    t.add('HoldVoided', {
      accountId: 'victim', chargeId: 'hold-voided', amount: { amount: '8000', currency: 'JPY' }, reason: 'cancelled', occurredAt: at('10:40:00'),
    });
    return t;
  };

  it('selects a captured hold as a charge of the captured amount at the hold occurredAt; released or open holds never', () => {
    const selected = select(holdDay().events(), { countries: ['CN'] });
    expect(ids(selected)).toEqual([...thiefCharges, 'victim/hold-captured']);
    expect(selected.at(-1)).toMatchObject({ occurredAt: '2019-07-03T01:30:00.000Z', amount: { currency: 'JPY' } });
    expect(summarize(selected).total).toEqual({ JPY: '116000' });
  });

  it('judges the criteria at the hold: a hold from another device is not selected once captured', () => {
    expect(ids(select(holdDay().events(), { deviceIds: ['victim-phone'] }))).toEqual(['victim/charge-victim-10:20:00']);
  });
});
