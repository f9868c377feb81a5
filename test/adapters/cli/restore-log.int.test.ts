// `restore` and `backup` against the signed log (issue 14 with issue 15's log): a copy older than,
// or forked from, the newest checkpoint the replaced store signed is refused and the store left as
// it was; --new-log-origin restores it as a new log whose origin the server then signs under (and
// the old origin is refused); a newer copy keeps every checkpoint the replaced store signed; a copy
// whose own checkpoint does not match its events, or is signed by another key, is refused.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LogOriginError, openVerifiableLog } from '../../../adapters/app/log-setup.ts';
import { CliFailure } from '../../../adapters/cli/cli-failure.ts';
import { copyCheckpointCheck } from '../../../adapters/cli/copy-log-checks.ts';
import { verifyCopy } from '../../../adapters/cli/copy-verification.ts';
import { progressOnTerminal } from '../../../adapters/cli/progress-bar.ts';
import { type RestoreOptions, restoreSqliteStore } from '../../../adapters/cli/restore-command.ts';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { type SigningKey, generateSigningKey, keyFileBesideStore, signingKeyPem } from '../../../adapters/verifiable-log/signing-key.ts';
import { readLogRecord } from '../../../adapters/verifiable-log/sqlite-log-origin.ts';
import { appendEvents, openLoggedStore, testOrigin, waitForLogSize } from '../verifiable-log/verifiable-log-fixtures.ts';

const directory = mkdtempSync(join(tmpdir(), 'restore-log-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const quiet = progressOnTerminal({ isTTY: false } as NodeJS.WriteStream);
const key = generateSigningKey();
const options = (newLogOrigin?: string): RestoreOptions => ({ allowEmpty: false, newLogOrigin, progress: quiet, env: {} });

// Appends `count` events to the store at `path` (creating it), feeds the log and signs.
const grow = async (path: string, count: number, sign = true, streams = 3): Promise<void> => {
  const logged = openLoggedStore(path, key);
  await appendEvents(logged.store, count, streams);
  await waitForLogSize(logged.log, Number(await logged.store.headPosition()));
  if (sign) await logged.log.signNow();
  await logged.close();
};

const recordOf = (path: string) => {
  const database = new Database(path, { readonly: true });
  try {
    return readLogRecord(database);
  } finally {
    database.close();
  }
};

const refusal = (promise: Promise<unknown>): Promise<CliFailure> =>
  promise.then(
    () => { throw new Error('restore was expected to be refused'); },
    (error: unknown) => {
      if (!(error instanceof CliFailure)) throw error;
      return error;
    },
  );

describe('restore against the signed log', () => {
  const store = join(directory, 'ledger.db');
  const atTen = join(directory, 'at-10.db');
  const fork = join(directory, 'fork.db');

  it('refuses a copy older than the newest signed checkpoint, and a fork of it, leaving the store as it was', async () => {
    writeFileSync(keyFileBesideStore(store), signingKeyPem(key));
    await grow(store, 10);
    copyFileSync(store, atTen);
    copyFileSync(store, fork);
    await grow(store, 5);
    // Other streams: the same count of events, another history.
    await grow(fork, 5, true, 2);
    expect(recordOf(store).newest?.treeSize).toBe(15);
    expect(recordOf(fork).newest?.treeSize).toBe(15);

    const older = await refusal(restoreSqliteStore(atTen, store, options()));
    expect(older.exitCode).toBe(1);
    expect(older.message).toMatch(/older than or inconsistent with the newest checkpoint .+ signed \(tree size 15\): the store holds 10 events, fewer than the signed tree of 15; give --new-log-origin/);
    const forked = await refusal(restoreSqliteStore(fork, store, options()));
    expect(forked.message).toMatch(/older than or inconsistent with .+ the events no longer hash to the root signed at tree size 15/);
    expect(recordOf(store).newest?.treeSize).toBe(15);
    expect((await refusal(restoreSqliteStore(atTen, store, options(testOrigin)))).exitCode).toBe(2);
  });

  it('restores the older copy as a new log: the server signs under the new origin only', async () => {
    const lines = await restoreSqliteStore(atTen, store, options('ledger.example/test-restored-1'));
    expect(lines.at(-1)).toMatch(/starts a new log: origin ledger\.example\/test-restored-1/);
    expect(recordOf(store)).toEqual({ origin: 'ledger.example/test-restored-1', newest: undefined });

    const opened = openSqliteEventStore({ path: store });
    const config = { origin: testOrigin, originGiven: true, signingKeyFile: undefined, checkpointIntervalMs: 3_600_000 };
    const open = (given: boolean) => openVerifiableLog({ kind: 'sqlite', store: opened, database: opened.database, path: store }, opened, { ...config, originGiven: given }, () => undefined, () => undefined);
    await expect(open(true)).rejects.toThrow(LogOriginError);
    const log = await open(false);
    await waitForLogSize(log, 10);
    const checkpoint = await log.signNow();
    expect(checkpoint?.note.split('\n')[0]).toBe('ledger.example/test-restored-1');
    await log.stop();
    await opened.close();
  });

  it('restores a newer copy keeping every checkpoint the replaced store signed', async () => {
    const second = join(directory, 'second.db');
    const newer = join(directory, 'newer.db');
    await grow(second, 6, false);
    copyFileSync(second, newer);
    await grow(second, 0);
    await grow(newer, 4);
    expect(recordOf(newer).newest?.treeSize).toBe(10);
    const lines = await restoreSqliteStore(newer, second, options());
    expect(lines).toContain(`it holds the newest checkpoint ${second} signed (tree size 6)`);
    expect(lines).toContain(`the checkpoints ${second} signed are kept in the restored store`);
    const database = new Database(second, { readonly: true });
    expect(database.prepare('SELECT tree_size FROM log_checkpoints ORDER BY tree_size').pluck().all()).toEqual([6, 10]);
    database.close();
  });

  it('backup refuses a copy whose own checkpoint is not its note, is signed by another key, or lost its tail', async () => {
    const copy = join(directory, 'copy.db');
    const check = (signer: SigningKey | undefined, configured = true) =>
      verifyCopy(copy, { allowEmpty: false, progress: quiet, logChecks: [copyCheckpointCheck(signer === undefined ? undefined : { key: signer, configured, path: 'store.key' })] });
    const tamper = (sql: string) => {
      copyFileSync(join(directory, 'second.db'), copy);
      const database = new Database(copy);
      database.exec(sql);
      database.close();
    };
    tamper('SELECT 1');
    const good = await check(key);
    expect(good.verified && good.summaries).toEqual([`the log's newest signed checkpoint (${testOrigin}, tree size 10) matches the events and its signature verifies`]);
    expect(await check(generateSigningKey())).toEqual({ verified: false, reason: "its checkpoint of tree size 10 is not signed by the store's key (store.key)" });
    // A stale key generated beside the store is a guess, not the operator's word: not checked, said so.
    const stale = await check(generateSigningKey(), false);
    expect(stale.verified && stale.summaries).toEqual([
      `the log's newest signed checkpoint (${testOrigin}, tree size 10) matches the events (its signature was not checked: ` +
        'it is signed by another key than the one beside the store (store.key); set LEDGER_SIGNING_KEY_FILE to the store\'s key to check it)',
    ]);
    // A signature under the store key's id that does not verify is refused, configured or not.
    tamper(`UPDATE log_checkpoints SET note = replace(note, substr(note, length(note) - 10, 5), 'AAAAA') WHERE tree_size = 10`);
    expect(await check(key, false)).toEqual({ verified: false, reason: "its checkpoint of tree size 10 is not signed by the store's key (store.key)" });
    tamper('UPDATE log_checkpoints SET root_hash = zeroblob(32) WHERE tree_size = 10');
    expect(await check(undefined)).toEqual({ verified: false, reason: `its signed checkpoint of tree size 10 is not a checkpoint of origin ${testOrigin} for that tree` });
    // A truncated tail: every remaining chain still verifies; only the signed log sees the loss.
    tamper('DELETE FROM events WHERE position = 10');
    expect(await check(key)).toEqual({ verified: false, reason: 'its signed log does not verify: the store holds 9 events, fewer than the signed tree of 10' });
  });
});
