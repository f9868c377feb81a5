// The one command path over the memory store: what a command answers (the appended event, or for an
// idempotent replay the original one) and how rejections and declined attempts are recorded.
import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../domain/commands.ts';
import {
  charge, deviceId, freeze, openAccount, recordLogin, registerDevice, removeDevice, reverse, topUp, unfreeze, verifyDevice,
} from '../../domain/fixtures.ts';
import { accepted, balanceOf, countByType, memoryFixture, readEverything, rejectionCode, setUp } from './command-handling-support.ts';

describe('command handler: results', () => {
  it('answers the position and recordedAt of the event it appended', async () => {
    const { store, handle } = memoryFixture();
    const opened = accepted(await handle(openAccount()));
    const registered = accepted(await handle(registerDevice()));
    const [first, second] = await readEverything(store);
    expect(opened).toMatchObject({ accountId: 'acc-1', replayed: false });
    expect(opened.event).toEqual(first);
    expect(registered.event).toEqual(second);
    expect(registered.event.position).toBe(2n);
    expect(registered.event.recordedAt).toBe('2024-03-01T10:00:02.000Z');
    expect(registered.state.version).toBe(2);
  });

  it('answers a second identical command with the ORIGINAL position and recordedAt, appending nothing', async () => {
    const { store, handle } = memoryFixture();
    const commands: Command[] = [
      openAccount(), registerDevice(), verifyDevice(), recordLogin(), topUp('t1', '100'), charge('c1', '12.50'), reverse('c1'),
      registerDevice({ deviceId: deviceId('d2') }), removeDevice({ deviceId: deviceId('d2') }), freeze(), unfreeze(),
    ];
    for (const command of commands) {
      const first = accepted(await handle(command));
      const head = await store.headPosition();
      const second = accepted(await handle(command));
      expect(second.replayed, command.kind).toBe(true);
      expect(first.replayed, command.kind).toBe(false);
      expect(second.event, command.kind).toEqual(first.event);
      expect(await store.headPosition(), command.kind).toBe(head);
    }
  });

  it('answers a retry that comes after other events with the original event, "12.5" being "12.50"', async () => {
    const { store, handle } = memoryFixture();
    await setUp(handle);
    const original = accepted(await handle(charge('c1', '12.50')));
    accepted(await handle(topUp('t2', '5')));
    accepted(await handle(charge('c2', '1')));
    const head = await store.headPosition();
    const retry = accepted(await handle(charge('c1', '12.5')));
    expect(retry).toMatchObject({ replayed: true, event: { position: original.event.position, recordedAt: original.event.recordedAt } });
    expect(await store.headPosition()).toBe(head);
  });
});

describe('command handler: rejections', () => {
  it('returns a rejection as a Left and appends nothing for a refusal of form', async () => {
    const { store, handle } = memoryFixture();
    await setUp(handle);
    const head = await store.headPosition();
    expect(rejectionCode(await handle(topUp('t2', '1', { currency: 'EUR' })))).toBe('currency_mismatch');
    expect(rejectionCode(await handle(topUp('t1', '99')))).toBe('idempotency_conflict');
    expect(rejectionCode(await handle(openAccount({ currency: 'JPY' })))).toBe('account_exists');
    expect(rejectionCode(await handle(charge('c1', '1.001')))).toBe('amount_scale_exceeded');
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a charge whose amount does not fit the account for its form, even from an unknown device, appending nothing', async () => {
    const { store, handle } = memoryFixture();
    await setUp(handle);
    accepted(await handle(freeze()));
    const head = await store.headPosition();
    // Declined-attempt evidence cannot hold these amounts; this used to throw while encoding it.
    expect(rejectionCode(await handle(charge('c1', '1.005', { deviceId: deviceId('dev-x') })))).toBe('amount_scale_exceeded');
    expect(rejectionCode(await handle(charge('c2', '1', { currency: 'EUR' })))).toBe('currency_mismatch');
    expect(await store.headPosition()).toBe(head);
  });

  it('records a declined charge exactly once; its retry gets the same rejection and appends nothing', async () => {
    const { store, handle } = memoryFixture();
    await setUp(handle, '10');
    const outcome = await handle(charge('c1', '10.01'));
    expect(rejectionCode(outcome)).toBe('insufficient_funds');
    const afterDecline = await readEverything(store);
    expect(countByType(afterDecline)).toMatchObject({ ChargeDeclined: 1 });
    expect(afterDecline.at(-1)).toMatchObject({ type: 'ChargeDeclined', data: { chargeId: 'c1', rejection: 'insufficient_funds' } });
    expect(isLeft(outcome) && outcome.left.kind === 'rejected' && outcome.left.state.version).toBe(5);

    expect(rejectionCode(await handle(charge('c1', '10.01')))).toBe('insufficient_funds');
    expect(rejectionCode(await handle(charge('c1', '10.01')))).toBe('insufficient_funds');
    expect(await readEverything(store)).toHaveLength(afterDecline.length);
  });

  it('records each declined charge id once, with the balance untouched', async () => {
    const { store, handle } = memoryFixture();
    await setUp(handle, '10');
    accepted(await handle(freeze()));
    for (const id of ['c1', 'c2', 'c3']) expect(rejectionCode(await handle(charge(id, '1')))).toBe('account_frozen');
    const events = await readEverything(store);
    expect(countByType(events)).toMatchObject({ ChargeDeclined: 3 });
    expect(countByType(events).WalletCharged).toBeUndefined();
    const unfrozen = accepted(await handle(unfreeze()));
    expect(balanceOf(unfrozen.state)).toBe('10.00');
  });
});
