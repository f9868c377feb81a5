// The verifier key the user pinned, kept in this browser (localStorage: it is public, and pinning
// is only worth something if it outlives the tab). Checkpoints are verified against this key,
// never against whatever key the server serves.
import { parseVerifierKey, type VerifierKey } from './verifier-key.ts';

const storageKey = 'wallet-ledger.pinnedVerifierKey';

export const pinnedVerifierKey = async (): Promise<VerifierKey | undefined> => {
  const text = localStorage.getItem(storageKey);
  return text === null ? undefined : parseVerifierKey(text);
};

export const pinVerifierKey = (key: VerifierKey): void => localStorage.setItem(storageKey, key.text);

export const unpinVerifierKey = (): void => localStorage.removeItem(storageKey);
