// The load of the crash test: workers sending top-ups and charges, each with its own command id,
// to the server until told to stop. Every command's fate is kept: answered (the server's answer
// is the truth the next life must honour) or unsettled (no answer: the process died under it).
import type { Random } from './seeded-random.ts';
import { field, send } from './ledger-http.ts';

export const crashAt = '2024-05-01T10:00:00+09:00';

// Amounts are whole yen, counted in bigint like the ledger counts in decimals: never a float.
export type SentCommand = Readonly<{ id: string; kind: 'top-up' | 'charge'; accountId: string; amount: bigint; path: string; body: unknown }>;

// status 201: applied at `position`; 422: a declined charge (recorded as ChargeDeclined).
export type Answered = Readonly<{ command: SentCommand; status: 201 | 422; position: string }>;

export type Ledger = {
  readonly answered: Map<string, Answered>;
  readonly unsettled: Map<string, SentCommand>;
  requests: number;
};

export const emptyLedger = (): Ledger => ({ answered: new Map(), unsettled: new Map(), requests: 0 });

export const commandFor = (random: Random, id: string, accountIds: ReadonlyArray<string>): SentCommand => {
  const accountId = random.pick(accountIds);
  if (random.next() < 0.55) {
    const amount = BigInt(random.integer(100, 5_000));
    const body = { topUpId: id, amount: String(amount), source: 'bank', occurredAt: crashAt };
    return { id, kind: 'top-up', accountId, amount, path: `/v1/accounts/${accountId}/top-ups`, body };
  }
  const amount = BigInt(random.integer(100, 4_000));
  const body = { chargeId: id, amount: String(amount), merchantId: 'm-1', storeId: 's-1', deviceId: 'phone-1', occurredAt: crashAt };
  return { id, kind: 'charge', accountId, amount, path: `/v1/accounts/${accountId}/charges`, body };
};

// Sends one command; records it as answered or unsettled. Any other answer is a failure.
export const sendCommand = async (baseUrl: string, command: SentCommand, ledger: Ledger): Promise<void> => {
  ledger.requests += 1;
  const reply = await send(baseUrl, 'payments', 'POST', command.path, command.body);
  if (reply.status === 201) {
    ledger.unsettled.delete(command.id);
    ledger.answered.set(command.id, { command, status: 201, position: field(reply.body, 'position') });
    return;
  }
  if (reply.status === 422 && command.kind === 'charge' && field(reply.body, 'error', 'code') === 'insufficient_funds') {
    ledger.unsettled.delete(command.id);
    ledger.answered.set(command.id, { command, status: 422, position: '' });
    return;
  }
  if (reply.status === undefined) {
    ledger.unsettled.set(command.id, command);
    return;
  }
  throw new Error(`${command.id}: unexpected ${reply.status} ${JSON.stringify(reply.body)}`);
};

export type Load = Readonly<{ stop: () => Promise<void> }>;

// `workers` concurrent loops, each with its own seeded generator, until stop() is called.
export const startLoad = (
  baseUrl: string,
  workers: ReadonlyArray<Random>,
  round: number,
  accountIds: ReadonlyArray<string>,
  ledger: Ledger,
  commandsPerWorkerMax: number,
): Load => {
  let stopping = false;
  const loops = workers.map(async (random, worker) => {
    for (let sequence = 0; !stopping && sequence < commandsPerWorkerMax; sequence += 1) {
      const command = commandFor(random, `r${round}-w${worker}-${sequence}`, accountIds);
      await sendCommand(baseUrl, command, ledger);
    }
  });
  const all = Promise.all(loops);
  // Keep a failure until stop() reports it, but never as an unhandled rejection.
  all.catch(() => undefined);
  return {
    stop: async () => {
      stopping = true;
      await all;
    },
  };
};
