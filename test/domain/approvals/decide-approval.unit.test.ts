// The approval decider: given events / when command / then events or rejection, for every
// transition and every rejection. Every accepted decision is folded back through evolve.
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { ApprovalCommand } from '../../../domain/approvals/approval-commands.ts';
import { type ApprovalEvent, ApprovalEventCodec, type ApprovalId, type IssuerId, type PositionText, type Proposal } from '../../../domain/approvals/approval-events.ts';
import type { ApprovalRejectionCode } from '../../../domain/approvals/approval-rejections.ts';
import { foldApproval } from '../../../domain/approvals/approval-state.ts';
import { decideApproval } from '../../../domain/approvals/decide-approval.ts';
import type { AccountId, IncidentId, Text } from '../../../domain/ids.ts';
import type { Instant } from '../../../domain/instant.ts';

const approvalId = 'apr-1' as ApprovalId;
const alice = 'finance:alice' as IssuerId;
const bob = 'finance:bob' as IssuerId;
const proposedAt = '2024-05-01T00:00:00.000Z' as Instant;
const expiresAt = '2024-05-04T00:00:00.000Z' as Instant;
const beforeExpiry = '2024-05-02T00:00:00.000Z' as Instant;
const incident: Proposal = {
  action: 'incidents',
  request: {
    incidentId: 'inc-1' as IncidentId,
    description: 'takeover' as Text,
    window: { from: '2024-04-30T00:00:00.000Z' as Instant, to: '2024-05-01T00:00:00.000Z' as Instant },
    criteria: { accountIds: ['acc-1' as AccountId] },
  },
  selectionKnownBefore: '42' as PositionText,
  review: { charges: 3, accounts: 1, total: { JPY: '300' } },
};
const freeze: Proposal = { action: 'freeze', request: { accountId: 'acc-1' as AccountId, reason: 'review' as Text, occurredAt: proposedAt } };

const proposed: ApprovalEvent = { type: 'ApprovalProposed', data: { approvalId, occurredAt: proposedAt, proposedBy: alice, expiresAt, proposal: incident } };
const granted: ApprovalEvent = { type: 'ApprovalGranted', data: { approvalId, occurredAt: beforeExpiry, approvedBy: bob } };
const rejected: ApprovalEvent = { type: 'ApprovalRejected', data: { approvalId, occurredAt: beforeExpiry, rejectedBy: bob, reason: 'wrong window' as Text } };
const expired: ApprovalEvent = { type: 'ApprovalExpired', data: { approvalId, occurredAt: expiresAt } };
const executed: ApprovalEvent = { type: 'ApprovedActionExecuted', data: { approvalId, occurredAt: beforeExpiry, outcome: 'succeeded' } };

const propose: ApprovalCommand = { kind: 'ProposeAction', approvalId, proposedBy: alice, occurredAt: proposedAt, expiresAt, proposal: incident };
const grant = (approvedBy: IssuerId, ledgerTime: Instant = beforeExpiry): ApprovalCommand => ({ kind: 'GrantApproval', approvalId, approvedBy, occurredAt: beforeExpiry, ledgerTime });
const reject = (rejectedBy: IssuerId, ledgerTime: Instant = beforeExpiry): ApprovalCommand => ({
  kind: 'RejectProposal', approvalId, rejectedBy, occurredAt: beforeExpiry, ledgerTime, reason: 'wrong window' as Text,
});
const expire = (ledgerTime: Instant): ApprovalCommand => ({ kind: 'ExpireProposal', approvalId, ledgerTime });
const execute: ApprovalCommand = { kind: 'RecordActionExecuted', approvalId, occurredAt: beforeExpiry, outcome: 'succeeded' };

const encoded = (events: ReadonlyArray<ApprovalEvent>) => events.map((event) => ApprovalEventCodec.encode(event));

const given = (...history: ApprovalEvent[]) => ({
  when: (command: ApprovalCommand) => {
    const state = foldApproval(history);
    const decision = decideApproval(command, state);
    return {
      then: (...expected: ApprovalEvent[]) => {
        if (!isRight(decision)) throw new Error(`expected events, got ${JSON.stringify(decision.left)}`);
        expect(encoded(decision.right)).toEqual(encoded(expected));
        // A decided event decodes back to itself and folds.
        for (const event of decision.right) expect(ApprovalEventCodec.decode(ApprovalEventCodec.encode(event))._tag).toBe('Right');
        return foldApproval(decision.right, state);
      },
      thenRejects: (code: ApprovalRejectionCode) => {
        if (!isLeft(decision)) throw new Error(`expected ${code}, got events ${JSON.stringify(decision.right)}`);
        expect(decision.left.code).toBe(code);
        expect(decision.left.approvalId).toBe(approvalId);
      },
    };
  },
});

describe('proposing', () => {
  it('records a proposal on a new stream', () => {
    expect(given().when(propose).then(proposed).status).toBe('awaiting_approval');
  });
  it('the same proposal again decides nothing', () => given(proposed).when(propose).then());
  it('another proposal under the same id is refused', () => given(proposed).when({ ...propose, proposal: freeze }).thenRejects('approval_exists'));
  it('the same proposal by someone else under the same id is refused', () => given(proposed).when({ ...propose, proposedBy: bob }).thenRejects('approval_exists'));
});

describe('approving', () => {
  it('a second person approves an awaiting proposal', () => {
    expect(given(proposed).when(grant(bob)).then(granted).status).toBe('approved');
  });
  it('the proposer cannot approve', () => given(proposed).when(grant(alice)).thenRejects('approver_is_proposer'));
  it('at or after expiresAt by the ledger clock, it is expired', () => given(proposed).when(grant(bob, expiresAt)).thenRejects('approval_expired'));
  it('approving again decides nothing, whoever sends it', () => {
    given(proposed, granted).when(grant(bob)).then();
    given(proposed, granted).when(grant(alice, expiresAt)).then();
  });
  it('approving a rejected proposal is refused', () => given(proposed, rejected).when(grant(bob)).thenRejects('approval_decided'));
  it('approving an expired proposal is refused', () => given(proposed, expired).when(grant(bob)).thenRejects('approval_expired'));
  it('an unknown proposal is not found', () => given().when(grant(bob)).thenRejects('approval_not_found'));
});

describe('rejecting', () => {
  it('a second person rejects an awaiting proposal', () => {
    expect(given(proposed).when(reject(bob)).then(rejected).status).toBe('rejected');
  });
  it('the proposer cannot reject', () => given(proposed).when(reject(alice)).thenRejects('approver_is_proposer'));
  it('after expiry, it is expired', () => given(proposed).when(reject(bob, '2024-05-05T00:00:00.000Z' as Instant)).thenRejects('approval_expired'));
  it('rejecting again decides nothing', () => given(proposed, rejected).when(reject(bob)).then());
  it('rejecting an approved proposal is refused', () => given(proposed, granted).when(reject(bob)).thenRejects('approval_decided'));
  it('rejecting an expired proposal is refused', () => given(proposed, expired).when(reject(bob)).thenRejects('approval_expired'));
  it('an unknown proposal is not found', () => given().when(reject(bob)).thenRejects('approval_not_found'));
});

describe('expiring', () => {
  it('records the expiry at expiresAt, whenever noticed', () => {
    expect(given(proposed).when(expire('2024-06-01T00:00:00.000Z' as Instant)).then(expired).status).toBe('expired');
  });
  it('expiring at exactly expiresAt is due', () => given(proposed).when(expire(expiresAt)).then(expired));
  it('before expiresAt it is not due', () => given(proposed).when(expire(beforeExpiry)).thenRejects('approval_not_due'));
  it('expiring again decides nothing', () => given(proposed, expired).when(expire(expiresAt)).then());
  it('a decided proposal does not expire', () => {
    given(proposed, granted).when(expire(expiresAt)).thenRejects('approval_decided');
    given(proposed, rejected).when(expire(expiresAt)).thenRejects('approval_decided');
  });
  it('an unknown proposal is not found', () => given().when(expire(expiresAt)).thenRejects('approval_not_found'));
});

describe('recording the execution', () => {
  it('an approved action is recorded as executed once', () => {
    const state = given(proposed, granted).when(execute).then(executed);
    expect(state.status === 'approved' && state.executed?.outcome).toBe('succeeded');
  });
  it('recording it again decides nothing', () => given(proposed, granted, executed).when(execute).then());
  it('a refusal of the action is recorded with its code', () => {
    const refused: ApprovalEvent = { type: 'ApprovedActionExecuted', data: { approvalId, occurredAt: beforeExpiry, outcome: 'refused', refusal: 'account_not_found' as Text } };
    given(proposed, granted).when({ ...execute, outcome: 'refused', refusal: 'account_not_found' as Text }).then(refused);
  });
  it('an action never approved cannot be recorded as executed', () => {
    given(proposed).when(execute).thenRejects('approval_not_approved');
    given(proposed, rejected).when(execute).thenRejects('approval_not_approved');
    given(proposed, expired).when(execute).thenRejects('approval_not_approved');
    given().when(execute).thenRejects('approval_not_found');
  });
});

describe('evolve asserts what decide never produces', () => {
  it.each([
    ['a decision without a proposal', [granted]],
    ['a second proposal', [proposed, proposed]],
    ['an approval after a rejection', [proposed, rejected, granted]],
    ['an expiry after an approval', [proposed, granted, expired]],
    ['an execution twice', [proposed, granted, executed, executed]],
    ['an execution of an expired proposal', [proposed, expired, executed]],
  ] as const)('%s throws', (_name, events) => {
    expect(() => foldApproval(events)).toThrow(/approval/);
  });
});
