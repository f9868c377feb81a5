import { describe, expect, it } from 'vitest';
import { createOpenHoldsView } from '../../../projections/holds/open-holds.ts';
import { at } from '../../domain/fixtures.ts';
import { timeline } from '../fraud/fraud-fixtures.ts';

const jpy = (amount: string) => ({ amount, currency: 'JPY' });
const held = (chargeId: string, holdExpiresAt: string) => ({
  accountId: 'acc-1', chargeId, amount: jpy('100'), merchantId: 'm', storeId: 's', deviceId: 'd', occurredAt: '2024-05-01T00:00:00Z', holdExpiresAt,
});
const noRollback = { onRollback: () => undefined };

describe('open holds view', () => {
  it('lists the open holds due by a time, earliest expiry first, at most the limit; settled holds leave it', () => {
    const t = timeline();
    t.add('ChargeHeld', held('h-late', '2024-05-03T00:00:00Z'));
    t.add('ChargeHeld', held('h-early', '2024-05-02T00:00:00Z'));
    t.add('ChargeHeld', held('h-future', '2024-06-01T00:00:00Z'));
    t.add('ChargeHeld', held('h-captured', '2024-05-02T00:00:00Z'));
    t.add('HeldChargeCaptured', { accountId: 'acc-1', chargeId: 'h-captured', amount: jpy('100'), heldAmount: jpy('100'), occurredAt: '2024-05-01T01:00:00Z' });
    const view = createOpenHoldsView();
    view.projection.applyBatch(noRollback, t.events());
    const due = (iso: string, limit = 10) => view.due(at(iso), limit).map((hold) => hold.chargeId);
    expect(due('2024-05-10T00:00:00Z')).toEqual(['h-early', 'h-late']);
    expect(due('2024-05-10T00:00:00Z', 1)).toEqual(['h-early']);
    expect(due('2024-05-02T00:00:00Z')).toEqual(['h-early']);
    expect(due('2024-05-01T23:59:59.999Z')).toEqual([]);
    expect(view.size()).toBe(3);
  });

  it('undoes a failed batch through the transaction', () => {
    const t = timeline();
    t.add('ChargeHeld', held('h-1', '2024-05-02T00:00:00Z'));
    const view = createOpenHoldsView();
    const undos: Array<() => void> = [];
    view.projection.applyBatch({ onRollback: (undo) => undos.push(undo) }, t.events());
    expect(view.size()).toBe(1);
    for (const undo of undos.reverse()) undo();
    expect(view.size()).toBe(0);
  });
});
