// One incident reversal: done, replayed with the same body, refused with another body (yet ours),
// or found reversed by other means.
import { describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { reverseForIncident } from '../../../adapters/incidents/reverse-charge.ts';
import { incidentReason } from '../../../adapters/incidents/run-incident.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { jst, literal } from '../../../adapters/incidents/scenario-ids.ts';
import { sevenPayDay } from '../../../adapters/incidents/seven-pay-scenario.ts';
import { DeviceId, IncidentId } from '../../../domain/ids.ts';
import { LedgerDecimal } from '../../../domain/money.ts';
import type { SelectedCharge } from '../../../projections/incidents/selected-charge.ts';

describe('reverseForIncident', () => {
  it('is idempotent per incident whatever the reversal time, and tells other reversals apart', async () => {
    const day = sevenPayDay({ customers: 6, victims: 2, accountsPerAttackerPhone: 2 });
    const store = createMemoryEventStore();
    const handle = createCommandHandler(store);
    await runCommands(handle, day.commands);
    const incidentId = literal(IncidentId, 'inc-7');
    const incident = { incidentId, reason: incidentReason(incidentId), occurredAt: jst('2019-07-04T09:00:00') };
    const asSelected = (index: number): SelectedCharge => {
      const c = day.fraudulentCharges[index];
      if (c === undefined) throw new Error('fixture');
      return { accountId: c.accountId, chargeId: c.chargeId, deviceId: day.attackerPhones[0] ?? literal(DeviceId, 'unknown'), amount: { amount: new LedgerDecimal(c.amount), currency: 'JPY' }, occurredAt: incident.occurredAt, position: 1n };
    };
    const deps = { store, handle };
    expect(await reverseForIncident(deps, asSelected(1), incident)).toBe('reversed');
    expect(await reverseForIncident(deps, asSelected(1), incident)).toBe('already_reversed_by_incident');
    expect(await reverseForIncident(deps, asSelected(1), { ...incident, occurredAt: jst('2019-07-05T09:00:00') })).toBe('already_reversed_by_incident');
    // The charge support reversed by hand (day.reversedBeforeIncident is fraudulent charge 0).
    expect(await reverseForIncident(deps, asSelected(0), incident)).toBe('reversed_by_other_means');
    const other = { ...incident, incidentId: literal(IncidentId, 'inc-8'), reason: incidentReason(literal(IncidentId, 'inc-8')) };
    expect(await reverseForIncident(deps, asSelected(1), other)).toBe('reversed_by_other_means');
    const reversals = await store.readAll({ types: ['ChargeReversed'] });
    expect(reversals).toHaveLength(2);
  });
});
