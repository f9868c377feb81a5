// Each rule, given events, fires on the pattern it names and stays quiet on ordinary behaviour.
import { describe, expect, it } from 'vitest';
import { type FraudRules, defaultFraudRules, onlyRules } from '../../../projections/fraud/fraud-rules.ts';
import { type FraudRuleName } from '../../../domain/alerts/fraud-rule-name.ts';
import { initialDetectorState, processBatch } from '../../../projections/fraud/fraud-detector.ts';
import { charged, loggedIn, opened, registered, timeline, verified } from './fraud-fixtures.ts';

const alertsOf = (events: ReturnType<ReturnType<typeof timeline>['events']>, rules: FraudRules = defaultFraudRules) =>
  processBatch(rules)(initialDetectorState(), events).alerts;
const rulesFired = (events: Parameters<typeof alertsOf>[0], rule: FraudRuleName) =>
  alertsOf(events, onlyRules(defaultFraudRules, [rule])).map((alert) => `${alert.accountId}@${alert.triggeredAt}`);

const homeCustomer = (accountId = 'alice') => {
  const t = timeline();
  opened(t, accountId);
  registered(t, accountId, 'home-phone', '00:01:00');
  verified(t, accountId, 'home-phone', '00:02:00');
  return t;
};

describe('foreign-login-new-device', () => {
  it('fires when a login from abroad on an unknown device is followed by a registration', () => {
    const t = homeCustomer();
    loggedIn(t, 'alice', 'thief-phone', 'CN', '10:00:00');
    const registration = registered(t, 'alice', 'thief-phone', '10:02:00');
    expect(rulesFired(t.events(), 'foreign-login-new-device')).toEqual([`alice@${registration.position}`]);
  });

  it('stays quiet for a new phone at home, a known device abroad, and a follow-up after the window', () => {
    const home = homeCustomer();
    loggedIn(home, 'alice', 'new-phone', 'JP', '10:00:00');
    registered(home, 'alice', 'new-phone', '10:01:00');
    const travelling = homeCustomer();
    loggedIn(travelling, 'alice', 'home-phone', 'FR', '10:00:00');
    charged(travelling, 'alice', 'home-phone', '1000', '10:05:00');
    const late = homeCustomer();
    loggedIn(late, 'alice', 'thief-phone', 'CN', '01:00:00');
    registered(late, 'alice', 'thief-phone', '08:00:00');
    for (const t of [home, travelling, late]) expect(rulesFired(t.events(), 'foreign-login-new-device')).toEqual([]);
  });
});

describe('shared-device', () => {
  it('alerts every account once a device is on three of them within 24 hours', () => {
    const t = timeline();
    for (const account of ['a', 'b', 'c']) opened(t, account);
    registered(t, 'a', 'phone-x', '10:00:00');
    loggedIn(t, 'b', 'phone-x', 'CN', '10:10:00');
    const third = registered(t, 'c', 'phone-x', '10:20:00');
    const fired = alertsOf(t.events(), onlyRules(defaultFraudRules, ['shared-device']));
    expect(fired.map((a) => a.accountId)).toEqual(['a', 'b', 'c']);
    expect(fired.every((a) => a.triggeredAt === third.position)).toBe(true);
    expect(new Set(fired.map((a) => a.alertId)).size).toBe(3);
  });

  it('stays quiet for two accounts, failed logins, or sightings more than 24 hours apart', () => {
    const t = timeline();
    for (const account of ['a', 'b', 'c']) opened(t, account);
    registered(t, 'a', 'phone-x', '00:10:00');
    loggedIn(t, 'b', 'phone-x', 'JP', '10:00:00', 'failed');
    registered(t, 'c', 'phone-x', '10:20:00');
    t.add('DeviceRegistered', { accountId: 'b', deviceId: 'phone-x', occurredAt: '2019-07-04T10:30:00+09:00' });
    expect(rulesFired(t.events(), 'shared-device')).toEqual([]);
  });
});

describe('velocity', () => {
  it('fires on ¥190,000 in 40 minutes, once', () => {
    const t = homeCustomer();
    for (const [amount, time] of [['60000', '10:00:00'], ['60000', '10:12:00'], ['50000', '10:25:00'], ['20000', '10:40:00']] as const) {
      charged(t, 'alice', 'home-phone', amount, time);
    }
    expect(rulesFired(t.events(), 'velocity')).toEqual(['alice@5']);
  });

  it('fires on more than ten charges in an hour, not on a day of ordinary spending or one big purchase', () => {
    const burst = homeCustomer();
    for (let i = 0; i < 11; i += 1) charged(burst, 'alice', 'home-phone', '300', `10:${String(i * 5).padStart(2, '0')}:00`);
    expect(rulesFired(burst.events(), 'velocity')).toHaveLength(1);
    const ordinary = homeCustomer();
    for (let hour = 8; hour < 20; hour += 1) charged(ordinary, 'alice', 'home-phone', '2500', `${hour}:00:00`.padStart(8, '0'));
    charged(ordinary, 'alice', 'home-phone', '150000', '21:00:00');
    expect(rulesFired(ordinary.events(), 'velocity')).toEqual([]);
  });
});

describe('impossible-travel', () => {
  it('fires on a Tokyo payment followed by a login from China 30 minutes later', () => {
    const t = homeCustomer();
    charged(t, 'alice', 'home-phone', '500', '10:00:00', 'store-tokyo-shibuya');
    const login = loggedIn(t, 'alice', 'home-phone', 'CN', '10:30:00');
    expect(rulesFired(t.events(), 'impossible-travel')).toEqual([`alice@${login.position}`]);
  });

  it('stays quiet within a country, across a long enough gap, and for unknown stores', () => {
    const t = homeCustomer();
    loggedIn(t, 'alice', 'home-phone', 'JP', '07:00:00');
    charged(t, 'alice', 'home-phone', '500', '07:05:00', 'store-tokyo-shibuya');
    charged(t, 'alice', 'home-phone', '500', '09:05:00', 'store-osaka-umeda');
    loggedIn(t, 'alice', 'home-phone', 'CN', '18:00:00');
    charged(t, 'alice', 'home-phone', '500', '18:10:00', 'store-somewhere');
    expect(rulesFired(t.events(), 'impossible-travel')).toEqual([]);
  });
});

describe('fresh-device-large-charge', () => {
  it('fires on a large charge minutes after the device was registered and verified', () => {
    const t = homeCustomer();
    registered(t, 'alice', 'thief-phone', '10:00:00');
    verified(t, 'alice', 'thief-phone', '10:01:00');
    const charge = charged(t, 'alice', 'thief-phone', '50000', '10:05:00');
    expect(rulesFired(t.events(), 'fresh-device-large-charge')).toEqual([`alice@${charge.position}`]);
  });

  it('stays quiet for a small charge, a large one hours later, or one on the old phone', () => {
    const t = homeCustomer();
    registered(t, 'alice', 'new-phone', '10:00:00');
    verified(t, 'alice', 'new-phone', '10:01:00');
    charged(t, 'alice', 'new-phone', '1200', '10:05:00');
    charged(t, 'alice', 'home-phone', '50000', '10:06:00');
    charged(t, 'alice', 'new-phone', '50000', '13:00:00');
    expect(rulesFired(t.events(), 'fresh-device-large-charge')).toEqual([]);
  });
});
