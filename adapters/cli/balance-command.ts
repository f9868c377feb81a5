// `wallet-ledger balance <accountId>`: the account's ledger and corrected balances at --as-of as
// known at --known-at, as GET /v1/accounts/{id}/balance answers them (same index, same rules).
import type { Command } from 'commander';
import { AccountId } from '../../domain/ids.ts';
import { chainWarning, readAccountLedger, unknownAccount } from './account-ledger.ts';
import { decodeArgument, decodeOptional, formatCodec, idHint, instantOrNow } from './cli-arguments.ts';
import { runAction } from './cli-failure.ts';
import { type StoreOption, storeOptionFlags, storeOptionHelp, withStore } from './cli-store.ts';

const BalanceFormat = formatCodec(['text', 'json'] as const);

type BalanceOptions = StoreOption & Readonly<{ asOf?: string; knownAt?: string; format?: string }>;

const runBalance = async (rawAccountId: string, options: BalanceOptions): Promise<void> => {
  const accountId = decodeArgument(AccountId, rawAccountId, 'account id', idHint);
  const nowMs = Date.now();
  const asOf = instantOrNow(options.asOf, '--as-of', nowMs);
  const knownAt = instantOrNow(options.knownAt, '--known-at', nowMs);
  const format = decodeOptional(BalanceFormat, options.format, '--format') ?? 'text';
  await withStore(options, 'read', async (store) => {
    const ledger = await readAccountLedger(store, accountId, { asOf, knownAt }, false);
    if (ledger === undefined) throw await unknownAccount(store, accountId, knownAt);
    const { rows: _rows, chain: _chain, ...answer } = ledger;
    const warning = chainWarning(ledger);
    if (warning !== undefined) process.stderr.write(`wallet-ledger balance: ${warning}\n`);
    process.stdout.write(
      format === 'json'
        ? `${JSON.stringify(answer)}\n`
        : [
            ['account', answer.accountId], ['currency', answer.currency], ['as of', answer.asOf], ['known at', answer.knownAt],
            ['ledger balance', answer.ledgerBalance], ['corrected balance', answer.correctedBalance],
          ].map(([label, value]) => `${`${label}:`.padEnd(19)}${value}\n`).join(''),
    );
  });
};

export const addBalanceCommand = (program: Command): Command =>
  program
    .command('balance')
    .description("an account's ledger and corrected balances (bitemporal: --as-of, --known-at)")
    .argument('<accountId>', 'the account')
    .option('--as-of <time>', 'valid time: count events that occurred at or before it (default: now)')
    .option('--known-at <time>', 'transaction time: count events recorded at or before it (default: now)')
    .option('--format <format>', 'text or json (the HTTP answer)', 'text')
    .option(storeOptionFlags, storeOptionHelp)
    .action(runAction('balance', runBalance));
