// The balance index of one account: the points of balance-points.ts kept in two structures, a
// trie by occurredAt (occurred-trie.ts) for knownAt at or after everything recorded, and chunks in
// arrival order (recorded-chunks.ts) for a past knownAt. Both only ever grow, so a point recorded
// late, in any order, costs the same as any other. This file holds what memory and SQLite share:
// turning stored events into points, and answering (asOf, knownAt). The backends give storage.
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import { StoreCorruptedError } from '../../domain/ports/event-store.ts';
import type { AccountId, ChargeId } from '../../domain/ids.ts';
import { type Instant, InstantCodec } from '../../domain/instant.ts';
import type { Currency } from '../../domain/money.ts';
import { balanceInputOf } from './balance-event-decoding.ts';
import { type Balances, type BalanceQuery, balanceEventTypes } from './bitemporal-balance.ts';
import { type ChargeMemo, type Point, type Sums, pointsOf } from './balance-points.ts';
import { fromMinorUnits, toMinorUnits } from './minor-units.ts';
import { type ChunkStorage, chunkedPrefix, sealIfFull } from './recorded-chunks.ts';
import { type TrieStorage, trieInsert, triePrefix } from './occurred-trie.ts';

export type BalanceIndexParameters = Readonly<{ leafPointsMax: number; chunkPointsMax: number }>;
export const balanceIndexParametersDefault: BalanceIndexParameters = { leafPointsMax: 512, chunkPointsMax: 1024 };

export type IndexedAccount = Readonly<{ currency: Currency; pointCount: number; maxRecordedMs: number }>;

export interface AccountIndexStorage extends TrieStorage, ChunkStorage {
  storePoint(seq: number, point: Point): void;
}

// A backend's write side, used within one batch (one transaction for SQLite).
export interface BalanceIndexWriter {
  account(accountId: AccountId): IndexedAccount | undefined;
  saveAccount(accountId: AccountId, account: IndexedAccount): void;
  charge(accountId: AccountId, chargeId: ChargeId): ChargeMemo | undefined;
  saveCharge(accountId: AccountId, chargeId: ChargeId, memo: ChargeMemo): void;
  storage(accountId: AccountId): AccountIndexStorage;
}

const balanceTypes = new Set<string>(balanceEventTypes);

const recordedInstant = (stored: StoredEvent): Instant => {
  if (!InstantCodec.is(stored.recordedAt)) {
    throw new StoreCorruptedError(`event at position ${stored.position} has recordedAt ${stored.recordedAt}`);
  }
  return stored.recordedAt;
};

const indexPoint = (
  storage: AccountIndexStorage, account: IndexedAccount, point: Point, parameters: BalanceIndexParameters,
): IndexedAccount => {
  storage.storePoint(account.pointCount, point);
  const pointCount = account.pointCount + 1;
  trieInsert(storage, point, parameters.leafPointsMax);
  sealIfFull(storage, pointCount, parameters.chunkPointsMax);
  return { ...account, pointCount, maxRecordedMs: Math.max(account.maxRecordedMs, point.recordedMs) };
};

// Broken invariants of the store (evolve refuses all of these) stop the projection loudly. A bulk
// rebuild writes the same rows its own way (sqlite-balance-bulk-writer.ts).
export const applyBalanceEvents = (
  writer: BalanceIndexWriter, events: ReadonlyArray<StoredEvent>, parameters: BalanceIndexParameters,
): void => {
  for (const stored of events) {
    if (!balanceTypes.has(stored.type)) continue;
    const input = balanceInputOf(stored, recordedInstant(stored));
    if (input === undefined) continue;
    const accountId = input.accountId;
    const account = writer.account(accountId);
    if (input.kind === 'opened') {
      if (account !== undefined) throw new Error(`balance index: account ${accountId} opened twice`);
      writer.saveAccount(accountId, { currency: input.currency, pointCount: 0, maxRecordedMs: 0 });
      continue;
    }
    const fact = input.fact;
    if (account === undefined) throw new Error(`balance index: ${fact.kind} on unopened account ${accountId}`);
    if (fact.amount.currency !== account.currency) throw new Error(`balance index: ${fact.amount.currency} on a ${account.currency} account`);
    const amountMinor = toMinorUnits(fact.amount);
    const charge = fact.kind === 'reversal' ? writer.charge(accountId, fact.chargeId) : undefined;
    const points = pointsOf(fact, amountMinor, charge);
    if (fact.kind === 'charge') {
      const memo = { occurredMs: Date.parse(fact.occurredAt), recordedMs: Date.parse(fact.recordedAt), amountMinor };
      writer.saveCharge(accountId, fact.chargeId, memo);
    }
    const storage = writer.storage(accountId);
    writer.saveAccount(accountId, points.reduce((next, point) => indexPoint(storage, next, point, parameters), account));
  }
};

export const indexedSums = (
  storage: AccountIndexStorage, account: IndexedAccount, query: BalanceQuery, parameters: BalanceIndexParameters,
): Sums => {
  const asOfMs = Date.parse(query.asOf);
  const knownAtMs = Date.parse(query.knownAt);
  return knownAtMs >= account.maxRecordedMs
    ? triePrefix(storage, asOfMs, parameters.leafPointsMax)
    : chunkedPrefix(storage, account.pointCount, asOfMs, knownAtMs, parameters.chunkPointsMax);
};

export const balancesOf = (sums: Sums, currency: Currency): Balances => ({
  ledgerBalance: fromMinorUnits(sums.ledger, currency),
  correctedBalance: fromMinorUnits(sums.corrected, currency),
});

// What the HTTP API answers for GET /v1/accounts/{id}/balance (amounts still Money).
export type BalanceAnswer = Balances & Readonly<{ accountId: AccountId; currency: Currency } & BalanceQuery>;

export interface BalanceReader {
  // undefined when the index has never seen the account opened.
  balanceAt(accountId: AccountId, query: BalanceQuery): BalanceAnswer | undefined;
}
