// A kill -9 between an incident's approval and the end of its run loses and duplicates nothing.
// The "process" is the approvals and command path on a store that dies after K appends: from then
// on every call on it fails, as for a killed process (nothing in flight lands later). A fresh stack
// on the same store then resumes at "restart" (and the approver may send the approval again).
// Property, over seeded ledgers and crash points: the charges the incident reversed are exactly the
// proposal's pinned selection minus those reversed by other means, each reversed once, and the
// execution is recorded once.
import fc from 'fast-check';
import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { type Approvals, createApprovals, fourEyesOff } from '../../../adapters/approvals/approvals-service.ts';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { IssuerId } from '../../../domain/approvals/approval-events.ts';
import { AccountId } from '../../../domain/ids.ts';
import type { EventStore } from '../../../domain/ports/event-store.ts';
import { at, charge, decodeOrThrow, incidentId, openAccount, registerDevice, reverse, text, topUp, verifyDevice } from '../../domain/fixtures.ts';

const clock = { now: () => new Date('2024-01-05T00:00:00.000Z') };
const alice = decodeOrThrow(IssuerId, 'finance:alice');
const bob = decodeOrThrow(IssuerId, 'finance:bob');
const incident = incidentId('inc-crash');

class Killed extends Error {}

// Dies on the append after `appendsLeft` more: that append and everything after it fail.
const mortal = (inner: EventStore, appendsLeft: number): EventStore => {
  let left = appendsLeft;
  const alive = <T>(work: () => Promise<T>): Promise<T> => (left < 0 ? Promise.reject(new Killed('killed')) : work());
  return {
    ...inner,
    append: (streamId, events, expected) => {
      left -= 1;
      return alive(() => inner.append(streamId, events, expected));
    },
    readStream: (streamId, options) => alive(() => inner.readStream(streamId, options)),
    readAll: (options) => alive(() => inner.readAll(options)),
    headPosition: () => alive(() => inner.headPosition()),
  };
};

const stack = (store: EventStore): Approvals =>
  createApprovals({ store, commands: createCommandHandler(store), clock, config: fourEyesOff, newApprovalId: () => 'apr-crash' });

const ledger = fc.record({
  accounts: fc.integer({ min: 1, max: 3 }),
  chargesPerAccount: fc.integer({ min: 1, max: 4 }),
  // Charge indexes (modulo the count) reversed by other means between the proposal and its approval.
  reversedOtherwise: fc.array(fc.nat(), { maxLength: 3 }),
  // Charges made after the proposal, inside the window: never the incident's.
  lateCharges: fc.integer({ min: 0, max: 2 }),
  crashAfterAppends: fc.nat({ max: 20 }),
});

describe('approved incident, killed mid-run', () => {
  it('resumes to exactly the pinned selection minus what was reversed by other means', async () => {
    await fc.assert(
      fc.asyncProperty(ledger, async ({ accounts, chargesPerAccount, reversedOtherwise, lateCharges, crashAfterAppends }) => {
        const store = createMemoryEventStore({ clock });
        const handle = createCommandHandler(store);
        const ids = Array.from({ length: accounts }, (_, index) => decodeOrThrow(AccountId, `acc-${index}`));
        const charges: Array<Readonly<{ accountId: AccountId; chargeId: string }>> = [];
        for (const accountId of ids) {
          const own = Array.from({ length: chargesPerAccount }, (_, index) => `${accountId}-c${index}`);
          await runCommands(handle, [openAccount({ accountId }), registerDevice({ accountId }), verifyDevice({ accountId }), topUp('t', '1000', { accountId }), ...own.map((id) => charge(id, '10', { accountId }))]);
          charges.push(...own.map((chargeId) => ({ accountId, chargeId })));
        }
        const proposed = await stack(store).propose(
          { action: 'incidents', request: { incidentId: incident, description: text('crash'), window: { from: at('2024-01-01T00:00:00Z'), to: at('2024-01-03T00:00:00Z') }, criteria: { accountIds: ids } } },
          alice,
        );
        if (!isRight(proposed)) throw new Error('proposal refused');
        expect(proposed.right.charges).toBe(charges.length);
        const otherwise = new Set(reversedOtherwise.map((index) => charges[index % charges.length]?.chargeId));
        for (const target of charges.filter((entry) => otherwise.has(entry.chargeId))) {
          await runCommands(handle, [reverse(target.chargeId, { accountId: target.accountId, reason: text('chargeback') })]);
        }
        const first = ids[0] as AccountId;
        await runCommands(handle, Array.from({ length: lateCharges }, (_, index) => charge(`late-${index}`, '10', { accountId: first })));

        const decision = { approvalId: 'apr-crash', by: bob, occurredAt: at('2024-01-05T00:00:00Z') };
        await stack(mortal(store, crashAfterAppends)).approve(decision).catch((error: unknown) => {
          if (!(error instanceof Killed)) throw error;
        });
        // Restart: resume what was approved; an approval that never landed is sent again.
        const restarted = stack(store);
        await restarted.resume();
        const again = await restarted.approve(decision);
        if (!isRight(again) || again.right.outcome.kind !== 'incident' || !isRight(again.right.outcome.outcome)) throw new Error('approval refused');
        const expected = charges.filter((entry) => !otherwise.has(entry.chargeId)).map((entry) => entry.chargeId).sort();
        expect(again.right.outcome.outcome.right.charges).toBe(expected.length);

        const reversals = (await store.readAll({ types: ['ChargeReversed'] })).map((event) => event.data);
        const byIncident = reversals.filter((data) => data.incidentId === incident).map((data) => String(data.chargeId)).sort();
        expect(byIncident).toEqual(expected);
        expect(new Set(reversals.map((data) => data.chargeId)).size).toBe(reversals.length);
        const executions = await store.readAll({ types: ['ApprovedActionExecuted'] });
        expect(executions).toHaveLength(1);
      }),
      { seed: 16, numRuns: 25 },
    );
  });
});

