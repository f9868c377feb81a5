// A 7pay-like day (3 July 2019), as a deterministic list of commands plus the facts a test or a
// demo checks against. Dozens of customers in Japan with verified home phones and ordinary
// charges; attackers logging in from abroad who register and verify their own phones (one phone on
// several accounts) and drain balances at Tokyo stores within minutes; one fraudulent charge that
// support reverses by hand before the incident; and an honest customer who gets a new phone at
// home during the same hours. No clock, no randomness: the same plan every time.
import type { Command } from '../../domain/commands.ts';
import { AccountId, ChargeId, CountryCode, DeviceId, IncidentId, IpAddress, LoginId, MerchantId, StoreId, Text, TopUpId } from '../../domain/ids.ts';
import type { Instant } from '../../domain/instant.ts';
import type { IncidentRequest } from '../../domain/incidents/incident-request.ts';
import { jst, literal, plusMinutes, yen } from './scenario-ids.ts';

export type SevenPayOptions = Readonly<{ customers?: number; victims?: number; accountsPerAttackerPhone?: number }>;

export type FraudulentCharge = Readonly<{ accountId: AccountId; chargeId: ChargeId; amount: number }>;

export type SevenPayDay = Readonly<{
  commands: ReadonlyArray<Command>;
  customers: ReadonlyArray<AccountId>;
  victims: ReadonlyArray<AccountId>;
  honestNewPhone: AccountId;
  attackerPhones: ReadonlyArray<DeviceId>;
  fraudulentCharges: ReadonlyArray<FraudulentCharge>;
  // Reversed one by one by support before the incident: not the incident's to reverse again.
  reversedBeforeIncident: FraudulentCharge;
  incident: IncidentRequest;
}>;

const drainYen = [60_000, 60_000, 50_000, 20_000];
const topUpYen = 200_000;
const stores = ['store-tokyo-shibuya', 'store-tokyo-shinjuku', 'store-osaka-umeda', 'store-nagoya-sakae'];
const attackerCountries = ['CN', 'CN', 'HK'];

const id = {
  account: (n: number) => literal(AccountId, `customer-${String(n).padStart(3, '0')}`),
  device: (value: string) => literal(DeviceId, value),
  charge: (value: string) => literal(ChargeId, value),
  login: (value: string) => literal(LoginId, value),
  store: (n: number) => literal(StoreId, stores[n % stores.length] ?? 'store-unknown'),
};
const merchant = literal(MerchantId, 'merchant-konbini');
const text = (value: string) => literal(Text, value);

const charge = (accountId: AccountId, chargeId: ChargeId, amount: number, deviceId: DeviceId, storeN: number, occurredAt: Instant): Command => ({
  kind: 'ChargeWallet', accountId, chargeId, amount: yen(amount), merchantId: merchant, storeId: id.store(storeN), deviceId, occurredAt,
});
const login = (accountId: AccountId, loginId: string, deviceId: DeviceId, country: string, ip: string, occurredAt: Instant): Command => ({
  kind: 'RecordLogin', accountId, loginId: id.login(loginId), deviceId, ipAddress: literal(IpAddress, ip),
  country: literal(CountryCode, country), outcome: 'succeeded', occurredAt,
});

// Lunch is paid with the phone the customer has at noon (the honest customer's new one).
const customerDay = (n: number, lunchPhone?: DeviceId): ReadonlyArray<Command> => {
  const accountId = id.account(n);
  const phone = id.device(`phone-${accountId}`);
  const opened = plusMinutes(jst('2019-07-01T09:00:00'), n);
  const morning = plusMinutes(jst('2019-07-03T07:00:00'), n);
  return [
    { kind: 'OpenAccount', accountId, currency: 'JPY', homeCountry: literal(CountryCode, 'JP'), occurredAt: opened },
    { kind: 'RegisterDevice', accountId, deviceId: phone, occurredAt: plusMinutes(opened, 1) },
    { kind: 'VerifyDevice', accountId, deviceId: phone, method: 'sms_otp', occurredAt: plusMinutes(opened, 2) },
    { kind: 'TopUpWallet', accountId, topUpId: literal(TopUpId, `topup-${accountId}`), amount: yen(topUpYen), source: text('bank transfer'), occurredAt: plusMinutes(opened, 3) },
    login(accountId, `login-${accountId}-morning`, phone, 'JP', '198.51.100.10', morning),
    charge(accountId, id.charge(`charge-${accountId}-coffee`), 480 + 10 * n, phone, 0, plusMinutes(morning, 5)),
    charge(accountId, id.charge(`charge-${accountId}-lunch`), 1_200 + 25 * n, lunchPhone ?? phone, 0, plusMinutes(morning, 300)),
  ];
};

// Victim k is taken over from phone k / accountsPerPhone, ten minutes after the previous one.
const takeover = (victimN: number, k: number, perPhone: number): { commands: Command[]; charges: FraudulentCharge[] } => {
  const accountId = id.account(victimN);
  const phoneN = Math.floor(k / perPhone);
  const phone = id.device(`attacker-phone-${phoneN + 1}`);
  const t0 = plusMinutes(jst('2019-07-03T10:00:00'), 10 * k);
  const charges = drainYen.map((amount, i) => ({ accountId, chargeId: id.charge(`charge-${accountId}-fraud-${i + 1}`), amount }));
  return {
    charges,
    commands: [
      login(accountId, `login-${accountId}-attacker`, phone, attackerCountries[phoneN % attackerCountries.length] ?? 'CN', `203.0.113.${phoneN + 1}`, t0),
      { kind: 'RegisterDevice', accountId, deviceId: phone, occurredAt: plusMinutes(t0, 2) },
      { kind: 'VerifyDevice', accountId, deviceId: phone, method: 'sms_otp', occurredAt: plusMinutes(t0, 3) },
      ...charges.map((c, i) => charge(accountId, c.chargeId, c.amount, phone, 1, plusMinutes(t0, 5 + 11 * i))),
    ],
  };
};

const honestNewPhone = (n: number): DeviceId => id.device(`phone-${id.account(n)}-new`);

const honestNewPhoneDay = (n: number): ReadonlyArray<Command> => {
  const accountId = id.account(n);
  const phone = honestNewPhone(n);
  const t0 = jst('2019-07-03T11:00:00');
  return [
    login(accountId, `login-${accountId}-new-phone`, phone, 'JP', '198.51.100.77', t0),
    { kind: 'RegisterDevice', accountId, deviceId: phone, occurredAt: plusMinutes(t0, 1) },
    { kind: 'VerifyDevice', accountId, deviceId: phone, method: 'sms_otp', occurredAt: plusMinutes(t0, 2) },
    { kind: 'RemoveDevice', accountId, deviceId: id.device(`phone-${accountId}`), occurredAt: plusMinutes(t0, 5) },
    charge(accountId, id.charge(`charge-${accountId}-new-phone`), 1_200, phone, 0, plusMinutes(t0, 30)),
  ];
};

export const sevenPayDay = (options: SevenPayOptions = {}): SevenPayDay => {
  const customers = options.customers ?? 40;
  const victimCount = options.victims ?? 12;
  const perPhone = options.accountsPerAttackerPhone ?? 4;
  if (victimCount < 1 || victimCount + 1 > customers) throw new RangeError('seven-pay scenario: 1 to customers - 1 victims');
  // Victims are spread over the customers; the honest new-phone customer is the last one.
  const victimNumbers = Array.from({ length: victimCount }, (_, k) => 1 + Math.floor((k * (customers - 1)) / victimCount));
  const takeovers = victimNumbers.map((n, k) => takeover(n, k, perPhone));
  const fraudulentCharges = takeovers.flatMap((t) => t.charges);
  const reversedBeforeIncident = fraudulentCharges[0] as FraudulentCharge;
  const manualReversal: Command = {
    kind: 'ReverseCharge', accountId: reversedBeforeIncident.accountId, chargeId: reversedBeforeIncident.chargeId,
    reason: text('customer reported the charge to support'), occurredAt: jst('2019-07-03T15:00:00'),
  };
  const honestN = customers;
  const timeline = [
    ...Array.from({ length: customers }, (_, i) => customerDay(i + 1, i + 1 === honestN ? honestNewPhone(honestN) : undefined)).flat(),
    ...takeovers.flatMap((t) => t.commands),
    ...honestNewPhoneDay(honestN),
    manualReversal,
  ];
  const commands = timeline.map((command, order) => ({ command, order }))
    .sort((a, b) => (a.command.occurredAt < b.command.occurredAt ? -1 : a.command.occurredAt > b.command.occurredAt ? 1 : a.order - b.order))
    .map(({ command }) => command);
  return {
    commands,
    customers: Array.from({ length: customers }, (_, i) => id.account(i + 1)),
    victims: victimNumbers.map(id.account),
    honestNewPhone: id.account(honestN),
    attackerPhones: [...new Set(takeovers.map((t) => t.commands[0]).flatMap((c) => (c?.kind === 'RecordLogin' ? [c.deviceId] : [])))],
    fraudulentCharges,
    reversedBeforeIncident,
    incident: {
      incidentId: literal(IncidentId, 'incident-2019-07-03-takeover'),
      description: text('Account takeover: phones registered from abroad on 3 July 2019'),
      window: { from: jst('2019-07-03T00:00:00'), to: jst('2019-07-04T00:00:00') },
      criteria: { devicesRegisteredInWindow: true, countries: [literal(CountryCode, 'CN'), literal(CountryCode, 'HK')] },
      occurredAt: jst('2019-07-04T09:00:00'),
    },
  };
};
