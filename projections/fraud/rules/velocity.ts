// Rule velocity (see fraud-rules.ts): draining a wallet fast. Sums are exact (Decimal); an account
// alerted once is not alerted again until a whole window has passed.
import { Map as ImmutableMap } from 'immutable';
import type { AccountId, ChargeId } from '../../../domain/ids.ts';
import { LedgerDecimal, type Money, add, formatAmount } from '../../../domain/money.ts';
import { makeAlert } from '../fraud-alert.ts';
import type { VelocityRule } from '../fraud-rules.ts';
import { type Rule, lastItems, unchanged } from './rule.ts';

type Charge = Readonly<{ chargeId: ChargeId; amount: Money; atMs: number; position: bigint }>;
type AccountTrack = Readonly<{ charges: ReadonlyArray<Charge>; alertedAtMs?: number }>;
export type VelocityState = ImmutableMap<AccountId, AccountTrack>;

const totalOf = (charges: ReadonlyArray<Charge>, currency: Money['currency']): Money =>
  charges.reduce((sum, charge) => add(sum, charge.amount), { amount: new LedgerDecimal(0), currency });

const exceedsAmount = (config: VelocityRule, charges: ReadonlyArray<Charge>, currency: Money['currency']): boolean => {
  const limit = config.amountMaxByCurrency[currency];
  return limit !== undefined && charges.length >= config.chargeCountMinForAmount && totalOf(charges, currency).amount.greaterThan(new LedgerDecimal(limit));
};

export const velocity: Rule<VelocityRule, VelocityState> = {
  name: 'velocity',
  initial: () => ImmutableMap(),
  step: (config, state, event, context) => {
    if (event.type !== 'WalletCharged') return unchanged(state);
    const { accountId, chargeId, amount } = event.data;
    const track = state.get(accountId) ?? { charges: [] };
    const recent = track.charges.filter((charge) => charge.atMs <= context.atMs && context.atMs - charge.atMs <= config.windowMs);
    const charges = lastItems([...recent, { chargeId, amount, atMs: context.atMs, position: context.position }], config.chargesPerAccountMax);
    // The total (up to chargesPerAccountMax Decimal additions) is summed only when the answer needs
    // it: a quiet account, or one already over the count, decides without it.
    const quiet = track.alertedAtMs !== undefined && context.atMs - track.alertedAtMs < config.windowMs;
    const fires = !quiet && (charges.length > config.chargeCountMax || exceedsAmount(config, charges, amount.currency));
    if (!fires) return unchanged(state.set(accountId, { ...track, charges }));
    const total = totalOf(charges, amount.currency);
    const alert = makeAlert('velocity', accountId, context.occurredAt, context.position, {
      windowMs: config.windowMs,
      count: charges.length,
      total: { amount: formatAmount(total), currency: total.currency },
      charges: charges.map((charge) => ({ chargeId: charge.chargeId, amount: formatAmount(charge.amount), position: charge.position.toString() })),
    });
    return { state: state.set(accountId, { charges, alertedAtMs: context.atMs }), alerts: [alert] };
  },
  sweep: (config, state, watermarkMs) =>
    state
      .map((track) => ({ ...track, charges: track.charges.filter((charge) => watermarkMs - charge.atMs <= config.windowMs) }))
      .filter((track) => track.charges.length > 0 || (track.alertedAtMs !== undefined && watermarkMs - track.alertedAtMs < config.windowMs)),
};
