// Declined charges are evidence: an attacker probing stolen accounts shows up as refusals. The
// command path records one ChargeDeclined the first time a charge id is refused for a reason of
// the account's state; form errors and conflicts are not recorded.
import type { ChargeWallet, Command } from './commands.ts';
import type { LedgerEvent } from './events.ts';
import { money, subtract } from './money.ts';
import type { RejectionCode } from './rejection-code.ts';
import type { Rejection } from './rejections.ts';
import type { AccountState, ChargeState, OpenAccountState } from './state.ts';

const recordedRejections: ReadonlySet<RejectionCode> = new Set<RejectionCode>([
  'insufficient_funds',
  'device_not_registered',
  'device_not_verified',
  'account_frozen',
  'step_up_required',
]);

export const declinedAttempt = (command: Command, rejection: Rejection, state: AccountState): ReadonlyArray<LedgerEvent> => {
  if (command.kind !== 'ChargeWallet' || state.status !== 'open') return [];
  if (!recordedRejections.has(rejection.code) || state.charges.has(command.chargeId)) return [];
  const { accountId, chargeId, merchantId, storeId, deviceId, category, occurredAt } = command;
  const amount = money(command.amount, state.currency);
  const optional = {
    ...(category === undefined ? {} : { category }),
    ...(rejection.code === 'step_up_required' ? { stepUpReasons: [...rejection.reasons] } : {}),
  };
  return [
    {
      type: 'ChargeDeclined',
      data: { accountId, chargeId, amount, merchantId, storeId, deviceId, occurredAt, rejection: rejection.code, ...optional },
    },
  ];
};

// Rebuilds the rejection a declined charge got, for a retry of the same charge id.
export const rejectionFromCode = (code: RejectionCode, command: ChargeWallet, state: OpenAccountState, declined?: ChargeState): Rejection => {
  const { accountId, deviceId, chargeId } = command;
  switch (code) {
    case 'insufficient_funds':
      return { code, accountId, balance: subtract(state.balance, state.held), requested: money(command.amount, state.currency) };
    case 'device_not_registered':
    case 'device_not_verified':
      return { code, accountId, deviceId };
    case 'account_frozen':
      return { code, accountId };
    case 'step_up_required':
      return { code, accountId, chargeId, reasons: declined?.declinedStepUpReasons ?? [] };
    default:
      throw new Error(`ledger invariant broken: a charge was recorded as declined with ${code}`);
  }
};
