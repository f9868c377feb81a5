// LEDGER_STORE → an EventStore: `sqlite:<path>` (embedded, durable; the default
// sqlite:./data/ledger.db, directory created if missing), `memory:` (tests, nothing kept) or an
// EventStoreDB connection string (esdb://host:2113?tls=false).
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import type { EventStore } from '../../domain/ports/event-store.ts';
import { isEventStoreDbConnectionString, openEventStoreDbEventStore } from './eventstoredb-event-store.ts';
import { createMemoryEventStore } from './memory-event-store.ts';
import type { Clock } from './recorded-at.ts';
import { type Database, openSqliteEventStore } from './sqlite-event-store.ts';

export const ledgerStoreDefault = 'sqlite:./data/ledger.db';

export type StoreLocation =
  | Readonly<{ kind: 'sqlite'; path: string }>
  | Readonly<{ kind: 'memory' }>
  | Readonly<{ kind: 'eventstoredb'; connectionString: string }>;

export type OpenedStore =
  | Readonly<{ kind: 'sqlite'; store: EventStore; database: Database; path: string }>
  | Readonly<{ kind: 'memory'; store: EventStore }>
  | Readonly<{ kind: 'eventstoredb'; store: EventStore; connectionString: string }>;

const locationLengthMax = 4096;

export const parseStoreLocation = (value: string): Either<string, StoreLocation> => {
  const usage = 'use sqlite:<file path>, memory: or esdb://host:2113?tls=false';
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  if (value.length > locationLengthMax) return left(`LEDGER_STORE is longer than ${locationLengthMax} characters; ${usage}`);
  if (value === 'memory:') return right({ kind: 'memory' });
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (path.trim() === '' || path.includes('\u0000')) return left(`LEDGER_STORE "${shown}" names no file; ${usage}`);
    return right({ kind: 'sqlite', path });
  }
  if (isEventStoreDbConnectionString(value)) return right({ kind: 'eventstoredb', connectionString: value });
  return left(`LEDGER_STORE "${shown}" is not a store; ${usage}`);
};

export const openStoreAt = (location: StoreLocation, clock?: Clock): OpenedStore => {
  const options = clock === undefined ? {} : { clock };
  switch (location.kind) {
    case 'memory':
      return { kind: 'memory', store: createMemoryEventStore(options) };
    case 'sqlite': {
      const store = openSqliteEventStore({ path: location.path, ...options });
      return { kind: 'sqlite', store, database: store.database, path: location.path };
    }
    case 'eventstoredb':
      return {
        kind: 'eventstoredb', store: openEventStoreDbEventStore({ connectionString: location.connectionString, ...options }),
        connectionString: location.connectionString,
      };
  }
};

// Parses and opens; a bad value is a one-line message (Left), a store that fails to open throws.
export const openEventStore = (value: string | undefined, clock?: Clock): Either<string, OpenedStore> => {
  const location = parseStoreLocation(value === undefined || value === '' ? ledgerStoreDefault : value);
  return location._tag === 'Left' ? location : right(openStoreAt(location.right, clock));
};
