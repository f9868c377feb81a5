// `wallet-ledger approvals list|show|approve|reject --url URL` (key in LEDGER_API_KEY): four eyes
// from a terminal. Always through a running server: a decision must carry the decider's key id,
// which only the server's key ring gives.
import type { Command } from 'commander';
import * as t from 'io-ts';
import { ApprovalId } from '../../domain/approvals/approval-events.ts';
import { Text } from '../../domain/ids.ts';
import { instantFromEpochMs } from '../../domain/instant.ts';
import { countCodec, decodeArgument, decodeOptional, decodeOptionalInstant, idHint } from './cli-arguments.ts';
import { runAction } from './cli-failure.ts';
import { callRemote, refusedAnswer, remoteApiOf } from './remote-api.ts';
import { textTable } from './text-table.ts';

const StatusCodec = t.keyof({ awaiting_approval: null, approved: null, rejected: null, expired: null }, 'awaiting_approval|approved|rejected|expired');
type UrlOption = Readonly<{ url: string }>;
type ListOptions = UrlOption & Readonly<{ status?: string; limit?: string; format?: string }>;
type DecisionOptions = UrlOption & Readonly<{ reason?: string; occurredAt?: string }>;

const field = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const totalOf = (value: unknown): string =>
  typeof value === 'object' && value !== null ? Object.entries(value).map(([currency, amount]) => `${field(amount)} ${currency}`).join(', ') : '';

const list = async (options: ListOptions): Promise<void> => {
  const remote = remoteApiOf(options.url);
  const status = decodeOptional(StatusCodec, options.status, '--status');
  const limit = decodeOptional(countCodec(1000), options.limit, '--limit');
  const query = new URLSearchParams({ ...(status === undefined ? {} : { status }), ...(limit === undefined ? {} : { limit: String(limit) }) }).toString();
  const path = `/v1/approvals${query === '' ? '' : `?${query}`}`;
  const answer = await callRemote(remote, 'GET', path);
  if (answer.status !== 200) throw refusedAnswer(path, answer);
  const approvals = Array.isArray(answer.body.approvals) ? answer.body.approvals : [];
  if (options.format === 'json') return void process.stdout.write(`${JSON.stringify(answer.body)}\n`);
  const rows = approvals.map((item: unknown) => {
    const entry = typeof item === 'object' && item !== null ? Object.fromEntries(Object.entries(item)) : {};
    return [field(entry.approvalId), field(entry.action), field(entry.status), field(entry.proposedBy), field(entry.proposedAt), field(entry.expiresAt), field(entry.charges), totalOf(entry.total)];
  });
  const columns = ['approval', 'action', 'status', 'proposed by', 'proposed at', 'expires at', 'charges', 'total'].map((title) => ({ title, numeric: title === 'charges' }));
  process.stdout.write(textTable(columns, rows));
};

const show = async (approvalId: string, options: UrlOption): Promise<void> => {
  const remote = remoteApiOf(options.url);
  const path = `/v1/approvals/${encodeURIComponent(decodeArgument(ApprovalId, approvalId, 'approval id', idHint))}`;
  const answer = await callRemote(remote, 'GET', path);
  if (answer.status !== 200) throw refusedAnswer(path, answer);
  process.stdout.write(`${JSON.stringify(answer.body, null, 2)}\n`);
};

const decide = (decision: 'approve' | 'reject') => async (approvalId: string, options: DecisionOptions): Promise<void> => {
  const remote = remoteApiOf(options.url);
  const path = `/v1/approvals/${encodeURIComponent(decodeArgument(ApprovalId, approvalId, 'approval id', idHint))}/${decision}`;
  const reason = decodeOptional(Text, options.reason, '--reason');
  const occurredAt = decodeOptionalInstant(options.occurredAt, '--occurred-at') ?? instantFromEpochMs(Date.now());
  const answer = await callRemote(remote, 'POST', path, { occurredAt, ...(reason === undefined ? {} : { reason }) });
  if (answer.status >= 300) throw refusedAnswer(path, answer);
  process.stdout.write(`${JSON.stringify(answer.body)}\n`);
};

export const addApprovalsCommand = (program: Command): Command => {
  const approvals = program.command('approvals').description('four eyes: proposals awaiting a second person, through a running server (--url, key in LEDGER_API_KEY)');
  approvals.command('list').description('proposals, newest first')
    .requiredOption('--url <url>', 'the running ledger').option('--status <status>', 'awaiting_approval, approved, rejected or expired')
    .option('--limit <n>', 'at most this many (1..1000)').option('--format <format>', 'text or json', 'text')
    .action(runAction('approvals list', list));
  approvals.command('show <approvalId>').description('one proposal and its decision (JSON)')
    .requiredOption('--url <url>', 'the running ledger').action(runAction('approvals show', show));
  for (const decision of ['approve', 'reject'] as const) {
    approvals.command(`${decision} <approvalId>`)
      .description(decision === 'approve' ? 'approve (not your own proposal): the action runs, once' : 'reject (not your own proposal)')
      .requiredOption('--url <url>', 'the running ledger').option('--reason <text>', 'why')
      .option('--occurred-at <time>', 'when the decision was taken (default: now)')
      .action(runAction(`approvals ${decision}`, decide(decision)));
  }
  return approvals;
};
