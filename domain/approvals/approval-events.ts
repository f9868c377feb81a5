// Four eyes: the events of one approval stream (`approval-<approvalId>`). A proposal records what
// would be done and who asked; a second person grants or rejects it, or it expires; once granted,
// the action's execution is recorded as finished. Stored shapes never change.
import * as t from 'io-ts';
import { AccountId, AlertId, ChargeId, IncidentId, Text, idPattern } from '../ids.ts';
import { IncidentRunCodec } from '../incidents/incident-criteria.ts';
import { InstantCodec } from '../instant.ts';

export const ApprovalId = t.brand(
  t.string,
  (value): value is t.Branded<string, { readonly ApprovalId: unique symbol }> => idPattern.test(value),
  'ApprovalId',
);
export type ApprovalId = t.TypeOf<typeof ApprovalId>;

// A caller's key id (`role:name`) or another issuer: who proposed or decided.
export const IssuerId = Text;
export type IssuerId = t.TypeOf<typeof IssuerId>;

// A global store position as a decimal string (positions are bigints; JSON has no such number).
export const PositionText = t.brand(
  t.string,
  (value): value is t.Branded<string, { readonly PositionText: unique symbol }> => /^[0-9]{1,20}$/.test(value),
  'PositionText',
);
export type PositionText = t.TypeOf<typeof PositionText>;

const Count = t.refinement(t.number, (value) => Number.isSafeInteger(value) && value >= 0, 'a count');

// An incident proposal pins its selection: the run reverses the charges known at or before
// `selectionKnownBefore` (the store's head when the proposal was reviewed), never one recorded
// later. `review` is what the proposer saw (the dry run's totals at that pin), not the list.
export const IncidentProposal = t.exact(
  t.type({
    action: t.literal('incidents'),
    request: IncidentRunCodec,
    selectionKnownBefore: PositionText,
    review: t.exact(t.type({ charges: Count, accounts: Count, total: t.record(t.string, t.string) })),
  }),
);
export const ReversalProposal = t.exact(
  t.type({
    action: t.literal('reversal'),
    request: t.exact(
      t.intersection([
        t.type({ accountId: AccountId, chargeId: ChargeId, reason: Text, occurredAt: InstantCodec }),
        t.partial({ incidentId: IncidentId }),
      ]),
    ),
  }),
);
export const FreezeProposal = t.exact(
  t.type({
    action: t.literal('freeze'),
    request: t.exact(
      t.intersection([t.type({ accountId: AccountId, reason: Text, occurredAt: InstantCodec }), t.partial({ alertId: AlertId })]),
    ),
  }),
);
export const UnfreezeProposal = t.exact(
  t.type({
    action: t.literal('unfreeze'),
    request: t.exact(t.type({ accountId: AccountId, reason: Text, occurredAt: InstantCodec })),
  }),
);
export const ProposalCodec = t.union([IncidentProposal, ReversalProposal, FreezeProposal, UnfreezeProposal]);
export type Proposal = t.TypeOf<typeof ProposalCodec>;
export type ProposedAction = Proposal['action'];

const event = <T extends string, D extends t.Props, O extends t.Props>(type: T, required: D, optional: O) =>
  t.type({ type: t.literal(type), data: t.exact(t.intersection([t.type(required), t.partial(optional)])) });

const base = { approvalId: ApprovalId, occurredAt: InstantCodec };

export const ApprovalProposed = event('ApprovalProposed', { ...base, proposedBy: IssuerId, expiresAt: InstantCodec, proposal: ProposalCodec }, {});
export const ApprovalGranted = event('ApprovalGranted', { ...base, approvedBy: IssuerId }, { reason: Text });
export const ApprovalRejected = event('ApprovalRejected', { ...base, rejectedBy: IssuerId }, { reason: Text });
// occurredAt is the proposal's expiresAt, whenever the ledger noticed.
export const ApprovalExpired = event('ApprovalExpired', base, {});
// The approved action has run to its end: `refused` when the action itself was refused (e.g. the
// account does not exist), with its rejection code. A resumption at restart skips these.
export const ApprovedActionExecuted = event(
  'ApprovedActionExecuted',
  { ...base, outcome: t.keyof({ succeeded: null, refused: null }) },
  { refusal: Text },
);

export const ApprovalEventCodec = t.union([ApprovalProposed, ApprovalGranted, ApprovalRejected, ApprovalExpired, ApprovedActionExecuted]);
export type ApprovalEvent = t.TypeOf<typeof ApprovalEventCodec>;
export type ApprovalEventType = ApprovalEvent['type'];

export const approvalEventTypes: ReadonlyArray<ApprovalEventType> = [
  'ApprovalProposed', 'ApprovalGranted', 'ApprovalRejected', 'ApprovalExpired', 'ApprovedActionExecuted',
];

export const approvalStreamPrefix = 'approval-';
export const approvalStreamId = (approvalId: ApprovalId): string => `${approvalStreamPrefix}${approvalId}`;
