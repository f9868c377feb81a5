// The write side of a bulk rebuild for one transaction (sqlite-balance-bulk.ts): takes balance
// rows (the few fields the index reads, from StoredEvents or straight from the events table) and
// writes exactly the point, charge and account rows applyBalanceEvents (balance-index.ts) writes,
// with the same checks (but no trie walk and no chunk sealing per point: finish builds those),
// decoding fields directly to integers (balance-field-decoding.ts) and inserting points and
// charges in primary-key order, bulkRowsPerInsert rows per statement (key-ordered-rows.ts).
// Memory: the accounts touched in the batch, and fewer than keyOrderedRowsMaxDefault buffered rows of
// each table (a reversal first writes the buffered charges, then looks its charge up in the table).
import { StoreCorruptedError } from '../../domain/ports/event-store.ts';
import { idPattern } from '../../domain/ids.ts';
import { InstantCodec } from '../../domain/instant.ts';
import { type Currency, CurrencyCodec } from '../../domain/money.ts';
import type { ChargeMemo } from './balance-points.ts';
import { instantMsOf, minorUnitsOf } from './balance-field-decoding.ts';
import { balanceEventTypes } from './bitemporal-balance.ts';
import { assertOnTimeLine } from './occurred-trie.ts';
import { keyOrderedRows } from './key-ordered-rows.ts';
import type { BalanceStatements, BulkInserts } from './sqlite-balance-statements.ts';
import { indexedAccountOf } from './sqlite-balance-writer.ts';

// An event's data fields the index reads, as stored (unknown until decoded):
// [accountId, occurredAt, amount, currency, chargeId]; currency is data.currency for AccountOpened,
// else data.amount's; chargeId is only read for charges and reversals.
export type BalanceFields = ReadonlyArray<unknown>;

type Account = { readonly key: bigint; readonly currency: Currency; pointCount: number; maxRecordedMs: number };

const isId = (value: unknown): value is string => typeof value === 'string' && idPattern.test(value);

// Where a row came from, for the message of a row that does not decode.
export type RowDescriber = (position: number) => string;

export const bulkRowWriter = (statements: BalanceStatements, inserts: BulkInserts, describe: RowDescriber) => {
  const accounts = new Map<string, Account | undefined>();
  const points = keyOrderedRows(inserts.points);
  const charges = keyOrderedRows(inserts.charges);
  let lastRecorded: unknown;
  let lastRecordedMs = 0;

  const account = (accountId: string): Account | undefined => {
    if (accounts.has(accountId)) return accounts.get(accountId);
    const row = statements.account.get(accountId);
    const loaded = row === undefined ? undefined : { key: row.account_key, ...indexedAccountOf(row) };
    accounts.set(accountId, loaded);
    return loaded;
  };
  const chargeOf = (owner: Account, chargeId: string): ChargeMemo | undefined => {
    charges.write();
    const row = statements.charge.get(owner.key, chargeId);
    if (row === undefined) return undefined;
    return { occurredMs: Number(row.occurred_ms), recordedMs: Number(row.recorded_ms), amountMinor: row.amount_minor };
  };
  const addPoint = (owner: Account, occurredMs: number, recordedMs: number, ledger: bigint, corrected: bigint) => {
    assertOnTimeLine(occurredMs);
    points.add([owner.key, owner.pointCount, occurredMs, recordedMs, ledger, corrected]);
    owner.pointCount += 1;
    if (recordedMs > owner.maxRecordedMs) owner.maxRecordedMs = recordedMs;
  };
  const recordedMsOf = (position: number, recordedAt: unknown): number => {
    if (recordedAt === lastRecorded) return lastRecordedMs;
    if (!InstantCodec.is(recordedAt)) throw new StoreCorruptedError(`event at position ${position} has recordedAt ${String(recordedAt)}`);
    lastRecorded = recordedAt;
    lastRecordedMs = Date.parse(recordedAt);
    return lastRecordedMs;
  };
  const corrupted = (position: number, type: string) => new StoreCorruptedError(`event ${describe(position)} of type ${type} does not decode`);

  const opened = (position: number, fields: BalanceFields): void => {
    const [accountId, occurredAt, , currency] = fields;
    if (!isId(accountId) || instantMsOf(occurredAt) === undefined || !CurrencyCodec.is(currency)) throw corrupted(position, 'AccountOpened');
    if (account(accountId) !== undefined) throw new Error(`balance index: account ${accountId} opened twice`);
    const key = BigInt(statements.insertAccount.run(accountId, currency).lastInsertRowid);
    accounts.set(accountId, { key, currency, pointCount: 0, maxRecordedMs: 0 });
  };

  const fact = (position: number, type: string, recordedMs: number, fields: BalanceFields): void => {
    const [accountId, occurredAt, amount, currency, chargeId] = fields;
    const occurredMs = instantMsOf(occurredAt);
    const money = minorUnitsOf(amount, currency);
    if (!isId(accountId) || occurredMs === undefined || money === undefined || (type !== 'WalletToppedUp' && !isId(chargeId))) {
      throw corrupted(position, type);
    }
    // A captured hold is a charge from its capture (its own occurredAt, the captured amount).
    const isCharge = type === 'WalletCharged' || type === 'HeldChargeCaptured';
    const kind = type === 'WalletToppedUp' ? 'top_up' : isCharge ? 'charge' : 'reversal';
    const owner = account(accountId);
    if (owner === undefined) throw new Error(`balance index: ${kind} on unopened account ${accountId}`);
    if (money.currency !== owner.currency) throw new Error(`balance index: ${money.currency} on a ${owner.currency} account`);
    const minor = money.minor;
    if (type === 'WalletToppedUp') return addPoint(owner, occurredMs, recordedMs, minor, minor);
    if (isCharge) {
      charges.add([owner.key, String(chargeId), occurredMs, recordedMs, minor]);
      return addPoint(owner, occurredMs, recordedMs, -minor, -minor);
    }
    // As pointsOf of balance-points.ts: evolve refuses these, so the store is broken.
    const charge = chargeOf(owner, String(chargeId));
    if (charge === undefined) throw new Error(`balance index: reversal of unknown charge ${String(chargeId)}`);
    if (charge.amountMinor !== minor) throw new Error(`balance index: reversal of ${String(chargeId)} differs in amount`);
    addPoint(owner, occurredMs, recordedMs, minor, 0n);
    addPoint(owner, charge.occurredMs, Math.max(charge.recordedMs, recordedMs), 0n, minor);
  };

  const balanceTypes = new Set<string>(balanceEventTypes);
  return {
    // Rows of other types are skipped, as applyBalanceEvents skips them.
    apply: (position: number, type: string, recordedAt: unknown, fields: BalanceFields): void => {
      if (!balanceTypes.has(type)) return;
      const recordedMs = recordedMsOf(position, recordedAt);
      if (type === 'AccountOpened') opened(position, fields);
      else fact(position, type, recordedMs, fields);
    },
    flush: (): void => {
      points.write();
      charges.write();
      for (const entry of accounts.values()) {
        if (entry !== undefined) statements.updateAccount.run(entry.pointCount, entry.maxRecordedMs, entry.key);
      }
    },
  };
};

export type BulkRowWriter = ReturnType<typeof bulkRowWriter>;
