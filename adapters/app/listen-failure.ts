// A listen that fails for a reason the operator's HOST or PORT explains (the port is taken, the
// address is not this machine's, the name does not resolve, a privileged port) is bad usage: one
// line naming the variable, exit code 2, like any other bad variable. Anything else stays as it is.
const reasons: Readonly<Record<string, string>> = {
  EADDRINUSE: 'is already in use',
  EADDRNOTAVAIL: 'is not an address of this machine',
  ENOTFOUND: 'does not resolve to an address',
  EAI_AGAIN: 'does not resolve to an address',
  EACCES: 'needs privileges this process does not have',
};

const codeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;

// undefined: not a failure HOST or PORT explains.
export const listenFailureLine = (error: unknown, host: string, port: number): string | undefined => {
  const code = codeOf(error);
  const reason = code === undefined ? undefined : reasons[code];
  if (reason === undefined) return undefined;
  return code === 'EADDRINUSE' || code === 'EACCES'
    ? `PORT ${port} on HOST ${host} ${reason} (${code})`
    : `HOST ${host} ${reason} (${code})`;
};
