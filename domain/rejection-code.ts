// The codes of domain rejections, as the contract spells them.
import * as t from 'io-ts';

export const RejectionCodeCodec = t.keyof({
  insufficient_funds: null,
  device_not_registered: null,
  device_not_verified: null,
  account_frozen: null,
  account_exists: null,
  account_not_found: null,
  charge_not_found: null,
  charge_already_reversed: null,
  device_already_registered: null,
  currency_mismatch: null,
  idempotency_conflict: null,
  amount_scale_exceeded: null,
  charge_not_held: null,
  capture_exceeds_hold: null,
  hold_not_expired: null,
  hold_expiry_out_of_range: null,
  step_up_required: null,
});
export type RejectionCode = t.TypeOf<typeof RejectionCodeCodec>;
