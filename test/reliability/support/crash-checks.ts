// What must hold after every restart of the crash test, checked through the public API only:
// every answered command is in the history where it was answered, nothing is there twice, an
// unsettled command is all there or not at all (then settled by a retry with the same id),
// replays answer the original position, balances match the model, and audits verify.
import { expect } from 'vitest';
import type { Answered, Ledger, SentCommand } from './crash-load.ts';
import { sendCommand } from './crash-load.ts';
import { expectStatus, field, send } from './ledger-http.ts';

type HistoryEvent = Readonly<{ position: string; type: string; id: string; amount: string }>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export const historyOf = async (baseUrl: string, accountId: string): Promise<ReadonlyArray<HistoryEvent>> => {
  const events: HistoryEvent[] = [];
  let after = '0';
  for (let page = 0; page < 10_000; page += 1) {
    const body = await expectStatus(send(baseUrl, 'auditor', 'GET', `/v1/accounts/${accountId}/events?after=${after}&limit=1000`), (s) => s === 200, `history ${accountId}`);
    const list: unknown = isRecord(body) ? body.events : undefined;
    if (!Array.isArray(list)) throw new Error(`history ${accountId}: no events array`);
    for (const event of list) {
      const id = field(event, 'data', 'topUpId') || field(event, 'data', 'chargeId');
      events.push({ position: field(event, 'position'), type: field(event, 'type'), id, amount: field(event, 'data', 'amount', 'amount') });
    }
    const next = field(body, 'next');
    if (next === '') return events;
    after = next;
  }
  throw new Error(`history ${accountId}: more than 10,000 pages`);
};

const commandEventTypes: ReadonlySet<string> = new Set(['WalletToppedUp', 'WalletCharged', 'ChargeDeclined']);

export type CheckCounts = { answeredChecked: number; unsettledSettled: number; unsettledFoundApplied: number; replays: number };

export const checkAfterRestart = async (
  baseUrl: string,
  accountIds: ReadonlyArray<string>,
  ledger: Ledger,
  replayed: ReadonlyArray<Answered>,
  counts: CheckCounts,
): Promise<void> => {
  const byId = new Map<string, HistoryEvent>();
  for (const accountId of accountIds) {
    for (const event of await historyOf(baseUrl, accountId)) {
      if (!commandEventTypes.has(event.type)) continue;
      expect(byId.has(event.id), `${event.id} is in the history twice`).toBe(false);
      byId.set(event.id, event);
    }
  }
  for (const { command, status, position } of ledger.answered.values()) {
    const event = byId.get(command.id);
    const expectedType = status === 422 ? 'ChargeDeclined' : command.kind === 'top-up' ? 'WalletToppedUp' : 'WalletCharged';
    expect([command.id, event?.type, status === 201 ? event?.position : '']).toEqual([command.id, expectedType, position]);
    counts.answeredChecked += 1;
  }
  for (const command of [...ledger.unsettled.values()]) await settle(baseUrl, command, byId.get(command.id), ledger, counts);
  for (const answered of replayed) {
    const reply = await send(baseUrl, 'payments', 'POST', answered.command.path, answered.command.body);
    expect([answered.command.id, reply.status, answered.status === 201 ? field(reply.status === undefined ? {} : reply.body, 'position') : ''])
      .toEqual([answered.command.id, answered.status, answered.position]);
    counts.replays += 1;
  }
  await checkBalancesAndAudits(baseUrl, accountIds, ledger);
};

// Present: it must be whole (its amount) and a retry answers its position. Absent: a retry applies
// or declines it now. Either way it is then answered.
const settle = async (baseUrl: string, command: SentCommand, present: HistoryEvent | undefined, ledger: Ledger, counts: CheckCounts) => {
  if (present !== undefined) {
    expect([command.id, present.amount]).toEqual([command.id, String(command.amount)]);
    counts.unsettledFoundApplied += 1;
  }
  await sendCommand(baseUrl, command, ledger);
  const answered = ledger.answered.get(command.id);
  expect(answered, `${command.id} could not be settled`).toBeDefined();
  if (present !== undefined && present.type !== 'ChargeDeclined') expect(answered?.position).toBe(present.position);
  counts.unsettledSettled += 1;
};

export const modelBalances = (accountIds: ReadonlyArray<string>, ledger: Ledger): Map<string, bigint> => {
  const balances = new Map(accountIds.map((id) => [id, 0n]));
  for (const { command, status } of ledger.answered.values()) {
    if (status !== 201) continue;
    const signed = command.kind === 'top-up' ? command.amount : -command.amount;
    balances.set(command.accountId, (balances.get(command.accountId) ?? 0n) + signed);
  }
  return balances;
};

const checkBalancesAndAudits = async (baseUrl: string, accountIds: ReadonlyArray<string>, ledger: Ledger): Promise<void> => {
  const positions = [...ledger.answered.values()].map((answered) => BigInt(answered.position || '0'));
  const waitFor = positions.reduce((a, b) => (a > b ? a : b), 0n).toString();
  const expected = modelBalances(accountIds, ledger);
  for (const accountId of accountIds) {
    const balance = await expectStatus(send(baseUrl, 'payments', 'GET', `/v1/accounts/${accountId}/balance?waitFor=${waitFor}`), (s) => s === 200, `balance ${accountId}`);
    const wanted = String(expected.get(accountId));
    expect([accountId, field(balance, 'ledgerBalance'), field(balance, 'correctedBalance')]).toEqual([accountId, wanted, wanted]);
    expect(expected.get(accountId) ?? -1n).toBeGreaterThanOrEqual(0n);
    const audit = await expectStatus(send(baseUrl, 'auditor', 'GET', `/v1/accounts/${accountId}/audit`), (s) => s === 200, `audit ${accountId}`);
    expect([accountId, field(audit, 'verified')]).toEqual([accountId, 'true']);
  }
};
