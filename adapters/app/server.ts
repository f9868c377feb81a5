// The server entry: configuration from the environment, the store, the read side, buildApp, and
// listen. Prints `listening on http://HOST:PORT` once ready; stop() lets in-flight requests
// finish, then stops the projections and closes the store.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { FastifyInstance } from 'fastify';
import { createCommandHandler } from '../command-handling/command-handler.ts';
import { openStoreAt } from '../event-store/open-event-store.ts';
import { type ApiKey, generateApiKeys } from '../http/api-keys.ts';
import type { LoggerDeps } from '../http/app-deps.ts';
import { buildApp } from '../http/build-app.ts';
import { createLedgerMetrics, instrumentStore } from '../http/ledger-metrics.ts';
import { notifyingAppends } from './notifying-appends.ts';
import { operationsConfigFrom } from './operations-config.ts';
import { readinessOf } from './readiness.ts';
import { withLogReadiness } from './log-readiness.ts';
import { consoleDirectoryDefault } from '../http/plugins/console-plugin.ts';
import { logConfigFrom } from './log-config.ts';
import { LogOriginError, openVerifiableLog } from './log-setup.ts';
import { openReadSide } from './read-side.ts';
import { readSideConfigFrom } from './read-side-config.ts';
import { listenFailureLine } from './listen-failure.ts';
import { acquireServerLock } from './server-lock.ts';
import { SigningKeyError } from '../verifiable-log/signing-key.ts';
import { serverConfigFrom } from './server-config.ts';
import { createApprovals } from '../approvals/approvals-service.ts';
import { systemClock } from '../event-store/recorded-at.ts';

export type RunningServer = Readonly<{ app: FastifyInstance; url: string; stop: () => Promise<void> }>;

export class ServerConfigError extends Error {
  override readonly name = 'ServerConfigError';
}

export type ServerOptions = Readonly<{
  env: Readonly<Record<string, string | undefined>>;
  print: (line: string) => void;
  logger?: LoggerDeps | false;
  // Where the built console is (default dist/console); tests pass a fresh build.
  consoleDirectory?: string;
}>;

const announceKeys = (keys: ReadonlyArray<ApiKey>, print: (line: string) => void): void => {
  print('LEDGER_API_KEYS is not set: generated one key per role for this run (set LEDGER_API_KEYS to keep keys):');
  for (const { role, key } of keys) print(`  ${role}:${key}`);
};

export const startServer = async ({ env, print, logger, consoleDirectory }: ServerOptions): Promise<RunningServer> => {
  const config = serverConfigFrom(env);
  if (isLeft(config)) throw new ServerConfigError(config.left);
  const { host, port } = config.right;
  const readConfig = readSideConfigFrom(env, config.right.store);
  if (isLeft(readConfig)) throw new ServerConfigError(readConfig.left);
  const operations = operationsConfigFrom(env);
  if (isLeft(operations)) throw new ServerConfigError(operations.left);
  const logConfig = logConfigFrom(env);
  if (isLeft(logConfig)) throw new ServerConfigError(logConfig.left);
  const apiKeys = config.right.apiKeys ?? generateApiKeys();
  // Before the store opens: a second server on the same file stops here, having touched nothing.
  const lock = config.right.store.kind === 'sqlite' ? acquireServerLock(config.right.store.path) : undefined;
  let opened;
  try {
    opened = openStoreAt(config.right.store);
  } catch (error) {
    lock?.release();
    throw error;
  }
  // One instrumented store and one command handler, shared by the routes and the incident runs,
  // so that every command of this process goes through the same per-account lock.
  const metrics = createLedgerMetrics();
  // Appends wake the read side's worker (bound once it exists); the command path never waits on it.
  let appended = (): void => undefined;
  const store = notifyingAppends(instrumentStore(opened.store, metrics), () => appended());
  const commands = createCommandHandler(store);
  let readSide;
  let log;
  // What the log says at start (its verifier key) is printed once the server listens: a refused
  // start (port in use, bad HOST) prints nothing on stdout.
  const startupLines: string[] = [];
  try {
    log = await openVerifiableLog(
      opened, opened.store, logConfig.right, (line) => startupLines.push(line), (line) => process.stderr.write(`${line}\n`), readConfig.right.readPath,
    );
    readSide = await openReadSide(opened, store, commands, env, readConfig.right, print);
    appended = readSide.models.appended;
  } catch (error) {
    await log?.stop();
    await opened.store.close();
    lock?.release();
    throw error instanceof SigningKeyError || error instanceof LogOriginError ? new ServerConfigError(error.message) : error;
  }
  const verifiableLog = log;
  let resuming: Promise<void> = Promise.resolve();
  try {
    const readiness = withLogReadiness(
      readinessOf(store, readSide.models.statuses, operations.right.readyLagMax, opened.kind !== 'eventstoredb'), verifiableLog,
    );
    const approvals = createApprovals({ store, commands, clock: systemClock, config: config.right.fourEyes });
    const app = await buildApp({
      store, metrics, commandHandler: () => commands, apiKeys, ...readSide.deps, readiness, approvals,
      ...(verifiableLog === undefined ? {} : { log: verifiableLog }),
      logger: logger ?? { level: operations.right.logLevel },
      consoleDirectory: consoleDirectory ?? consoleDirectoryDefault,
      ...(config.right.stepUp === undefined ? {} : { stepUp: config.right.stepUp }),
      ...(config.right.stepUpHoldMinutes === undefined ? {} : { stepUpHoldExpiresAfterMs: config.right.stepUpHoldMinutes * 60_000 }),
    });
    // Listen before printing generated keys: a port in use or a bad HOST stops the server with one
    // line (exit code 2) before any key is shown for a server that never ran.
    await app.listen({ host, port }).catch((error: unknown) => {
      const line = listenFailureLine(error, host, port);
      throw line === undefined ? error : new ServerConfigError(line);
    });
    for (const line of startupLines) print(line);
    if (config.right.apiKeys === undefined) announceKeys(apiKeys, print);
    const address = app.server.address();
    const boundPort = typeof address === 'object' && address !== null ? address.port : port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
    print(`listening on ${url}`);
    // Four eyes: approved actions a crash left unfinished run again now (each is idempotent), and
    // proposals past their expiry get their expiry event. In the background: the server serves.
    resuming = approvals.resume().then(
      ({ expired, resumed }) => {
        if (expired + resumed > 0) print(`four eyes: ${resumed} approved action(s) resumed, ${expired} proposal(s) expired`);
      },
      (error: unknown) => {
        process.stderr.write(`four eyes: resuming approved actions failed (they resume at the next start): ${String(error)}\n`);
      },
    );
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        await app.close();
        await resuming;
        await verifiableLog?.stop();
        await readSide.stop();
        await opened.store.close();
        lock?.release();
      })();
      return stopping;
    };
    return { app, url, stop };
  } catch (error) {
    await verifiableLog?.stop();
    await readSide.stop();
    await opened.store.close();
    lock?.release();
    throw error;
  }
};
