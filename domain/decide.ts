// decide: the only place business rules are checked. Pure: the same command and state always give
// the same answer. A command replayed with the same id and body decides right([]) (no new events);
// where its original outcome was recorded is answered by `originalRevision`.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import type {
  ChargeWallet, Command, FreezeAccount, OpenAccount, RecordLogin, RegisterDevice, RemoveDevice, ReverseCharge, TopUpWallet,
  UnfreezeAccount, VerifyDevice,
} from './commands.ts';
import type { LedgerEvent } from './events.ts';
import { captureHeldCharge, expireHold, placeHold, voidHold } from './decide-holds.ts';
import {
  accountFingerprint, chargeAttemptFingerprint, chargeCommandFingerprint, deviceFingerprint, loginFingerprint, reversalFingerprint, topUpCommandFingerprint,
} from './fingerprint.ts';
import { covers, money, scaleFits, scaleOf, subtract } from './money.ts';
import { rejectionFromCode } from './decline.ts';
import { type Rejection, unreachable } from './rejections.ts';
import { stepUpReasons } from './step-up.ts';
import type { AccountState, OpenAccountState, Recorded } from './state.ts';

export type Decision = Either<Rejection, ReadonlyArray<LedgerEvent>>;

const none: Decision = right([]);
const reject = (rejection: Rejection): Decision => left(rejection);

// Same key, same body: no-op. Same key, other body: the conflict the command kind names.
const replay = (recorded: Recorded, fingerprint: string, conflict: Rejection): Decision =>
  recorded.fingerprint === fingerprint ? none : reject(conflict);

const openAccount = (command: OpenAccount, state: AccountState): Decision => {
  const { accountId, currency, homeCountry, occurredAt } = command;
  if (state.status === 'open') {
    return replay(state.opened, accountFingerprint(currency, homeCountry, occurredAt), { code: 'account_exists', accountId });
  }
  return right([{ type: 'AccountOpened', data: { accountId, currency, homeCountry, occurredAt } }]);
};

const registerDevice = (command: RegisterDevice, state: OpenAccountState): Decision => {
  const { accountId, deviceId, occurredAt } = command;
  const device = state.devices.get(deviceId);
  if (device !== undefined && device.status !== 'removed') {
    return replay(device.registered, deviceFingerprint(occurredAt), { code: 'device_already_registered', accountId, deviceId });
  }
  return right([{ type: 'DeviceRegistered', data: { accountId, deviceId, occurredAt } }]);
};

const verifyDevice = (command: VerifyDevice, state: OpenAccountState): Decision => {
  const { accountId, deviceId, method, occurredAt } = command;
  const device = state.devices.get(deviceId);
  if (device === undefined || device.status === 'removed') return reject({ code: 'device_not_registered', accountId, deviceId });
  // A second verification with another method or time is a new fact worth recording.
  if (device.verified?.fingerprint === deviceFingerprint(occurredAt, method)) return none;
  return right([{ type: 'DeviceVerified', data: { accountId, deviceId, method, occurredAt } }]);
};

const removeDevice = (command: RemoveDevice, state: OpenAccountState): Decision => {
  const { accountId, deviceId, occurredAt } = command;
  const device = state.devices.get(deviceId);
  if (device?.status === 'removed' && device.removed?.fingerprint === deviceFingerprint(occurredAt)) return none;
  if (device === undefined || device.status === 'removed') return reject({ code: 'device_not_registered', accountId, deviceId });
  return right([{ type: 'DeviceRemoved', data: { accountId, deviceId, occurredAt } }]);
};

const recordLogin = (command: RecordLogin, state: OpenAccountState): Decision => {
  const { kind: _kind, ...data } = command;
  const earlier = state.logins.get(command.loginId);
  const conflict: Rejection = { code: 'idempotency_conflict', accountId: command.accountId, commandKey: `loginId ${command.loginId}` };
  if (earlier !== undefined) return replay(earlier, loginFingerprint(command), conflict);
  return right([{ type: 'LoginRecorded', data }]);
};

const amountChecks = (
  command: TopUpWallet | ChargeWallet,
  state: OpenAccountState,
): Rejection | undefined => {
  const { accountId } = command;
  if (command.currency !== undefined && command.currency !== state.currency) {
    return { code: 'currency_mismatch', accountId, expected: state.currency, actual: command.currency };
  }
  const writtenFractionDigits = Math.max(command.amount.decimalPlaces(), command.amountFractionDigits ?? 0);
  if (!scaleFits(command.amount, state.currency) || writtenFractionDigits > scaleOf(state.currency)) {
    return { code: 'amount_scale_exceeded', accountId, currency: state.currency, scaleMax: scaleOf(state.currency) };
  }
  return undefined;
};

const topUpWallet = (command: TopUpWallet, state: OpenAccountState): Decision => {
  const { accountId, topUpId, source, occurredAt } = command;
  const earlier = state.topUps.get(topUpId);
  if (earlier !== undefined) {
    const conflict: Rejection = { code: 'idempotency_conflict', accountId, commandKey: `topUpId ${topUpId}` };
    return replay(earlier, topUpCommandFingerprint(command, state.currency), conflict);
  }
  if (state.frozen !== undefined) return reject({ code: 'account_frozen', accountId });
  const problem = amountChecks(command, state);
  if (problem !== undefined) return reject(problem);
  const amount = money(command.amount, state.currency);
  return right([{ type: 'WalletToppedUp', data: { accountId, topUpId, amount, source, occurredAt } }]);
};

// What a charge or hold may still spend: the ledger balance less the open holds.
export const availableBalance = (state: OpenAccountState) => subtract(state.balance, state.held);

export const chargeRejection = (command: ChargeWallet, state: OpenAccountState): Rejection | undefined => {
  const { accountId, deviceId } = command;
  // The amount's form first: a declined attempt records the amount in the account's currency,
  // which an amount in another currency or with too many fraction digits cannot be.
  const problem = amountChecks(command, state);
  if (problem !== undefined) return problem;
  if (state.frozen !== undefined) return { code: 'account_frozen', accountId };
  const device = state.devices.get(deviceId);
  if (device === undefined || device.status === 'removed') return { code: 'device_not_registered', accountId, deviceId };
  if (device.status !== 'verified') return { code: 'device_not_verified', accountId, deviceId };
  const requested = money(command.amount, state.currency);
  const available = availableBalance(state);
  if (!covers(available, requested)) return { code: 'insufficient_funds', accountId, balance: available, requested };
  return undefined;
};

const chargeWallet = (command: ChargeWallet, state: OpenAccountState): Decision => {
  const { accountId, chargeId, merchantId, storeId, deviceId, category, occurredAt } = command;
  const earlier = state.charges.get(chargeId);
  if (earlier !== undefined) {
    const conflict: Rejection = { code: 'idempotency_conflict', accountId, commandKey: `chargeId ${chargeId}` };
    // A declined attempt or a step-up hold records the charge's plain body (a step-up hold of a
    // charge with or without capture manual is the same charge).
    const plainBody = earlier.declined !== undefined || earlier.hold?.stepUpReasons !== undefined;
    const fingerprint = plainBody ? chargeAttemptFingerprint : chargeCommandFingerprint;
    const replayed = replay(earlier.recorded, fingerprint(command, state.currency), conflict);
    // A declined charge retried with the same body is declined again, for the same reason.
    if (replayed._tag === 'Right' && earlier.declined !== undefined) {
      return reject(rejectionFromCode(earlier.declined, command, state, earlier));
    }
    return replayed;
  }
  const rejection = chargeRejection(command, state);
  if (rejection !== undefined) return reject(rejection);
  if (command.stepUp !== undefined) {
    const reasons = stepUpReasons(command.stepUp.rules, { ...command, ledgerTime: command.stepUp.ledgerTime }, state);
    if (reasons.length > 0) {
      // A client that cannot answer a step-up is refused: it would read a hold as a payment.
      if (!command.stepUp.supported) return reject({ code: 'step_up_required', accountId, chargeId, reasons });
      const { holdExpiresAfterMs } = command.stepUp;
      return placeHold(command, command.hold ?? { ledgerTime: command.stepUp.ledgerTime }, state, {
        reasons, ...(holdExpiresAfterMs === undefined ? {} : { expiresAfterMs: holdExpiresAfterMs }),
      });
    }
  }
  if (command.hold !== undefined) return placeHold(command, command.hold, state);
  const amount = money(command.amount, state.currency);
  const optional = category === undefined ? {} : { category };
  return right([{ type: 'WalletCharged', data: { accountId, chargeId, amount, merchantId, storeId, deviceId, occurredAt, ...optional } }]);
};

const reverseCharge = (command: ReverseCharge, state: OpenAccountState): Decision => {
  const { accountId, chargeId, reason, incidentId, occurredAt } = command;
  const charge = state.charges.get(chargeId);
  // A hold never captured moved no money: there is no charge to reverse.
  const neverCharged = charge?.hold !== undefined && charge.hold.settled?.kind !== 'captured';
  if (charge === undefined || charge.declined !== undefined || neverCharged) return reject({ code: 'charge_not_found', accountId, chargeId });
  if (charge.reversal !== undefined) {
    return replay(charge.reversal, reversalFingerprint(command), { code: 'charge_already_reversed', accountId, chargeId });
  }
  const optional = incidentId === undefined ? {} : { incidentId };
  return right([{ type: 'ChargeReversed', data: { accountId, chargeId, amount: charge.amount, reason, occurredAt, ...optional } }]);
};

// Freezing a frozen account (or unfreezing an unfrozen one) changes nothing: the no-op answer.
// A freeze for an alert that froze the account once already is that freeze, replayed (several
// instances detect the same alert; an admin's unfreeze must not be undone by a late one).
const freezeAccount = (command: FreezeAccount, state: OpenAccountState): Decision => {
  if (state.frozen !== undefined) return none;
  if (command.alertId !== undefined && state.alertFreezes?.has(command.alertId) === true) return none;
  const { accountId, reason, alertId, occurredAt } = command;
  return right([{ type: 'AccountFrozen', data: { accountId, reason, occurredAt, ...(alertId === undefined ? {} : { alertId }) } }]);
};

const unfreezeAccount = (command: UnfreezeAccount, state: OpenAccountState): Decision => {
  if (state.frozen === undefined) return none;
  const { accountId, reason, occurredAt } = command;
  return right([{ type: 'AccountUnfrozen', data: { accountId, reason, occurredAt } }]);
};

export const decide = (command: Command, state: AccountState): Decision => {
  if (command.kind === 'OpenAccount') return openAccount(command, state);
  if (state.status !== 'open') return reject({ code: 'account_not_found', accountId: command.accountId });
  switch (command.kind) {
    case 'RegisterDevice':
      return registerDevice(command, state);
    case 'VerifyDevice':
      return verifyDevice(command, state);
    case 'RemoveDevice':
      return removeDevice(command, state);
    case 'RecordLogin':
      return recordLogin(command, state);
    case 'TopUpWallet':
      return topUpWallet(command, state);
    case 'ChargeWallet':
      return chargeWallet(command, state);
    case 'CaptureHeldCharge':
      return captureHeldCharge(command, state);
    case 'VoidHold':
      return voidHold(command, state);
    case 'ExpireHold':
      return expireHold(command, state);
    case 'ReverseCharge':
      return reverseCharge(command, state);
    case 'FreezeAccount':
      return freezeAccount(command, state);
    case 'UnfreezeAccount':
      return unfreezeAccount(command, state);
    default:
      return unreachable(command);
  }
};
