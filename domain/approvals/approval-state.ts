// The state of one approval, folded from its stream. `version` is the number of events folded
// (the next append expects revision version - 1).
import type { ApprovalEvent } from './approval-events.ts';
import { unreachable } from '../rejections.ts';

type Proposed = Extract<ApprovalEvent, { type: 'ApprovalProposed' }>['data'];
type Granted = Extract<ApprovalEvent, { type: 'ApprovalGranted' }>['data'];
type Refused = Extract<ApprovalEvent, { type: 'ApprovalRejected' }>['data'];
type Executed = Extract<ApprovalEvent, { type: 'ApprovedActionExecuted' }>['data'];

export type ApprovalStatus = 'awaiting_approval' | 'approved' | 'rejected' | 'expired';

export type ApprovalState =
  | Readonly<{ status: 'none'; version: 0 }>
  | Readonly<{ status: 'awaiting_approval'; version: number; proposed: Proposed }>
  | Readonly<{ status: 'approved'; version: number; proposed: Proposed; granted: Granted; executed?: Executed }>
  | Readonly<{ status: 'rejected'; version: number; proposed: Proposed; rejected: Refused }>
  | Readonly<{ status: 'expired'; version: number; proposed: Proposed }>;

export const initialApprovalState = (): ApprovalState => ({ status: 'none', version: 0 });

// Pair assertions with decide: an event decide could never have produced breaks the fold loudly.
const broken = (state: ApprovalState, event: ApprovalEvent): never => {
  throw new Error(`approval: ${event.type} cannot follow status ${state.status} (approval ${event.data.approvalId})`);
};

export const evolveApproval = (state: ApprovalState, event: ApprovalEvent): ApprovalState => {
  const version = state.version + 1;
  switch (event.type) {
    case 'ApprovalProposed':
      return state.status === 'none' ? { status: 'awaiting_approval', version, proposed: event.data } : broken(state, event);
    case 'ApprovalGranted':
      return state.status === 'awaiting_approval' ? { status: 'approved', version, proposed: state.proposed, granted: event.data } : broken(state, event);
    case 'ApprovalRejected':
      return state.status === 'awaiting_approval' ? { status: 'rejected', version, proposed: state.proposed, rejected: event.data } : broken(state, event);
    case 'ApprovalExpired':
      return state.status === 'awaiting_approval' ? { status: 'expired', version, proposed: state.proposed } : broken(state, event);
    case 'ApprovedActionExecuted':
      return state.status === 'approved' && state.executed === undefined ? { ...state, version, executed: event.data } : broken(state, event);
    default:
      return unreachable(event);
  }
};

export const foldApproval = (events: ReadonlyArray<ApprovalEvent>, state: ApprovalState = initialApprovalState()): ApprovalState =>
  events.reduce(evolveApproval, state);
