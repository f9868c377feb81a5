// Step-up what-if: replays a history and reports how many of its charges a step-up rule set would
// have held. Each account is folded with the domain's own evolve, and each charge (or hold) is
// judged by the domain's own stepUpReasons against the account's state just before it, so the
// answer is the decision the command path would have made. Writes nothing. Only charges whose
// occurredAt falls in [from, to) are reported; every event from the start is folded.
import { type EventStore, pageSizeMax } from '../../domain/ports/event-store.ts';
import { toLedgerEvent } from '../../adapters/event-store/ledger-events.ts';
import { yieldToEventLoop } from '../../adapters/event-store/yield-to-event-loop.ts';
import { type LedgerEvent, isLedgerEventType, ledgerEventCodecByType } from '../../domain/events.ts';
import { evolve } from '../../domain/evolve.ts';
import { type Instant, parseInstant } from '../../domain/instant.ts';
import { formatAmount } from '../../domain/money.ts';
import { type AccountState, initialState } from '../../domain/state.ts';
import { type StepUpRules, stepUpReasons } from '../../domain/step-up.ts';

export type StepUpWhatIfWindow = Readonly<{ from?: Instant; to?: Instant }>;
export type HeldCharge = Readonly<{
  accountId: string; chargeId: string; amount: string; currency: string; occurredAt: Instant; reasons: ReadonlyArray<string>;
}>;
export type StepUpWhatIfReport = Readonly<{
  eventsScanned: number;
  chargesScanned: number;
  held: ReadonlyArray<HeldCharge>;
  heldByRule: Readonly<Record<string, number>>;
}>;

// Bounds: the accounts folded at once (each keeps its state) and the held charges listed.
export const stepUpWhatIfAccountsMax = 1_000_000;
export const stepUpWhatIfHeldMax = 100_000;

const judged = (event: LedgerEvent): event is Extract<LedgerEvent, { type: 'WalletCharged' | 'ChargeHeld' }> =>
  event.type === 'WalletCharged' || event.type === 'ChargeHeld';

const ledgerEventTypes = Object.keys(ledgerEventCodecByType).filter(isLedgerEventType);

export const stepUpWhatIf = async (store: EventStore, rules: StepUpRules, window: StepUpWhatIfWindow = {}): Promise<StepUpWhatIfReport> => {
  const head = await store.headPosition();
  const accounts = new Map<string, AccountState>();
  const held: HeldCharge[] = [];
  const heldByRule: Record<string, number> = {};
  let checkpoint = 0n;
  let eventsScanned = 0;
  let chargesScanned = 0;
  const inWindow = (at: Instant): boolean => (window.from === undefined || at >= window.from) && (window.to === undefined || at < window.to);
  while (checkpoint < head) {
    const page = await store.readAll({ after: checkpoint, limit: pageSizeMax, types: ledgerEventTypes });
    const last = page.at(-1);
    if (last === undefined) break;
    for (const stored of page) {
      const event = toLedgerEvent(stored);
      const before = accounts.get(event.data.accountId) ?? initialState();
      if (judged(event) && before.status === 'open' && inWindow(event.data.occurredAt)) {
        chargesScanned += 1;
        // The ledger's clock of the time: when the store recorded the charge.
        const ledgerTime = parseInstant(stored.recordedAt);
        const reasons = stepUpReasons(rules, { ...event.data, amount: event.data.amount.amount, ...(ledgerTime === undefined ? {} : { ledgerTime }) }, before);
        if (reasons.length > 0) {
          const { accountId, chargeId, amount, occurredAt } = event.data;
          held.push({ accountId, chargeId, amount: formatAmount(amount), currency: amount.currency, occurredAt, reasons });
          for (const reason of reasons) heldByRule[reason] = (heldByRule[reason] ?? 0) + 1;
          if (held.length > stepUpWhatIfHeldMax) throw new RangeError(`step-up what-if: more than ${stepUpWhatIfHeldMax} held charges; narrow the window`);
        }
      }
      accounts.set(event.data.accountId, evolve(before, event));
      if (accounts.size > stepUpWhatIfAccountsMax) throw new RangeError(`step-up what-if: more than ${stepUpWhatIfAccountsMax} accounts`);
    }
    eventsScanned += page.length;
    checkpoint = last.position;
    await yieldToEventLoop();
  }
  return { eventsScanned, chargesScanned, held, heldByRule };
};
