// LEDGER_LOG_ORIGIN names another origin than the one the store's log signs under (a store keeps
// its origin: signing one history under two origins would make two logs of one ledger).
export class LogOriginError extends Error {
  override readonly name = 'LogOriginError';
}

export const originMismatch = (given: string, current: string): LogOriginError =>
  new LogOriginError(`LEDGER_LOG_ORIGIN "${given}" is not the origin of this store's log ("${current}"); unset it or set it to "${current}"`);
