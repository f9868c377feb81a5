// For a command that decided no new events: the revision of the event that recorded its original
// outcome, so the caller can be answered the original position and recordedAt.
import type { Command } from './commands.ts';
import { unreachable } from './rejections.ts';
import type { AccountState } from './state.ts';

export const originalRevision = (command: Command, state: AccountState): number | undefined => {
  if (state.status !== 'open') return undefined;
  switch (command.kind) {
    case 'OpenAccount':
      return state.opened.revision;
    case 'RegisterDevice':
      return state.devices.get(command.deviceId)?.registered.revision;
    case 'VerifyDevice':
      return state.devices.get(command.deviceId)?.verified?.revision;
    case 'RemoveDevice':
      return state.devices.get(command.deviceId)?.removed?.revision;
    case 'RecordLogin':
      return state.logins.get(command.loginId)?.revision;
    case 'TopUpWallet':
      return state.topUps.get(command.topUpId)?.revision;
    case 'ChargeWallet':
      return state.charges.get(command.chargeId)?.recorded.revision;
    case 'CaptureHeldCharge':
    case 'VoidHold':
    case 'ExpireHold':
      return state.charges.get(command.chargeId)?.hold?.settled?.recorded.revision;
    case 'ReverseCharge':
      return state.charges.get(command.chargeId)?.reversal?.revision;
    case 'FreezeAccount':
      return (command.alertId === undefined ? undefined : state.alertFreezes?.get(command.alertId)?.revision) ?? state.frozen?.revision;
    case 'UnfreezeAccount':
      return state.lastUnfrozen?.revision ?? state.opened.revision;
    default:
      return unreachable(command);
  }
};
