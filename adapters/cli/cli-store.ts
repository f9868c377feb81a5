// The store a CLI command reads: --store, else LEDGER_STORE, else the server's default
// (sqlite:./data/ledger.db), parsed by the same function as the server's. A command that reads
// refuses a SQLite file that does not exist, instead of creating an empty ledger and answering
// "unknown account" about a mistyped path. The store is always closed, also on failure.
import { existsSync } from 'node:fs';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { EventStore } from '../../domain/ports/event-store.ts';
import type { Clock } from '../event-store/recorded-at.ts';
import { type OpenedStore, type StoreLocation, ledgerStoreDefault, openStoreAt, parseStoreLocation } from '../event-store/open-event-store.ts';
import { CliFailure, exitCodes, usageFailure } from './cli-failure.ts';

export type StoreOption = Readonly<{ store?: string }>;

export const storeOptionFlags = '--store <location>';
export const storeOptionHelp = `event store: sqlite:<file>, memory: or esdb://... (default: LEDGER_STORE, else ${ledgerStoreDefault})`;

export const storeValue = (option: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined =>
  option ?? (env.LEDGER_STORE === undefined || env.LEDGER_STORE === '' ? undefined : env.LEDGER_STORE);

export const storeLocation = (value: string | undefined): StoreLocation => {
  const parsed = parseStoreLocation(value ?? ledgerStoreDefault);
  if (isLeft(parsed)) throw usageFailure(parsed.left);
  return parsed.right;
};

export type StoreUse = 'read' | 'create';

// clock: what stamps recordedAt (the demo's story clock); the system clock when not given.
export const openLocation = (location: StoreLocation, use: StoreUse, clock?: Clock): OpenedStore => {
  if (use === 'read' && location.kind === 'sqlite' && !existsSync(location.path)) {
    throw new CliFailure(`unreadable store: ${location.path} does not exist`, exitCodes.store);
  }
  return openStoreAt(location, clock);
};

export const describeLocation = (location: StoreLocation): string => {
  switch (location.kind) {
    case 'sqlite':
      return `sqlite:${location.path}`;
    case 'memory':
      return 'memory:';
    case 'eventstoredb':
      // The connection string may carry credentials: name the kind only.
      return 'eventstoredb';
  }
};

export const withOpenedStore = async <T>(opened: OpenedStore, work: (store: EventStore) => Promise<T>): Promise<T> => {
  try {
    return await work(opened.store);
  } finally {
    await opened.store.close();
  }
};

export const withStore = async <T>(options: StoreOption, use: StoreUse, work: (store: EventStore) => Promise<T>): Promise<T> =>
  withOpenedStore(openLocation(storeLocation(storeValue(options.store)), use), work);
