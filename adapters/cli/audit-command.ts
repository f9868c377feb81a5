// `wallet-ledger audit <accountId>` or `audit --all`: replays hash chains from the first event.
// Exit code 0 only when everything verifies; every broken stream is named with its first broken
// revision. --all shows a progress bar (rate, ETA) on a terminal.
import type { Command } from 'commander';
import { AccountId } from '../../domain/ids.ts';
import { type AuditReport, auditAccount } from '../../projections/account-audit.ts';
import { type StoreAudit, type StreamAudit, auditStore } from './audit-all.ts';
import { decodeArgument, decodeOptional, formatCodec, idHint } from './cli-arguments.ts';
import { exitCodes, failed, runAction, usageFailure } from './cli-failure.ts';
import { type StoreOption, storeOptionFlags, storeOptionHelp, withStore } from './cli-store.ts';
import { progressOnTerminal } from './progress-bar.ts';

const AuditFormat = formatCodec(['text', 'json'] as const);

type AuditOptions = StoreOption & Readonly<{ all?: boolean; allowEmpty?: boolean; format?: string }>;

const brokenLine = (audit: StreamAudit): string =>
  `BROKEN ${audit.accountId === undefined ? `stream ${audit.streamId}` : `account ${audit.accountId}`}: ` +
  `first broken revision ${audit.firstBrokenRevision ?? 'unknown'} (${audit.events} events)`;

const storeText = (audit: StoreAudit): string => {
  const lines = [
    ...audit.broken.map(brokenLine),
    ...audit.unreadablePositions.map((position) => `UNREADABLE event at position ${position}`),
    `audited ${audit.streams} streams, ${audit.events} events: ` +
      (audit.verified ? 'all verified' : `${audit.broken.length} broken, ${audit.unreadablePositions.length} unreadable`),
  ];
  return lines.map((line) => `${line}\n`).join('');
};

// Who caused the audited events, e.g. "issued by: payments:checkout 12, system:velocity 1".
const issuersLine = (report: AuditReport): string => {
  const named = Object.entries(report.issuedBy);
  const unnamed = report.events - named.reduce((sum, [, count]) => sum + count, 0);
  const parts = [...named.map(([issuer, count]) => `${issuer} ${count}`), ...(unnamed > 0 ? [`not recorded ${unnamed}`] : [])];
  return `issued by: ${parts.join(', ')}\n`;
};

const auditOne = async (options: AuditOptions, accountId: AccountId, json: boolean): Promise<void> =>
  withStore(options, 'read', async (store) => {
    const report = await auditAccount(store, accountId);
    if (report === undefined) throw failed(`unknown account ${accountId}`);
    process.stdout.write(
      json
        ? `${JSON.stringify(report)}\n`
        : report.verified
          ? `account ${accountId}: ${report.events} events, verified, head ${report.headHash}\n${issuersLine(report)}`
          : `${brokenLine({ streamId: '', ...report })}\n`,
    );
    if (!report.verified) process.exitCode = exitCodes.failed;
  });

const auditEverything = async (options: AuditOptions, json: boolean): Promise<void> =>
  withStore(options, 'read', async (store) => {
    const audit = await auditStore(store, progressOnTerminal());
    process.stdout.write(json ? `${JSON.stringify(audit)}\n` : storeText(audit));
    if (!audit.verified) process.exitCode = exitCodes.failed;
    // An audit of nothing is not a pass: a copy taken without its -wal file, or the wrong path,
    // holds no events, and "all verified" would vouch for a ledger nobody looked at.
    if (audit.events === 0 && audit.unreadablePositions.length === 0 && options.allowEmpty !== true) {
      throw failed('the store holds no events: nothing was audited (give --allow-empty if an empty ledger is expected)');
    }
  });

const runAudit = async (rawAccountId: string | undefined, options: AuditOptions): Promise<void> => {
  const json = (decodeOptional(AuditFormat, options.format, '--format') ?? 'text') === 'json';
  if ((rawAccountId === undefined) === (options.all !== true)) throw usageFailure('give either an account id or --all');
  if (rawAccountId === undefined) return auditEverything(options, json);
  return auditOne(options, decodeArgument(AccountId, rawAccountId, 'account id', idHint), json);
};

export const addAuditCommand = (program: Command): Command =>
  program
    .command('audit')
    .description('verify hash chains; exit code 0 only when everything verifies')
    .argument('[accountId]', 'the account to audit')
    .option('--all', 'audit every stream in the store and report every broken one')
    .option('--allow-empty', 'with --all: an empty store passes (by default it fails: nothing was audited)')
    .option('--format <format>', 'text or json', 'text')
    .option(storeOptionFlags, storeOptionHelp)
    .action(runAction('audit', runAudit));
