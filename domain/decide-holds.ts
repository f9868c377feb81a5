// The decisions of two-phase charges: placing a hold (after the charge's own checks) and settling
// it exactly once, by capture, void or expiry. Past its expiry by the ledger's clock a hold can only
// expire, so a late capture and the expiry cannot both win.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import type { CaptureHeldCharge, ChargeWallet, ExpireHold, HoldRequest, VoidHold } from './commands.ts';
import type { LedgerEvent } from './events.ts';
import { captureFingerprint, expiryFingerprint, voidFingerprint } from './fingerprint.ts';
import { type Instant, epochMsOf, instantFromEpochMs, isAtOrBefore, isBefore } from './instant.ts';
import { covers, money, scaleFits, scaleOf } from './money.ts';
import type { Text } from './ids.ts';
import type { Rejection } from './rejections.ts';
import type { ChargeState, HoldSettlement, HoldState, OpenAccountState } from './state.ts';

type Decision = Either<Rejection, ReadonlyArray<LedgerEvent>>;

const dayMs = 24 * 60 * 60 * 1000;
export const holdExpiryDefaultMs = 7 * dayMs;
export const holdExpiryMaxMs = 30 * dayMs;

const later = (a: Instant, b: Instant): Instant => (isBefore(a, b) ? b : a);

// The hold's expiry: as asked, or `defaultMs` (7 days unless a step-up's challenge window says
// otherwise) after the ledger records it; after both the charge's time and the ledger's clock, and
// at most 30 days after the ledger records it.
export const resolveHoldExpiry = (
  hold: HoldRequest,
  occurredAt: Instant,
  defaultMs: number = holdExpiryDefaultMs,
): Either<{ earliest: Instant; latest: Instant }, Instant> => {
  const expiresAt = hold.expiresAt ?? instantFromEpochMs(epochMsOf(hold.ledgerTime) + defaultMs);
  const earliest = later(hold.ledgerTime, occurredAt);
  const latest = instantFromEpochMs(epochMsOf(hold.ledgerTime) + holdExpiryMaxMs);
  if (isAtOrBefore(expiresAt, earliest) || isBefore(latest, expiresAt)) return left({ earliest, latest });
  return right(expiresAt);
};

// Called once the charge passed every check a charge has (funds judged on the available balance).
// stepUp: the step-up rules that held it (a step-up, not a client's hold, captures it) and how long
// the holder has to answer when the client asked no expiry of its own.
export type StepUpHold = Readonly<{ reasons: ReadonlyArray<Text>; expiresAfterMs?: number }>;

export const placeHold = (command: ChargeWallet, hold: HoldRequest, state: OpenAccountState, stepUp?: StepUpHold): Decision => {
  const { accountId, chargeId, merchantId, storeId, deviceId, category, occurredAt } = command;
  const stepUpReasons = stepUp?.reasons;
  const expiry = resolveHoldExpiry(hold, occurredAt, stepUp?.expiresAfterMs ?? holdExpiryDefaultMs);
  if (expiry._tag === 'Left') return left({ code: 'hold_expiry_out_of_range', accountId, ...expiry.left });
  const amount = money(command.amount, state.currency);
  const optional = {
    ...(category === undefined ? {} : { category }),
    ...(hold.expiresAt === undefined ? { holdExpiresAtDefaulted: true as const } : {}),
    ...(stepUpReasons === undefined ? {} : { stepUpReasons: [...stepUpReasons] }),
  };
  const data = { accountId, chargeId, amount, merchantId, storeId, deviceId, occurredAt, holdExpiresAt: expiry.right, ...optional };
  return right([{ type: 'ChargeHeld', data }]);
};

type OpenHold = Readonly<{ charge: ChargeState; hold: HoldState }>;

// The hold a settling command names, or why there is none to settle. An earlier settlement of the
// same kind is handed back for the idempotency check.
const findHold = (
  command: CaptureHeldCharge | VoidHold | ExpireHold,
  state: OpenAccountState,
  kind: HoldSettlement,
): Either<Rejection | { replayOf: string }, OpenHold> => {
  const { accountId, chargeId } = command;
  const charge = state.charges.get(chargeId);
  if (charge === undefined || charge.declined !== undefined) return left({ code: 'charge_not_found', accountId, chargeId });
  const hold = charge.hold;
  if (hold === undefined) return left({ code: 'charge_not_held', accountId, chargeId });
  if (hold.settled !== undefined) {
    if (hold.settled.kind === kind) return left({ replayOf: hold.settled.recorded.fingerprint });
    return left({ code: 'charge_not_held', accountId, chargeId });
  }
  return right({ charge, hold });
};

const settleOrReplay = (
  found: ReturnType<typeof findHold>,
  fingerprint: () => string,
  conflict: Rejection,
  settle: (open: OpenHold) => Decision,
): Decision => {
  if (found._tag === 'Right') return settle(found.right);
  if ('code' in found.left) return left(found.left);
  return found.left.replayOf === fingerprint() ? right([]) : left(conflict);
};

const pastExpiry = (hold: HoldState, ledgerTime: Instant): boolean => isAtOrBefore(hold.expiresAt, ledgerTime);

export const captureHeldCharge = (command: CaptureHeldCharge, state: OpenAccountState): Decision => {
  const { accountId, chargeId, occurredAt, ledgerTime, stepUpMethod } = command;
  const found = findHold(command, state, 'captured');
  // Asked only of a settled capture: a capture without an amount asks for the whole hold.
  const fingerprint = (): string => {
    const captured = command.amount ?? state.charges.get(chargeId)?.hold?.heldAmount.amount;
    return captured === undefined ? '' : captureFingerprint(captured, occurredAt, stepUpMethod);
  };
  const conflict: Rejection = { code: 'idempotency_conflict', accountId, commandKey: `capture of chargeId ${chargeId}` };
  return settleOrReplay(found, fingerprint, conflict, ({ hold }) => {
    if (pastExpiry(hold, ledgerTime)) return left({ code: 'charge_not_held', accountId, chargeId });
    if (state.frozen !== undefined) return left({ code: 'account_frozen', accountId });
    // A step-up hold is captured by the account holder's step-up only, never by a plain capture;
    // a step-up on a hold that awaits none is no step-up to answer.
    if (hold.stepUpReasons !== undefined && stepUpMethod === undefined) {
      return left({ code: 'step_up_required', accountId, chargeId, reasons: hold.stepUpReasons });
    }
    if (hold.stepUpReasons === undefined && stepUpMethod !== undefined) return left({ code: 'charge_not_held', accountId, chargeId });
    const writtenFractionDigits = Math.max(command.amount?.decimalPlaces() ?? 0, command.amountFractionDigits ?? 0);
    if ((command.amount !== undefined && !scaleFits(command.amount, state.currency)) || writtenFractionDigits > scaleOf(state.currency)) {
      return left({ code: 'amount_scale_exceeded', accountId, currency: state.currency, scaleMax: scaleOf(state.currency) });
    }
    const requested = money(command.amount ?? hold.heldAmount.amount, state.currency);
    if (!covers(hold.heldAmount, requested)) {
      return left({ code: 'capture_exceeds_hold', accountId, chargeId, held: hold.heldAmount, requested });
    }
    const optional = stepUpMethod === undefined ? {} : { stepUpMethod };
    const data = { accountId, chargeId, amount: requested, heldAmount: hold.heldAmount, occurredAt, ...optional };
    return right([{ type: 'HeldChargeCaptured', data }]);
  });
};

export const voidHold = (command: VoidHold, state: OpenAccountState): Decision => {
  const { accountId, chargeId, reason, incidentId, occurredAt, ledgerTime } = command;
  const conflict: Rejection = { code: 'idempotency_conflict', accountId, commandKey: `void of chargeId ${chargeId}` };
  return settleOrReplay(findHold(command, state, 'voided'), () => voidFingerprint(command), conflict, ({ hold }) => {
    if (pastExpiry(hold, ledgerTime)) return left({ code: 'charge_not_held', accountId, chargeId });
    const optional = incidentId === undefined ? {} : { incidentId };
    return right([{ type: 'HoldVoided', data: { accountId, chargeId, amount: hold.heldAmount, reason, occurredAt, ...optional } }]);
  });
};

// The ledger's clock is the command's occurredAt; the release is recorded at the hold's expiry.
export const expireHold = (command: ExpireHold, state: OpenAccountState): Decision => {
  const { accountId, chargeId, occurredAt } = command;
  const conflict: Rejection = { code: 'charge_not_held', accountId, chargeId };
  return settleOrReplay(findHold(command, state, 'expired'), () => expiryFingerprint, conflict, ({ hold }) => {
    if (!pastExpiry(hold, occurredAt)) return left({ code: 'hold_not_expired', accountId, chargeId, expiresAt: hold.expiresAt });
    return right([{ type: 'HoldExpired', data: { accountId, chargeId, amount: hold.heldAmount, occurredAt: hold.expiresAt } }]);
  });
};
