// evolve's part for two-phase charges. Each function asserts what decide refuses (TigerBeetle's
// pair assertions): a hold never spends more than is available, a hold settles once, a capture
// never moves more than was held.
import type { EventOf } from './events.ts';
import type { ChargeId } from './ids.ts';
import { captureFingerprint, expiryFingerprint, heldChargeEventFingerprint, voidFingerprint } from './fingerprint.ts';
import { add, covers, isNegative, subtract } from './money.ts';
import type { ChargeState, HoldSettlement, HoldState, OpenAccountState, Recorded } from './state.ts';

function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`ledger invariant broken: ${message}`);
}

type Record = (fingerprint: string) => Recorded;

export const chargeHeld = (open: OpenAccountState, data: EventOf<'ChargeHeld'>['data'], recorded: Record): OpenAccountState => {
  const { chargeId, amount, deviceId, occurredAt, holdExpiresAt, stepUpReasons } = data;
  invariant(!open.charges.has(chargeId), `second charge or hold ${chargeId}`);
  const held = add(open.held, amount);
  invariant(!isNegative(subtract(open.balance, held)), `hold ${chargeId} spends more than account ${open.accountId} has available`);
  const hold: HoldState = { expiresAt: holdExpiresAt, heldAmount: amount, ...(stepUpReasons === undefined ? {} : { stepUpReasons }) };
  const charge: ChargeState = { recorded: recorded(heldChargeEventFingerprint(data)), amount, deviceId, occurredAt, hold };
  return { ...open, held, charges: open.charges.set(chargeId, charge) };
};

const openHold = (open: OpenAccountState, chargeId: ChargeId, kind: HoldSettlement): [ChargeState, HoldState] => {
  const charge = open.charges.get(chargeId);
  invariant(charge?.hold !== undefined, `${kind} of ${chargeId}, which was never held`);
  invariant(charge.hold.settled === undefined, `${kind} of ${chargeId}, which was already ${charge.hold.settled?.kind}`);
  return [charge, charge.hold];
};

const settle = (
  open: OpenAccountState,
  chargeId: ChargeId,
  kind: HoldSettlement,
  recorded: Recorded,
  released: EventOf<'HoldVoided'>['data']['amount'],
): OpenAccountState => {
  const [charge, hold] = openHold(open, chargeId, kind);
  invariant(hold.heldAmount.amount.equals(released.amount), `${kind} of ${chargeId} releases another amount than was held`);
  const settledHold: HoldState = { ...hold, settled: { kind, recorded } };
  return { ...open, held: subtract(open.held, released), charges: open.charges.set(chargeId, { ...charge, hold: settledHold }) };
};

export const heldChargeCaptured = (
  open: OpenAccountState,
  data: EventOf<'HeldChargeCaptured'>['data'],
  recorded: Record,
): OpenAccountState => {
  const { chargeId, amount, heldAmount, occurredAt, stepUpMethod } = data;
  invariant(covers(heldAmount, amount), `capture of ${chargeId} moves more than was held`);
  const settled = settle(open, chargeId, 'captured', recorded(captureFingerprint(amount.amount, occurredAt, stepUpMethod)), heldAmount);
  const balance = subtract(settled.balance, amount);
  invariant(!isNegative(subtract(balance, settled.held)), `capture of ${chargeId} overdraws account ${open.accountId}`);
  const charge = settled.charges.get(chargeId);
  invariant(charge !== undefined, `capture of ${chargeId} lost its charge`);
  return { ...settled, balance, charges: settled.charges.set(chargeId, { ...charge, amount }) };
};

export const holdVoided = (open: OpenAccountState, data: EventOf<'HoldVoided'>['data'], recorded: Record): OpenAccountState =>
  settle(open, data.chargeId, 'voided', recorded(voidFingerprint(data)), data.amount);

export const holdExpired = (open: OpenAccountState, data: EventOf<'HoldExpired'>['data'], recorded: Record): OpenAccountState =>
  settle(open, data.chargeId, 'expired', recorded(expiryFingerprint), data.amount);
