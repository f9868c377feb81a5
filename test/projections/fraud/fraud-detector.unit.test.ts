// The detector as a whole: deterministic, re-delivery safe, bounded in memory, stable alert ids.
import { describe, expect, it } from 'vitest';
import { alertIdOf } from '../../../projections/fraud/fraud-alert.ts';
import { defaultFraudRules } from '../../../projections/fraud/fraud-rules.ts';
import { detect, initialDetectorState, processBatch, sweepEveryEvents } from '../../../projections/fraud/fraud-detector.ts';
import { AccountId } from '../../../domain/ids.ts';
import { charged, loggedIn, opened, registered, timeline, verified } from './fraud-fixtures.ts';

const takeover = () => {
  const t = timeline();
  for (const account of ['a', 'b', 'c']) {
    opened(t, account);
    loggedIn(t, account, 'thief-phone', 'CN', '10:00:00');
    registered(t, account, 'thief-phone', '10:01:00');
    verified(t, account, 'thief-phone', '10:02:00');
    charged(t, account, 'thief-phone', '90000', '10:05:00', 'store-tokyo-shinjuku');
    charged(t, account, 'thief-phone', '90000', '10:10:00', 'store-tokyo-shinjuku');
  }
  return t.events();
};

describe('fraud detector', () => {
  it('gives the same alerts in one batch, in pages, and when events are delivered twice', () => {
    const events = takeover();
    const whole = processBatch(defaultFraudRules)(initialDetectorState(), events).alerts;
    expect(whole.length).toBeGreaterThan(5);
    let state = initialDetectorState();
    const paged = [];
    for (let i = 0; i < events.length; i += 4) {
      const page = events.slice(Math.max(0, i - 2), i + 4); // overlapping pages: re-delivered events
      const detection = processBatch(defaultFraudRules)(state, page);
      state = detection.state;
      paged.push(...detection.alerts);
    }
    expect(paged).toEqual(whole);
  });

  it('forgets what aged out of every window, so memory stays bounded over weeks', () => {
    const t = timeline();
    const step = detect(defaultFraudRules);
    let state = initialDetectorState();
    // 40 days, 500 accounts a day, each with a new device and a charge at a known store.
    for (let day = 0; day < 40; day += 1) {
      for (let n = 0; n < 500; n += 1) {
        const accountId = `d${day}-n${n}`;
        const time = new Date(Date.UTC(2019, 6, 1 + day, 1, 0, n % 60)).toISOString();
        for (const stored of [
          t.add('DeviceRegistered', { accountId, deviceId: `dev-${accountId}`, occurredAt: time }),
          t.add('WalletCharged', { accountId, chargeId: 'c', amount: { amount: '500', currency: 'JPY' }, merchantId: 'm', storeId: 'store-tokyo-shibuya', deviceId: `dev-${accountId}`, occurredAt: time }),
        ]) state = step(state, stored).state;
      }
    }
    expect(t.events().length).toBeGreaterThan(sweepEveryEvents * 4);
    // At most about two days of activity remain (the window plus one sweep interval).
    expect(state.shared.size).toBeLessThanOrEqual(1000 + sweepEveryEvents);
    expect(state.fresh.size).toBeLessThanOrEqual(sweepEveryEvents);
    expect(state.velocity.size).toBeLessThanOrEqual(sweepEveryEvents);
    expect(state.travel.size).toBeLessThanOrEqual(1000 + sweepEveryEvents);
  });

  it('derives alert ids from rule, position and account, within the id rule even for long account ids', () => {
    const short = AccountId.decode('alice');
    const long = AccountId.decode('x'.repeat(128));
    const other = AccountId.decode('y'.repeat(128));
    if (short._tag === 'Left' || long._tag === 'Left' || other._tag === 'Left') throw new Error('fixture ids');
    expect(alertIdOf('velocity', short.right, 42n)).toBe('velocity:42:alice');
    const hashed = alertIdOf('fresh-device-large-charge', long.right, 123456789n);
    expect(hashed.length).toBeLessThanOrEqual(128);
    expect(hashed).toBe(alertIdOf('fresh-device-large-charge', long.right, 123456789n));
    expect(hashed).not.toBe(alertIdOf('fresh-device-large-charge', other.right, 123456789n));
  });
});
