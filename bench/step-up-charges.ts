// The append bench's step-up line: the same sequential ChargeWallet commands through the command
// path on two SQLite stores, one with step-up off (v1) and one with every step-up rule on, chunks
// alternating between them so that both see the same machine load. Every charge passes the
// checks (a device verified long ago, the account's logins from abroad days old, small amounts):
// the line measures what judging a charge costs, not a hold. ratio = off time / on time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { type CommandHandler, createCommandHandler } from '../adapters/command-handling/command-handler.ts';
import { openSqliteEventStore } from '../adapters/event-store/sqlite-event-store.ts';
import type { ChargeWallet, Command } from '../domain/commands.ts';
import { decide } from '../domain/decide.ts';
import { fold } from '../domain/evolve.ts';
import { initialState } from '../domain/state.ts';
import { AccountId, ChargeId, CountryCode, DeviceId, IpAddress, LoginId, MerchantId, StoreId, Text, TopUpId } from '../domain/ids.ts';
import { type Instant, InstantCodec } from '../domain/instant.ts';
import { PositiveAmountCodec } from '../domain/money.ts';
import { type StepUpRules, foreignLoginsKeptMax } from '../domain/step-up.ts';
import type { BenchResult } from './bench-result.ts';
import { succeeded } from './append-workload.ts';

const chargesPerChunk = 250;
const chunks = 12;
const roundsMeasured = 3;

const decoded = <A, O>(codec: t.Type<A, O, unknown>, input: unknown): A => {
  const result = codec.decode(input);
  if (isLeft(result)) throw new Error(`step-up bench: ${JSON.stringify(input)} is not a valid ${codec.name}`);
  return result.right;
};
const at = (iso: string): Instant => decoded(InstantCodec, iso);
const accountId = decoded(AccountId, 'step-up-bench');
const deviceId = decoded(DeviceId, 'phone');
const chargedAt = at('2024-03-10T10:00:00Z');
const rules: StepUpRules = {
  'device-verified-recently': { withinMs: 86_400_000 },
  'foreign-login-recently': { withinMs: 3_600_000, sameDevice: false },
  'amount-over-threshold': { amountMaxByCurrency: { USD: decoded(PositiveAmountCodec, '300.00') } },
};
const stepUpOn = { rules, supported: false, ledgerTime: chargedAt };

// An account whose state carries what every rule reads: a verified device, a full list of logins
// from abroad (all days before the charges), a balance for every charge.
const setUp: ReadonlyArray<Command> = [
  { kind: 'OpenAccount', accountId, currency: 'USD', homeCountry: decoded(CountryCode, 'JP'), occurredAt: at('2024-03-01T09:00:00Z') },
  { kind: 'RegisterDevice', accountId, deviceId, occurredAt: at('2024-03-01T09:01:00Z') },
  { kind: 'VerifyDevice', accountId, deviceId, method: 'sms_otp', occurredAt: at('2024-03-01T09:02:00Z') },
  ...Array.from({ length: foreignLoginsKeptMax }, (_, index): Command => ({
    kind: 'RecordLogin', accountId, loginId: decoded(LoginId, `login-${index}`), deviceId, ipAddress: decoded(IpAddress, '203.0.113.9'),
    country: decoded(CountryCode, 'US'), outcome: 'succeeded', occurredAt: at(`2024-03-0${2 + (index % 7)}T09:00:00Z`),
  })),
  { kind: 'TopUpWallet', accountId, topUpId: decoded(TopUpId, 'funds'), amount: decoded(PositiveAmountCodec, '1000000'), source: decoded(Text, 'bank'), occurredAt: at('2024-03-01T09:03:00Z') },
];

const amount = decoded(PositiveAmountCodec, '12.50');
const merchantId = decoded(MerchantId, 'm');
const storeId = decoded(StoreId, 's');
const charge = (index: number, on: boolean): ChargeWallet => ({
  kind: 'ChargeWallet', accountId, chargeId: decoded(ChargeId, `charge-${index}`), amount, merchantId, storeId, deviceId, occurredAt: chargedAt,
  ...(on ? { stepUp: stepUpOn } : {}),
});

type Round = Readonly<{ offMs: number; onMs: number; charges: number }>;

// The decision alone (no store, no fsync), on the account's state after set-up: what step-up adds
// to the CPU work of a charge, which the durable commit above hides.
const decisionsPerSide = 20_000;
export const decideOnly = (): Readonly<{ offMs: number; onMs: number }> => {
  let folded = initialState();
  for (const command of setUp) {
    const decision = decide(command, folded);
    if (isRight(decision)) folded = fold(decision.right, folded);
  }
  let [offMs, onMs] = [0, 0];
  for (let pass = 0; pass < 4; pass += 1) {
    for (const on of pass % 2 === 0 ? [false, true] : [true, false]) {
      const start = performance.now();
      for (let index = 0; index < decisionsPerSide / 4; index += 1) {
        if (!isRight(decide(charge(index, on), folded))) throw new Error('step-up bench: a decision refused the charge');
      }
      const elapsed = performance.now() - start;
      if (on) onMs += elapsed;
      else offMs += elapsed;
    }
  }
  return { offMs, onMs };
};

const chunkMs = async (handle: CommandHandler, chunk: number, on: boolean): Promise<number> => {
  const commands = Array.from({ length: chargesPerChunk }, (_, index) => charge(chunk * chargesPerChunk + index, on));
  const start = performance.now();
  for (const command of commands) {
    const outcome = succeeded(await handle(command));
    if (outcome.recorded.type !== 'WalletCharged') throw new Error('step-up bench: a charge was not charged at once');
  }
  return performance.now() - start;
};

const round = async (directory: string): Promise<Round> => {
  const off = openSqliteEventStore({ path: join(directory, 'off.db') });
  const on = openSqliteEventStore({ path: join(directory, 'on.db') });
  try {
    const [handleOff, handleOn] = [createCommandHandler(off), createCommandHandler(on)];
    for (const command of setUp) {
      succeeded(await handleOff(command));
      succeeded(await handleOn(command));
    }
    let [offMs, onMs] = [0, 0];
    // Alternating which side goes first, so neither always runs on a warmer machine.
    for (let chunk = 0; chunk < chunks; chunk += 1) {
      if (chunk % 2 === 0) {
        offMs += await chunkMs(handleOff, chunk, false);
        onMs += await chunkMs(handleOn, chunk, true);
      } else {
        onMs += await chunkMs(handleOn, chunk, true);
        offMs += await chunkMs(handleOff, chunk, false);
      }
    }
    return { offMs, onMs, charges: chunks * chargesPerChunk };
  } finally {
    await off.close();
    await on.close();
  }
};

export const stepUpChargeLine = async (): Promise<BenchResult> => {
  const rounds: Round[] = [];
  for (let index = 0; index <= roundsMeasured; index += 1) {
    const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-append-bench-step-up-'));
    try {
      const measured = await round(directory);
      if (index > 0) rounds.push(measured);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }
  const sum = (pick: (measured: Round) => number) => rounds.reduce((total, measured) => total + pick(measured), 0);
  const [charges, offMs, onMs] = [sum((r) => r.charges), sum((r) => r.offMs), sum((r) => r.onMs)];
  decideOnly();
  const decisions = decideOnly();
  return {
    label: 'command path, sequential charges with step-up on (every rule, none trips)',
    value: (charges / onMs) * 1_000,
    unit: 'charges/s',
    baseline: { label: 'the same charges with step-up off, same run', value: (charges / offMs) * 1_000 },
    ratio: offMs / onMs,
    // At most ~11% more per charge.
    target: { of: 'ratio', atLeast: 0.9 },
    details: {
      ratioPerRound: rounds.map((r) => (r.offMs / r.onMs).toFixed(2)).join(' '),
      chargesPerRound: chunks * chargesPerChunk,
      decideOnlyMicrosecondsOff: ((decisions.offMs * 1000) / decisionsPerSide).toFixed(2),
      decideOnlyMicrosecondsOn: ((decisions.onMs * 1000) / decisionsPerSide).toFixed(2),
      decideOnlyRatio: (decisions.offMs / decisions.onMs).toFixed(2),
    },
  };
};
