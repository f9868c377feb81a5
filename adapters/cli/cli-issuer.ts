// The CLI working on a local store appends as `cli:<user>`: the operating-system user who ran it
// (the contract's issuedBy for the operator CLI). A user name the key-id alphabet cannot hold is
// written with `_` in place of each other character, so the id stays one readable token.
import { userInfo } from 'node:os';

const userName = (): string => {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment is the next best witness.
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
};

export const cliIssuer = (): string => `cli:${(userName().replace(/[^A-Za-z0-9\-_.]/g, '_') || 'unknown').slice(0, 64)}`;
