// Decodes only what the balance index reads from a stored event (account, currency, amount,
// chargeId, occurredAt), through io-ts codecs of those fields alone: the full event codecs
// (toLedgerEvent: exact intersections, every id, key stripping) were a fifth of a rebuild's time.
// Fields the index never reads are left to the readers that use them; a field it does read that
// does not decode is corruption, reported loudly with its place.
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import { StoreCorruptedError } from '../../domain/ports/event-store.ts';
import { AccountId, ChargeId } from '../../domain/ids.ts';
import { type Instant, InstantCodec } from '../../domain/instant.ts';
import { type Currency, CurrencyCodec, MoneyCodec } from '../../domain/money.ts';
import { canonicalInstantMs } from './balance-field-decoding.ts';
import type { BalanceFact } from './bitemporal-balance.ts';

// The store writes instants in their canonical form (InstantCodec's output). Recognising that form
// (a real date in the ledger's years, canonicalInstantMs) is a fraction of InstantCodec's full
// ISO-8601 parse; any other string gets the full parse, so this accepts and returns exactly what
// InstantCodec does.
const isStoredCanonical = (input: unknown): input is Instant => InstantCodec.is(input) && canonicalInstantMs(input) !== undefined;
const StoredInstantCodec = new t.Type<Instant, string, unknown>(
  'StoredInstant',
  InstantCodec.is,
  (input, context) => (isStoredCanonical(input) ? t.success(input) : InstantCodec.validate(input, context)),
  (instant) => instant,
);

const base = { accountId: AccountId, occurredAt: StoredInstantCodec };
const codecs = {
  AccountOpened: t.type({ ...base, currency: CurrencyCodec }),
  WalletToppedUp: t.type({ ...base, amount: MoneyCodec }),
  WalletCharged: t.type({ ...base, chargeId: ChargeId, amount: MoneyCodec }),
  ChargeReversed: t.type({ ...base, chargeId: ChargeId, amount: MoneyCodec }),
};

export type BalanceInput =
  | Readonly<{ kind: 'opened'; accountId: AccountId; currency: Currency }>
  | Readonly<{ kind: 'fact'; accountId: AccountId; fact: BalanceFact }>;

const decodeWith = <A>(codec: t.Decoder<unknown, A>, stored: StoredEvent): A => {
  const decoded = codec.decode(stored.data);
  if (isLeft(decoded)) {
    throw new StoreCorruptedError(
      `event ${stored.streamId}@${stored.revision} (position ${stored.position}) of type ${stored.type} does not decode`,
    );
  }
  return decoded.right;
};

// undefined for every type that does not concern balances.
export const balanceInputOf = (stored: StoredEvent, recordedAt: Instant): BalanceInput | undefined => {
  switch (stored.type) {
    case 'AccountOpened': {
      const data = decodeWith(codecs.AccountOpened, stored);
      return { kind: 'opened', accountId: data.accountId, currency: data.currency };
    }
    case 'WalletToppedUp': {
      const { accountId, amount, occurredAt } = decodeWith(codecs.WalletToppedUp, stored);
      return { kind: 'fact', accountId, fact: { kind: 'top_up', amount, occurredAt, recordedAt } };
    }
    // A captured hold is a charge from its capture.
    case 'HeldChargeCaptured':
    case 'WalletCharged': {
      const { accountId, chargeId, amount, occurredAt } = decodeWith(codecs.WalletCharged, stored);
      return { kind: 'fact', accountId, fact: { kind: 'charge', chargeId, amount, occurredAt, recordedAt } };
    }
    case 'ChargeReversed': {
      const { accountId, chargeId, amount, occurredAt } = decodeWith(codecs.ChargeReversed, stored);
      return { kind: 'fact', accountId, fact: { kind: 'reversal', chargeId, amount, occurredAt, recordedAt } };
    }
    default:
      return undefined;
  }
};
