// The user's API key lives in this tab's sessionStorage only: never in a URL, never logged,
// gone when the tab closes. Every request reads it from here.
const storageKey = 'wallet-ledger.apiKey';
const keyPattern = /^[A-Za-z0-9\-_.~+/=]{8,256}$/;

export const isWellFormedKey = (key: string): boolean => keyPattern.test(key);

export const storedApiKey = (): string | undefined => sessionStorage.getItem(storageKey) ?? undefined;

export const storeApiKey = (key: string): void => sessionStorage.setItem(storageKey, key);

export const forgetApiKey = (): void => sessionStorage.removeItem(storageKey);
