// An incident releases (voids) the OPEN holds that match its criteria, once: a captured hold is
// reversed as a charge, a hold released by other means and a hold that does not match are left
// alone, and a re-run of the incident (at another "now") appends nothing.
import { describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { literal, jst, yen } from '../../../adapters/incidents/scenario-ids.ts';
import type { Command } from '../../../domain/commands.ts';
import { AccountId, ChargeId, CountryCode, DeviceId, IncidentId, MerchantId, StoreId, Text, TopUpId } from '../../../domain/ids.ts';
import type { IncidentRequest } from '../../../domain/incidents/incident-request.ts';
import { runIncidentOrThrow } from '../../support/run-incident-or-throw.ts';

const account = (name: string) => literal(AccountId, name);
const charge = (accountId: AccountId, chargeId: string, deviceId: DeviceId, time: string, amount = 1_000): Command => ({
  kind: 'ChargeWallet', accountId, chargeId: literal(ChargeId, chargeId), amount: yen(amount), merchantId: literal(MerchantId, 'm'),
  storeId: literal(StoreId, 's'), deviceId, occurredAt: jst(time), hold: { ledgerTime: jst(time) },
});
const setUp = (accountId: AccountId, deviceId: DeviceId, registeredAt: string): ReadonlyArray<Command> => [
  { kind: 'OpenAccount', accountId, currency: 'JPY', homeCountry: literal(CountryCode, 'JP'), occurredAt: jst('2019-07-01T09:00:00') },
  { kind: 'RegisterDevice', accountId, deviceId, occurredAt: jst(registeredAt) },
  { kind: 'VerifyDevice', accountId, deviceId, method: 'sms_otp', occurredAt: jst(registeredAt) },
  { kind: 'TopUpWallet', accountId, topUpId: literal(TopUpId, 'top-up'), amount: yen(100_000), source: literal(Text, 'bank'), occurredAt: jst('2019-07-01T09:01:00') },
];
const victim = account('victim');
const bystander = account('bystander');
const attackerPhone = literal(DeviceId, 'attacker-phone');
const ownPhone = literal(DeviceId, 'own-phone');
const request: IncidentRequest = {
  incidentId: literal(IncidentId, 'takeover'),
  description: literal(Text, 'phones registered on the day'),
  window: { from: jst('2019-07-03T00:00:00'), to: jst('2019-07-04T00:00:00') },
  criteria: { devicesRegisteredInWindow: true },
};
const clockAt = (iso: string) => ({ now: () => new Date(iso) });

describe('an incident and holds', () => {
  it('voids the open matching holds once, reverses the captured one, leaves the rest; a re-run appends nothing', async () => {
    const store = createMemoryEventStore();
    const handle = createCommandHandler(store);
    await runCommands(handle, [
      ...setUp(victim, attackerPhone, '2019-07-03T10:00:00'),
      ...setUp(bystander, ownPhone, '2019-07-01T09:00:00'),
      charge(victim, 'open-1', attackerPhone, '2019-07-03T10:05:00'),
      charge(victim, 'open-2', attackerPhone, '2019-07-03T10:06:00'),
      charge(victim, 'captured', attackerPhone, '2019-07-03T10:07:00'),
      { kind: 'CaptureHeldCharge', accountId: victim, chargeId: literal(ChargeId, 'captured'), occurredAt: jst('2019-07-03T10:08:00'), ledgerTime: jst('2019-07-03T10:08:00') },
      charge(victim, 'voided', attackerPhone, '2019-07-03T10:09:00'),
      { kind: 'VoidHold', accountId: victim, chargeId: literal(ChargeId, 'voided'), reason: literal(Text, 'customer'), occurredAt: jst('2019-07-03T10:10:00'), ledgerTime: jst('2019-07-03T10:10:00') },
      charge(bystander, 'not-matching', ownPhone, '2019-07-03T10:05:00'),
    ]);
    const result = await runIncidentOrThrow({ store, handle, clock: clockAt('2019-07-04T00:00:00Z') }, request);
    expect(result).toMatchObject({ charges: 1, accounts: 1, total: { JPY: '1000' } });
    const releases = async () =>
      (await store.readAll({ types: ['HoldVoided', 'ChargeReversed'], limit: 100 })).map((e) => `${e.type} ${String(e.data.chargeId)} ${String(e.data.incidentId)}`);
    const expected = ['HoldVoided voided undefined', 'ChargeReversed captured takeover', 'HoldVoided open-1 takeover', 'HoldVoided open-2 takeover'];
    expect(await releases()).toEqual(expected);
    const head = await store.headPosition();
    const again = await runIncidentOrThrow({ store, handle: createCommandHandler(store), clock: clockAt('2019-07-05T00:00:00Z') }, { ...request });
    expect(again).toEqual(result);
    expect(await store.headPosition()).toBe(head);
    // The released money is the victim's again: 100,000 less the captured 1,000.
    const available = await handle(charge(victim, 'after', attackerPhone, '2019-07-04T10:00:00', 99_000));
    expect(available._tag).toBe('Right');
  });
});
