// The EventStoreDB adapter's pure mapping, without a server: positions, expected revisions,
// errors (real error objects of @eventstore/db-client, some made from real gRPC errors the way the
// client makes them), metadata and type filters.
import {
  ANY, DeadlineExceededError, NO_STREAM, type RecordedEvent, StreamDeletedError, UnavailableError, UnknownError,
  WrongExpectedVersionError, convertToCommandError,
} from '@eventstore/db-client';
import { Metadata, status } from '@grpc/grpc-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  StoreCorruptedError, StoreUnavailableError, expectAny, expectExact, expectNoStream,
} from '../../../domain/ports/event-store.ts';
import { chainEvents } from '../../../adapters/event-store/hash-chain.ts';
import { toStoreError } from '../../../adapters/event-store/eventstoredb-errors.ts';
import { toEventData, toStoredEvent } from '../../../adapters/event-store/eventstoredb-metadata.ts';
import {
  orderOf, readPositionAfter, toEventStoreDbPosition, toGlobalPosition,
} from '../../../adapters/event-store/eventstoredb-positions.ts';
import {
  conflictFrom, serverExpectedRevision, toEventStoreDbRevision,
} from '../../../adapters/event-store/eventstoredb-revisions.ts';
import { typePredicate, typeRegex } from '../../../adapters/event-store/eventstoredb-type-filter.ts';
import { ChainVerifier, genesisHash } from '../../../adapters/event-store/hash-chain.ts';

const fcOptions = { seed: 20240601, numRuns: 500 };

describe('EventStoreDB positions: the commit position of an event written over gRPC', () => {
  const logPositionArb = fc.bigInt({ min: 1n, max: (1n << 62n) });

  it('round-trips every gRPC event position (commit = prepare) and keeps $all order', () => {
    fc.assert(fc.property(logPositionArb, logPositionArb, (a, b) => {
      const [first, second] = [{ commit: a, prepare: a }, { commit: b, prepare: b }];
      expect(toEventStoreDbPosition(toGlobalPosition(first))).toEqual(first);
      expect(Math.sign(Number(toGlobalPosition(first) - toGlobalPosition(second)))).toBe(Math.sign(Number(a - b)));
    }), fcOptions);
  });

  it('is the number EventStoreDB shows, and reads after it start there', () => {
    expect(toGlobalPosition({ commit: 123_456n, prepare: 123_456n })).toBe(123_456n);
    expect(readPositionAfter(123_456n)).toEqual({ commit: 123_456n, prepare: 123_456n });
    expect(readPositionAfter(0n)).toBe('start');
    expect(readPositionAfter(undefined)).toBe('start');
  });

  it('steps over records of other writers by their commit position (a legacy transaction shares one)', () => {
    expect(orderOf({ commit: 10_000n, prepare: 9_000n })).toBe(10_000n);
    // Never a ledger event: the ledger writes over gRPC only.
    expect(() => toGlobalPosition({ commit: 10_000n, prepare: 9_000n })).toThrow(StoreCorruptedError);
  });

  it('reads {0, 0} as "no position": a server older than 22.6, said so', () => {
    expect(() => toGlobalPosition({ commit: 0n, prepare: 0n })).toThrow(StoreUnavailableError);
    expect(() => toGlobalPosition({ commit: 0n, prepare: 0n })).toThrow(/22\.6 or later/);
    expect(() => readPositionAfter(-1n)).toThrow(RangeError);
  });
});

describe('EventStoreDB expected revisions', () => {
  it('maps the port expectation to the client constants', () => {
    expect(toEventStoreDbRevision(expectNoStream)).toBe(NO_STREAM);
    expect(toEventStoreDbRevision(expectAny)).toBe(ANY);
    expect(toEventStoreDbRevision(expectExact(7))).toBe(7n);
  });

  it('sends the observed head for `any`, so the chain is never appended to a moved head', () => {
    expect(serverExpectedRevision(expectAny, undefined)).toBe(NO_STREAM);
    expect(serverExpectedRevision(expectAny, 3)).toBe(3n);
    expect(serverExpectedRevision(expectExact(3), 9)).toBe(3n);
    expect(serverExpectedRevision(expectNoStream, 9)).toBe(NO_STREAM);
  });

  it('translates WrongExpectedVersionError into the port conflict with the actual revision', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'account-a', expected: 2n, current: 5n });
    expect(conflictFrom(error, 'account-a', expectExact(2))).toEqual({
      kind: 'conflict', streamId: 'account-a', expected: expectExact(2), actualRevision: 5,
    });
    const missing = new WrongExpectedVersionError(undefined, { streamName: 'account-b', expected: 0n, current: NO_STREAM });
    expect(conflictFrom(missing, 'account-b', expectExact(0))?.actualRevision).toBeUndefined();
  });

  it('translates the refusal the client builds from a gRPC error with server metadata', () => {
    const metadata = new Metadata();
    metadata.set('exception', 'wrong-expected-version');
    metadata.set('stream-name', 'account-c');
    metadata.set('expected-version', '-1');
    metadata.set('actual-version', '0');
    const grpcError = Object.assign(new Error('9 FAILED_PRECONDITION: wrong expected version'), {
      code: status.FAILED_PRECONDITION, details: 'wrong expected version', metadata,
    });
    const converted = convertToCommandError(grpcError);
    expect(converted).toBeInstanceOf(WrongExpectedVersionError);
    expect(conflictFrom(converted, 'account-c', expectNoStream)?.actualRevision).toBe(0);
  });

  it('is no conflict when the error is of another kind', () => {
    expect(conflictFrom(new UnavailableError(undefined, 'down'), 'account-a', expectAny)).toBeUndefined();
  });
});

describe('EventStoreDB errors as the port errors', () => {
  const grpcFailure = (code: status, details: string, entries: Record<string, string> = {}): Error => {
    const metadata = new Metadata();
    for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
    return Object.assign(new Error(`${code} ${details}`), { code, details, metadata });
  };

  it('says the server cannot be reached when the connection is lost', () => {
    const error = toStoreError(convertToCommandError(grpcFailure(status.UNAVAILABLE, 'No connection established')), 'read of $all');
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(/^EventStoreDB read of \$all failed: the server cannot be reached/);
    expect(error.cause).toBeInstanceOf(UnavailableError);
  });

  it('names deadlines and the leader to use', () => {
    expect(toStoreError(new DeadlineExceededError(undefined, 'late'), 'append').message).toMatch(/before the deadline/);
    const notLeader = convertToCommandError(grpcFailure(status.NOT_FOUND, 'Leader info available', {
      exception: 'not-leader', 'leader-endpoint-host': 'node2', 'leader-endpoint-port': '2113',
    }));
    const error = toStoreError(notLeader, 'append to stream account-a');
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(/not the cluster leader.*\(leader: node2:2113\)/);
  });

  it('names a node that is not ready or too busy as a transient refusal, for reads and for appends', () => {
    // Reads and Append: the server fails the call with UNAVAILABLE (RpcExceptions.cs ServerNotReady).
    const read = toStoreError(convertToCommandError(grpcFailure(status.UNAVAILABLE, 'Server Is Not Ready')), 'read of $all');
    expect(read.message).toMatch(/not ready \(starting, or electing a leader\): retry shortly/);
    // BatchAppend: the client raises UnknownError "Could not recognize Server Is Busy".
    const append = toStoreError(new UnknownError(undefined, 'Could not recognize Server Is Busy'), 'append to stream account-a');
    expect(append).toBeInstanceOf(StoreUnavailableError);
    expect(append.message).toMatch(/too busy: retry shortly/);
    expect(append.message).not.toMatch(/unknown server error/);
  });

  it('keeps other server errors unavailable, with their kind, and the port errors as they are', () => {
    expect(toStoreError(StreamDeletedError.fromStreamName('account-z'), 'read').message).toMatch(/stream-deleted/);
    const corrupted = new StoreCorruptedError('bad');
    expect(toStoreError(corrupted, 'read')).toBe(corrupted);
    expect(toStoreError('socket closed', 'read')).toBeInstanceOf(StoreUnavailableError);
  });
});

describe('EventStoreDB metadata and the hash chain', () => {
  const head = undefined;
  const newEvents = [
    { type: 'WalletOpened', data: { accountId: 'a-1', currency: 'USD' }, occurredAt: '2024-06-01T10:00:00.000Z' },
    { type: 'WalletCredited', data: { accountId: 'a-1', amount: '10.00' }, occurredAt: '2024-06-01T10:00:01.000Z' },
  ];

  // What the server gives back: the JSON bytes the client sent, parsed again.
  const recorded = (streamId: string, revision: number, data: unknown, metadata: unknown, type: string): RecordedEvent =>
    ({
      streamId, id: '00000000-0000-4000-8000-000000000000', isJson: true, revision: BigInt(revision), type,
      created: new Date(0), data: JSON.parse(JSON.stringify(data)), metadata: JSON.parse(JSON.stringify(metadata)),
    }) as RecordedEvent;

  it('chains new events from genesis and round-trips them through event data and metadata', () => {
    const chained = chainEvents('account-a-1', head, newEvents, '2024-06-01T10:00:02.000Z');
    expect(chained[0]?.content.previousHash).toBe(genesisHash);
    const verifier = new ChainVerifier('account-a-1');
    chained.forEach(({ content, hash }, index) => {
      const data = toEventData(content, hash);
      expect(data.contentType).toBe('application/json');
      expect(data.data).toEqual(newEvents[index]?.data);
      const stored = toStoredEvent(recorded('account-a-1', index, data.data, data.metadata, data.type), 99n + BigInt(index));
      expect(stored).toMatchObject({ revision: index, position: 99n + BigInt(index), hash, recordedAt: '2024-06-01T10:00:02.000Z' });
      verifier.accept(stored);
    });
    expect(verifier.result()).toMatchObject({ verified: true, events: 2 });
  });

  it('never stamps recordedAt before the stream head, whatever this process clock says', () => {
    const [first] = chainEvents('account-a-1', head, newEvents.slice(0, 1), '2024-06-01T10:00:05.000Z');
    if (first === undefined) throw new Error('no event');
    const stored = toStoredEvent(recorded('account-a-1', 0, first.content.data, toEventData(first.content, first.hash).metadata, 'WalletOpened'), 1n << 31n);
    const [next] = chainEvents('account-a-1', stored, newEvents.slice(1), '2024-06-01T09:59:00.000Z');
    expect(next?.content).toMatchObject({ revision: 1, previousHash: first.hash, recordedAt: '2024-06-01T10:00:05.000Z' });
  });

  it('reports an event whose metadata does not decode as corruption, with its place', () => {
    const bad = recorded('account-a-1', 4, { accountId: 'a-1' }, { occurredAt: 'x', hash: 'nope' }, 'WalletOpened');
    expect(() => toStoredEvent(bad, 1n << 31n)).toThrow(/account-a-1@4 \(WalletOpened\): metadata does not decode/);
    const binary = { ...recorded('account-a-1', 5, {}, {}, 'WalletOpened'), isJson: false } as RecordedEvent;
    expect(() => toStoredEvent(binary, 1n << 31n)).toThrow(StoreCorruptedError);
  });
});

describe('EventStoreDB type filters', () => {
  it('excludes system events and keeps only the named types, on the server and on the client', () => {
    const all = new RegExp(typeRegex(undefined));
    expect(all.test('WalletOpened')).toBe(true);
    expect(all.test('$statsCollected')).toBe(false);
    const some = new RegExp(typeRegex(['WalletCharged', 'Wallet.Odd$Name']));
    expect(['WalletCharged', 'Wallet.Odd$Name', 'WalletChargedTwice', 'WalletXOdd$Name', 'WalletOpened'].map((t) => some.test(t)))
      .toEqual([true, true, false, false, false]);
    expect(new RegExp(typeRegex([])).test('WalletOpened')).toBe(false);
    const wanted = typePredicate(['WalletCharged']);
    expect([wanted('WalletCharged'), wanted('WalletOpened'), typePredicate(undefined)('$>')]).toEqual([true, false, false]);
  });
});
