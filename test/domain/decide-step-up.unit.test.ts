// Step-up inside the decider: given events / when a charge with step-up rules / then a charge, a
// step-up hold or a step_up_required refusal; then the step-up capture and its refusals.
import { describe, expect, it } from 'vitest';
import type { ChargeWallet } from '../../domain/commands.ts';
import type { StepUpRules } from '../../domain/step-up.ts';
import { foreignLoginsKeptMax } from '../../domain/step-up.ts';
import { fold } from '../../domain/evolve.ts';
import { initialState } from '../../domain/state.ts';
import {
  amount, at, capture, deviceId as deviceIdOf, charge, chargeHeld, charged, country, deviceVerified, heldChargeCaptured, later, loginId, loginRecorded, readyAccount,
  text, toppedUp, voidHold, holdVoided,
} from './fixtures.ts';
import { given } from './given-when-then.ts';

const hourMs = 3_600_000;
const rules: StepUpRules = {
  'device-verified-recently': { withinMs: 24 * hourMs },
  'foreign-login-recently': { withinMs: hourMs, sameDevice: false },
  'amount-over-threshold': { amountMaxByCurrency: { USD: amount('300') } },
};
// The ledger's clock when the charge runs: a step-up hold expires 7 days after it.
const stepUp = (supported: boolean, only: StepUpRules = rules) => ({ stepUp: { rules: only, supported, ledgerTime: later } });
const funded = [...readyAccount(), toppedUp('t1', '1000')] as const;
// `later` is 2024-01-02T00:00Z; readyAccount verified the phone 24 hours before it.
const stepUpHeld = (id: string, value: string, reasons: ReadonlyArray<string>, o: Parameters<typeof chargeHeld>[2] = {}) =>
  chargeHeld(id, value, { holdExpiresAt: at('2024-01-09T00:00:00.000Z'), stepUpReasons: reasons.map(text), ...o });
const withStepUp = (id: string, value: string, supported: boolean, o: Partial<ChargeWallet> = {}): ChargeWallet =>
  charge(id, value, { ...stepUp(supported), ...o });

describe('ChargeWallet with step-up rules', () => {
  it('charges at once when no rule trips (the device verified a day before, no login abroad, a small amount)', () => {
    given(...funded).when(withStepUp('c1', '300', false)).then(charged('c1', '300'));
  });

  it('holds a flagged charge for a client that supports step-up, naming the rules', () => {
    given(...funded).when(withStepUp('c1', '300.01', true)).then(stepUpHeld('c1', '300.01', ['amount-over-threshold']));
  });

  it('refuses a flagged charge from a client that does not support step-up, and records the attempt with its reasons', () => {
    given(...funded).when(withStepUp('c1', '300.01', false)).thenRejects('step_up_required', { chargeId: 'c1', reasons: ['amount-over-threshold'] });
    const declined = given(...funded).when(withStepUp('c1', '300.01', false)).thenDeclines('step_up_required');
    expect(declined.type === 'ChargeDeclined' ? declined.data.stepUpReasons : undefined).toEqual(['amount-over-threshold']);
  });

  it('answers a retry of a refused charge with the same refusal and reasons, even once the rules would pass it', () => {
    const declined = given(...funded).when(withStepUp('c1', '300.01', false)).thenDeclines('step_up_required');
    given(...funded, declined)
      .when(charge('c1', '300.01'))
      .thenRejects('step_up_required', { chargeId: 'c1', reasons: ['amount-over-threshold'] });
  });

  it('flags a device verified less than withinMs before the charge', () => {
    const fresh = deviceVerified('totp', { occurredAt: at('2024-01-01T23:00:00Z') });
    given(...funded, fresh).when(withStepUp('c1', '10', true)).then(stepUpHeld('c1', '10', ['device-verified-recently']));
  });

  it('flags a successful login from abroad within the hour before the charge, not a failed one, nor one at home, nor an older one', () => {
    const abroad = (id: string, iso: string, o = {}) => loginRecorded({ loginId: loginId(id), country: country('US'), occurredAt: at(iso), ...o });
    given(...funded, abroad('l1', '2024-01-01T23:30:00Z'))
      .when(withStepUp('c1', '10', true))
      .then(stepUpHeld('c1', '10', ['foreign-login-recently']));
    given(...funded, abroad('l1', '2024-01-01T23:30:00Z', { outcome: 'failed' })).when(withStepUp('c1', '10', true)).then(charged('c1', '10'));
    given(...funded, abroad('l1', '2024-01-01T23:30:00Z', { country: country('JP') })).when(withStepUp('c1', '10', true)).then(charged('c1', '10'));
    given(...funded, abroad('l1', '2024-01-01T22:59:59Z')).when(withStepUp('c1', '10', true)).then(charged('c1', '10'));
    // A login after the charge (recorded first) says nothing about it.
    given(...funded, abroad('l1', '2024-01-02T00:30:00Z')).when(withStepUp('c1', '10', true)).then(charged('c1', '10'));
  });

  it('holds for the challenge window when the command carries one, and the client\'s own expiry over it', () => {
    const window = { stepUp: { rules, supported: true, ledgerTime: later, holdExpiresAfterMs: 15 * 60_000 } };
    given(...funded).when(charge('c1', '300.01', window)).then(stepUpHeld('c1', '300.01', ['amount-over-threshold'], { holdExpiresAt: at('2024-01-02T00:15:00.000Z') }));
    const own = { hold: { ledgerTime: later, expiresAt: at('2024-01-03T00:00:00.000Z') } };
    given(...funded).when(charge('c1', '300.01', { ...window, ...own }))
      .then(stepUpHeld('c1', '300.01', ['amount-over-threshold'], { holdExpiresAt: at('2024-01-03T00:00:00.000Z'), holdExpiresAtDefaulted: undefined }));
  });

  it('judges the windows at the ledger clock too: a skewed occurredAt does not step past them', () => {
    // The ledger decides at `later` (2024-01-02T00:00Z); the client claims other times.
    const fresh = deviceVerified('totp', { occurredAt: at('2024-01-01T23:00:00Z') });
    const aheadOfFresh = { occurredAt: at('2024-01-05T00:00:00Z') };
    given(...funded, fresh).when(withStepUp('c1', '10', true, aheadOfFresh)).then(stepUpHeld('c1', '10', ['device-verified-recently'], aheadOfFresh));
    const abroad = loginRecorded({ loginId: loginId('l1'), country: country('US'), occurredAt: at('2024-01-01T23:30:00Z') });
    const beforeTheLogin = { occurredAt: at('2024-01-01T20:00:00Z') };
    // (foreign logins only: 20:00 is also within a day of the phone's own verification)
    const foreignOnly: StepUpRules = { 'foreign-login-recently': { withinMs: hourMs, sameDevice: false } };
    given(...funded, abroad).when(charge('c1', '10', { ...stepUp(true, foreignOnly), ...beforeTheLogin })).then(stepUpHeld('c1', '10', ['foreign-login-recently'], beforeTheLogin));
    // Both clocks outside the windows: charged at once.
    const oldVerification = deviceVerified('totp', { occurredAt: at('2023-12-20T00:00:00Z') });
    given(...funded, oldVerification).when(withStepUp('c1', '10', true, aheadOfFresh)).then(charged('c1', '10', 'USD', aheadOfFresh));
  });

  it('with sameDevice, flags only a login from abroad of the charging device', () => {
    const sameDevice: StepUpRules = { 'foreign-login-recently': { withinMs: hourMs, sameDevice: true } };
    const abroad = (deviceId: string) => loginRecorded({ loginId: loginId('l1'), country: country('US'), occurredAt: at('2024-01-01T23:30:00Z'), deviceId: deviceIdOf(deviceId) });
    given(...funded, abroad('dev-phone')).when(charge('c1', '10', stepUp(true, sameDevice))).then(stepUpHeld('c1', '10', ['foreign-login-recently']));
    given(...funded, abroad('dev-other')).when(charge('c1', '10', stepUp(true, sameDevice))).then(charged('c1', '10'));
  });

  it('keeps the latest successful logins from abroad, at most foreignLoginsKeptMax', () => {
    const logins = Array.from({ length: foreignLoginsKeptMax + 3 }, (_, index) =>
      loginRecorded({ loginId: loginId(`l${index}`), country: country('US'), occurredAt: at(`2023-12-${String(10 + index).padStart(2, '0')}T00:00:00Z`) }));
    const state = fold([...funded, ...logins], initialState());
    if (state.status !== 'open') throw new Error('expected an open account');
    expect(state.foreignLogins).toHaveLength(foreignLoginsKeptMax);
    expect(state.foreignLogins?.[0]?.occurredAtMs).toBe(Date.parse(`2023-12-${10 + foreignLoginsKeptMax + 2}T00:00:00Z`));
  });

  it('names every rule that trips, in the rules order; a rule left out never flags', () => {
    const fresh = deviceVerified('totp', { occurredAt: at('2024-01-01T23:00:00Z') });
    given(...funded, fresh).when(withStepUp('c1', '500', true)).then(stepUpHeld('c1', '500', ['device-verified-recently', 'amount-over-threshold']));
    given(...funded, fresh).when(charge('c1', '500', stepUp(false, {}))).then(charged('c1', '500'));
    given(...funded).when(charge('c1', '500', stepUp(false, { 'amount-over-threshold': { amountMaxByCurrency: { JPY: amount('1') } } }))).then(charged('c1', '500'));
  });

  it('runs after the charge checks: an unaffordable flagged charge is insufficient_funds, not a step-up', () => {
    given(...funded).when(withStepUp('c1', '1000.01', true)).thenDeclines('insufficient_funds');
  });

  it('honours the hold the client asked for (capture manual) on a flagged charge', () => {
    const expiresAt = at('2024-01-03T00:00:00Z');
    given(...funded)
      .when(withStepUp('c1', '500', true, { hold: { ledgerTime: later, expiresAt } }))
      .then({ type: 'ChargeHeld', data: { ...charged('c1', '500').data, holdExpiresAt: expiresAt, stepUpReasons: [text('amount-over-threshold')] } });
  });

  it('is a no-op answered by the step-up hold when sent again with the same charge (with or without capture manual)', () => {
    given(...funded, stepUpHeld('c1', '500', ['amount-over-threshold'])).when(withStepUp('c1', '500', true)).thenReplays(4);
    given(...funded, stepUpHeld('c1', '500', ['amount-over-threshold'])).when(charge('c1', '500')).thenReplays(4);
    given(...funded, stepUpHeld('c1', '500', ['amount-over-threshold'])).when(withStepUp('c1', '501', true)).thenRejects('idempotency_conflict', { commandKey: 'chargeId c1' });
  });
});

describe('CaptureHeldCharge of a step-up hold', () => {
  const awaiting = [...funded, stepUpHeld('c1', '500', ['amount-over-threshold'])] as const;

  it('captures the whole hold with the step-up method', () => {
    given(...awaiting).when(capture('c1', { stepUpMethod: 'passkey' })).then(heldChargeCaptured('c1', '500', '500', { stepUpMethod: 'passkey' }));
  });

  it('refuses a plain capture: only the step-up captures it (step_up_required with the reasons)', () => {
    given(...awaiting).when(capture('c1')).thenRejects('step_up_required', { chargeId: 'c1', reasons: ['amount-over-threshold'] });
  });

  it('refuses a step-up on a hold that awaits none (charge_not_held)', () => {
    given(...funded, chargeHeld('c1', '500')).when(capture('c1', { stepUpMethod: 'passkey' })).thenRejects('charge_not_held', { chargeId: 'c1' });
  });

  it('refuses a step-up after the hold was voided or past its expiry', () => {
    given(...awaiting, holdVoided('c1', '500')).when(capture('c1', { stepUpMethod: 'sms_otp' })).thenRejects('charge_not_held', { chargeId: 'c1' });
    given(...awaiting).when(capture('c1', { stepUpMethod: 'sms_otp', ledgerTime: at('2024-01-09T00:00:00Z') })).thenRejects('charge_not_held', { chargeId: 'c1' });
  });

  it('lets the account holder decline by a void', () => {
    given(...awaiting).when(voidHold('c1')).then(holdVoided('c1', '500'));
  });

  it('is a no-op when the same step-up is sent again; another method is an idempotency_conflict', () => {
    const captured = heldChargeCaptured('c1', '500', '500', { stepUpMethod: 'passkey' });
    given(...awaiting, captured).when(capture('c1', { stepUpMethod: 'passkey' })).thenReplays(5);
    given(...awaiting, captured).when(capture('c1', { stepUpMethod: 'totp' })).thenRejects('idempotency_conflict', { commandKey: 'capture of chargeId c1' });
  });
});
