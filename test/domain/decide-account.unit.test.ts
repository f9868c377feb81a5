import { describe, it } from 'vitest';
import type { Command } from '../../domain/commands.ts';
import {
  accountId, accountOpened, at, charge, country, freeze, openAccount, recordLogin, registerDevice, removeDevice, reverse, topUp,
  unfreeze, verifyDevice,
} from './fixtures.ts';
import { given } from './given-when-then.ts';

describe('OpenAccount', () => {
  it('opens an account that does not exist', () => {
    given().when(openAccount()).then(accountOpened('USD'));
  });

  it('opens a JPY account with its home country', () => {
    given().when(openAccount({ currency: 'JPY', homeCountry: country('KR') })).then(accountOpened('JPY', { homeCountry: country('KR') }));
  });

  it('is a no-op answered by the original event when sent again with the same body', () => {
    given(accountOpened('USD')).when(openAccount()).thenReplays(0);
  });

  it('treats two spellings of the same occurredAt as the same body', () => {
    const sameInstant = at('2024-01-01T00:00:00Z');
    given(accountOpened('USD')).when(openAccount({ occurredAt: sameInstant })).thenReplays(0);
  });

  it.each([
    ['another currency', openAccount({ currency: 'JPY' })],
    ['another home country', openAccount({ homeCountry: country('US') })],
    ['another occurredAt', openAccount({ occurredAt: at('2024-01-01T09:00:01+09:00') })],
  ])('is account_exists when sent again with %s', (_what, command) => {
    given(accountOpened('USD')).when(command).thenRejects('account_exists');
  });
});

describe('account_not_found', () => {
  const commands: ReadonlyArray<Command> = [
    registerDevice(), verifyDevice(), removeDevice(), recordLogin(), topUp('t1', '10'), charge('c1', '1'), reverse('c1'),
    freeze(), unfreeze(),
  ];
  it.each(commands.map((command) => [command.kind, command] as const))('refuses %s on an account never opened', (_kind, command) => {
    given().when(command).thenRejects('account_not_found', { accountId });
  });
});
