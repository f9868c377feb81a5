// The approvals' fold kept with its cursor: a read sees what was appended since the last one (by
// this process or another on the same store), an outage half-way folds nothing twice, and a read
// answers a copy that a later read does not move under its caller.
import { describe, expect, it } from 'vitest';
import type { ApprovalCommand } from '../../../domain/approvals/approval-commands.ts';
import { ApprovalEventCodec, type ApprovalId, type IssuerId, type Proposal } from '../../../domain/approvals/approval-events.ts';
import { approvalDecider } from '../../../domain/approvals/approval-decider.ts';
import type { AccountId, Text } from '../../../domain/ids.ts';
import type { Instant } from '../../../domain/instant.ts';
import { createApprovalStates } from '../../../adapters/approvals/approval-states.ts';
import { createStreamCommandHandler } from '../../../adapters/command-handling/stream-command-handler.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { flakyStore } from '../../support/flaky-store.ts';

const proposedAt = '2024-05-01T00:00:00.000Z' as Instant;
const expiresAt = '2024-05-04T00:00:00.000Z' as Instant;
const freeze = (accountId: string): Proposal => ({ action: 'freeze', request: { accountId: accountId as AccountId, reason: 'review' as Text, occurredAt: proposedAt } });
const propose = (id: string): ApprovalCommand =>
  ({ kind: 'ProposeAction', approvalId: id as ApprovalId, proposedBy: 'finance:alice' as IssuerId, occurredAt: proposedAt, expiresAt, proposal: freeze(`acc-${id}`) });
const grant = (id: string): ApprovalCommand =>
  ({ kind: 'GrantApproval', approvalId: id as ApprovalId, approvedBy: 'finance:bob' as IssuerId, occurredAt: proposedAt, ledgerTime: proposedAt });

describe('createApprovalStates', () => {
  it('catches up from its cursor: new approvals and new steps of known ones, each folded once', async () => {
    const store = flakyStore(createMemoryEventStore());
    const handle = createStreamCommandHandler(store, approvalDecider, ApprovalEventCodec);
    const states = createApprovalStates(store);
    const other = createApprovalStates(store);
    await handle(propose('apr-1'));
    const first = await states();
    expect([...first.keys()]).toEqual(['apr-1']);
    expect(first.get('apr-1')?.status).toBe('awaiting_approval');

    await handle(grant('apr-1'));
    await handle(propose('apr-2'));
    store.down = true;
    await expect(states()).rejects.toThrow(/injected outage/);
    store.down = false;
    const second = await states();
    expect(second.get('apr-1')?.status).toBe('approved');
    expect(second.get('apr-2')?.status).toBe('awaiting_approval');
    // The earlier answer is a copy: the later read did not move it.
    expect(first.get('apr-1')?.status).toBe('awaiting_approval');
    // Another reader on the same store (another server) folds the same states from zero.
    expect([...(await other()).entries()]).toEqual([...second.entries()]);
  });

  it('serves concurrent reads from one catch-up at a time, with the same answer', async () => {
    const store = createMemoryEventStore();
    const handle = createStreamCommandHandler(store, approvalDecider, ApprovalEventCodec);
    for (let index = 0; index < 5; index += 1) await handle(propose(`apr-${index}`));
    const states = createApprovalStates(store);
    const answers = await Promise.all([states(), states(), states()]);
    for (const answer of answers) expect([...answer.keys()].sort()).toEqual(['apr-0', 'apr-1', 'apr-2', 'apr-3', 'apr-4']);
  });
});
