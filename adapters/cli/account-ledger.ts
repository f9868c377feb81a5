// One account's ledger for the CLI, read straight from the store (nothing is written, so an
// auditor can point it at a copy), with the balances of the contract at every step:
// - only events recorded at or before knownAt are known: the others are neither listed nor counted;
// - rows are the known events that occurred at or before asOf, in valid-time order (occurredAt,
//   then position), and each row carries the ledger and corrected balances as of that event's
//   occurredAt, known at knownAt, after that row: rows of one instant each show the balance after
//   themselves (row-balances.ts). The last row's balances are the account's balances at asOf,
//   known at knownAt.
// So the corrected column shows every charge whose reversal is known as never having happened,
// from the charge's own row on (the contract's rule, see bitemporal-balance.ts). Balances come
// from the same index the server keeps (projections/balance), here in memory, for this account.
import { type EventStore, type StoredEvent, StoreCorruptedError, pageSizeMax } from '../../domain/ports/event-store.ts';
import { accountStreamId } from '../../domain/events.ts';
import type { AccountId } from '../../domain/ids.ts';
import { type Instant, InstantCodec } from '../../domain/instant.ts';
import { formatAmount } from '../../domain/money.ts';
import type { BalanceQuery } from '../../projections/balance/bitemporal-balance.ts';
import { type MemoryBalanceIndex, createMemoryBalanceIndex } from '../../projections/balance/memory-balance-index.ts';
import { failed } from './cli-failure.ts';
import { type ChainVerification, ChainVerifier } from '../event-store/hash-chain.ts';
import { balancesAfterEachRow } from './row-balances.ts';

export type LedgerRow = Readonly<{ event: StoredEvent; ledgerBalance: string; correctedBalance: string }>;

export type AccountLedger = Readonly<{
  accountId: AccountId;
  currency: string;
  asOf: Instant;
  knownAt: Instant;
  ledgerBalance: string;
  correctedBalance: string;
  rows: ReadonlyArray<LedgerRow>;
  // The account's whole hash chain, checked on the way (every event is read anyway): the answer of
  // a chain that does not verify must say so (chainWarning).
  chain: ChainVerification;
}>;

// The CLI holds an account's events in memory; a wallet account is far below this.
export const accountEventsMax = 1_000_000;

const noRollback = { onRollback: () => undefined };

const byValidTime = (a: StoredEvent, b: StoredEvent): number =>
  a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.position < b.position ? -1 : a.position > b.position ? 1 : 0;

// Feeds the index in arrival order (a reversal after its charge, as the index requires).
const readKnownEvents = async (
  store: EventStore, accountId: AccountId, knownAt: Instant, index: MemoryBalanceIndex, verifier: ChainVerifier,
): Promise<StoredEvent[]> => {
  const known: StoredEvent[] = [];
  for (let fromRevision = 0; ; fromRevision += pageSizeMax) {
    const page = await store.readStream(accountStreamId(accountId), { fromRevision, limit: pageSizeMax });
    for (const event of page) {
      verifier.accept(event);
      if (event.recordedAt > knownAt) continue;
      if (known.length >= accountEventsMax) throw failed(`account ${accountId} has more than ${accountEventsMax} events; the CLI reads at most that many`);
      known.push(event);
    }
    index.projection.applyBatch(noRollback, page.filter((event) => event.recordedAt <= knownAt));
    if (page.length < pageSizeMax) return known;
  }
};

const balancesAt = (index: MemoryBalanceIndex, accountId: AccountId, query: BalanceQuery) => {
  const answer = index.balanceAt(accountId, query);
  return answer === undefined
    ? undefined
    : { currency: answer.currency, ledgerBalance: formatAmount(answer.ledgerBalance), correctedBalance: formatAmount(answer.correctedBalance) };
};

// withRows false: only the final balances (the `balance` command).
export const readAccountLedger = async (
  store: EventStore, accountId: AccountId, query: BalanceQuery, withRows: boolean,
): Promise<AccountLedger | undefined> => {
  const index = createMemoryBalanceIndex(`cli-${accountId}`);
  const verifier = new ChainVerifier(accountStreamId(accountId));
  const known = await readKnownEvents(store, accountId, query.knownAt, index, verifier);
  const final = balancesAt(index, accountId, query);
  if (final === undefined) return undefined;
  const listed = withRows ? known.filter((event) => event.occurredAt <= query.asOf).sort(byValidTime) : [];
  const atInstant = listed.map((event) => {
    // Stored occurredAt values are canonical instants; a tampered one fails loudly here.
    const asOf = event.occurredAt;
    if (!InstantCodec.is(asOf)) throw new StoreCorruptedError(`event ${event.streamId}@${event.revision} has occurredAt ${asOf}`);
    return index.balanceAt(accountId, { asOf, knownAt: query.knownAt });
  });
  const afterEach = balancesAfterEachRow(listed, atInstant, known);
  const rows = listed.map((event, at) => {
    const balances = afterEach[at];
    return {
      event,
      ledgerBalance: balances === undefined ? '' : formatAmount(balances.ledgerBalance),
      correctedBalance: balances === undefined ? '' : formatAmount(balances.correctedBalance),
    };
  });
  return { accountId, asOf: query.asOf, knownAt: query.knownAt, ...final, rows, chain: verifier.result() };
};

// One line for stderr when the answer comes from a chain that does not verify (else undefined).
export const chainWarning = (ledger: AccountLedger): string | undefined =>
  ledger.chain.verified
    ? undefined
    : `warning: the hash chain of account ${ledger.accountId} does not verify (first broken revision ` +
      `${ledger.chain.firstBrokenRevision ?? '?'}): this answer comes from altered events; run \`wallet-ledger audit ${ledger.accountId}\``;

// An account the store has never heard of, or one whose first event was recorded after knownAt
// (whenever it occurred: an account opened on 3 July but recorded on the 5th is not known on the 4th).
export const unknownAccount = async (store: EventStore, accountId: AccountId, knownAt: Instant): Promise<Error> => {
  const [first] = await store.readStream(accountStreamId(accountId), { limit: 1 });
  return failed(
    first === undefined
      ? `unknown account ${accountId}`
      : `account ${accountId} is not known at ${knownAt}: it was recorded later, at ${first.recordedAt} (opened at ${first.occurredAt})`,
  );
};
