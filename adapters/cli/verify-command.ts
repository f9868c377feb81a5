// `wallet-ledger verify --key <verifier key>`: an auditor's check that trusts nothing of the
// server. With --checkpoint FILE: its signature. With --earlier FILE: that the log only grew since
// (a consistency proof, from the bundle or the server). With --bundle FILE (from `export`), or
// --url URL --account A (key in LEDGER_API_KEY): every event's own hash, each chain, and each
// event's place in the signed tree. Exit code 0 only when everything verifies.
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { AccountId } from '../../domain/ids.ts';
import { availableParallelism } from 'node:os';
import { checkThreadsMax, createBundleCheckPool } from '../verifiable-log/bundle-check-pool.ts';
import { BundleLineTooLong } from '../verifiable-log/bundle-file.ts';
import { type Verdict, createBundleVerifier, openCheckpoint } from '../verifiable-log/bundle-verifier.ts';
import { verifyBundleFile } from '../verifiable-log/verify-bundle-file.ts';
import type { Checkpoint } from '../verifiable-log/checkpoint.ts';
import { type NoteVerifier, cosignatureV1Type, parseSignedNote, parseVerifierKey } from '../verifiable-log/signed-note.ts';
import { collect, countCodec, decodeArgument, decodeOptional, idHint } from './cli-arguments.ts';
import { cosignatureCount } from '../verifiable-log/cosignature.ts';
import { exitCodes, failed, runAction, usageFailure } from './cli-failure.ts';
import { progressOnTerminal } from './progress-bar.ts';
import { type Remote, remoteAccountLines, remoteCheckpoint, remoteConsistency } from './verify-remote.ts';

type VerifyOptions = Readonly<{
  key: string; checkpoint?: string; earlier?: string; bundle?: string; url?: string; account?: string;
  witnessKey?: ReadonlyArray<string>; quorum?: string; threads?: string;
}>;
const smallFileMax = 64 * 1024;
const remoteTimeoutMs = 30_000;
// Below this (about 200,000 events) a bundle is checked on the main thread: starting a worker
// (its own TypeScript loader and the loader's hooks thread) costs about 0.6 s of CPU, and on a
// busy machine the threads gain little (BENCHMARKS.md, verifiable log).
const threadedBundleBytesMin = 128 * 1024 * 1024;

const readSmall = (path: string, label: string): string => {
  try {
    if (statSync(path).size > smallFileMax) throw failed(`${label} ${path} is larger than ${smallFileMax} bytes`);
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && error.name === 'CliFailure') throw error;
    throw usageFailure(`${label} ${path} cannot be read`);
  }
};

const trustedKey = (value: string): NoteVerifier => {
  const verifier = parseVerifierKey(value) ?? (value.includes('+') ? undefined : parseVerifierKey(readSmall(value, '--key')));
  if (verifier === undefined) throw usageFailure('--key is not a verifier key (name+keyid+base64) nor a file holding one');
  return verifier;
};

const signedCheckpoint = (note: string, verifier: NoteVerifier, label: string): Checkpoint => {
  const opened = openCheckpoint(note, verifier);
  if (typeof opened === 'string') throw failed(`${label}: ${opened}`);
  return opened;
};

const report = (verdict: Verdict, what: string): void => {
  for (const failure of verdict.failures) process.stdout.write(`FAILED: ${failure}\n`);
  const size = verdict.checkpoint?.treeSize ?? 'unknown';
  process.stdout.write(verdict.verified
    ? `verified: ${what}: ${verdict.events} events in ${verdict.streams} streams, own hashes, chains and inclusion in the signed tree of size ${size}\n`
    : `NOT VERIFIED: ${what}\n`);
  if (!verdict.verified) process.exitCode = exitCodes.failed;
};

// --threads, or by default every core (up to checkThreadsMax) for a large bundle, none for a small one.
const checkThreads = (option: string | undefined, bundleBytes: number): number =>
  decodeOptional(countCodec(checkThreadsMax, 0), option, '--threads')
  ?? (bundleBytes >= threadedBundleBytesMin ? Math.min(availableParallelism(), checkThreadsMax) : 0);

const verifyBundle = async (path: string, verifier: NoteVerifier, earlier: Checkpoint | undefined, threadsOption: string | undefined): Promise<Verdict> => {
  let bytes = 0;
  try {
    bytes = statSync(path).size;
  } catch {
    throw usageFailure(`--bundle ${path} cannot be read`);
  }
  const threads = checkThreads(threadsOption, bytes);
  const pool = threads === 0 ? undefined : createBundleCheckPool(threads);
  const progress = progressOnTerminal();
  progress.start(bytes, 'verify', 'bytes');
  try {
    return await verifyBundleFile(path, { verifier, earlier, ...(pool === undefined ? {} : { pool }), onBytes: (read) => progress.update(read) });
  } catch (error) {
    if (error instanceof BundleLineTooLong) throw failed(error.message);
    throw error;
  } finally {
    progress.stop();
    await pool?.close();
  }
};

const verifyRemote = async (options: VerifyOptions, url: string, verifier: NoteVerifier, earlier: Checkpoint | undefined): Promise<Verdict> => {
  const apiKey = process.env.LEDGER_API_KEY;
  if (apiKey === undefined || apiKey === '') throw usageFailure('--url needs an API key in LEDGER_API_KEY');
  const remote: Remote = { url, apiKey, timeoutMs: remoteTimeoutMs };
  const note = options.checkpoint === undefined ? await remoteCheckpoint(remote) : readSmall(options.checkpoint, '--checkpoint');
  const checkpoint = signedCheckpoint(note, verifier, 'the checkpoint');
  const bundle = createBundleVerifier(verifier, earlier);
  bundle.accept({ kind: 'checkpoint', note });
  if (earlier !== undefined && earlier.treeSize < checkpoint.treeSize) bundle.accept(await remoteConsistency(remote, earlier.treeSize, checkpoint.treeSize));
  if (options.account === undefined) {
    bundle.accept({ kind: 'end', scope: 'account', events: 0 });
    return bundle.verdict();
  }
  const accountId = decodeArgument(AccountId, options.account, '--account', idHint);
  const progress = progressOnTerminal();
  progress.start(0, 'verify', 'events');
  let events = 0;
  for await (const line of remoteAccountLines(remote, accountId, checkpoint.treeSize, () => progress.update((events += 1), events))) bundle.accept(line);
  progress.stop();
  return bundle.verdict();
};

// With --witness-key: the checkpoint file must carry cosignatures of at least --quorum of them.
const checkWitnesses = (options: VerifyOptions): void => {
  const keys = options.witnessKey ?? [];
  if (keys.length === 0) return;
  const witnesses = keys.map((key) => {
    const witness = parseVerifierKey(key);
    if (witness?.type !== cosignatureV1Type) throw usageFailure(`--witness-key ${key.slice(0, 60)} is not a cosignature/v1 verifier key`);
    return witness;
  });
  const quorum = decodeOptional(countCodec(witnesses.length), options.quorum, '--quorum') ?? witnesses.length;
  if (options.checkpoint === undefined) throw usageFailure('--witness-key needs --checkpoint (a cosigned checkpoint file)');
  const note = parseSignedNote(readSmall(options.checkpoint, '--checkpoint'));
  const count = note === undefined ? 0 : cosignatureCount(note, witnesses);
  if (count < quorum) throw failed(`the checkpoint is cosigned by ${count} of the given witnesses, fewer than the quorum of ${quorum}`);
  process.stdout.write(`verified: cosigned by ${count} of ${witnesses.length} witnesses (quorum ${quorum})\n`);
};

const runVerify = async (options: VerifyOptions): Promise<void> => {
  const verifier = trustedKey(options.key);
  checkWitnesses(options);
  const earlier = options.earlier === undefined ? undefined : signedCheckpoint(readSmall(options.earlier, '--earlier'), verifier, 'the earlier checkpoint');
  if (options.bundle !== undefined && options.url !== undefined) throw usageFailure('give --bundle or --url, not both');
  if (options.bundle !== undefined) return report(await verifyBundle(options.bundle, verifier, earlier, options.threads), `bundle ${options.bundle}`);
  if (options.url !== undefined) return report(await verifyRemote(options, options.url, verifier, earlier), options.account === undefined ? options.url : `account ${options.account}`);
  if (options.checkpoint === undefined) throw usageFailure('give --checkpoint, --bundle or --url');
  const checkpoint = signedCheckpoint(readSmall(options.checkpoint, '--checkpoint'), verifier, 'the checkpoint');
  if (earlier !== undefined) throw usageFailure('--earlier needs --bundle or --url (the consistency proof)');
  process.stdout.write(`verified: checkpoint of ${checkpoint.origin}, tree size ${checkpoint.treeSize}, signed by ${verifier.name}\n`);
};

export const addVerifyCommand = (program: Command): Command =>
  program
    .command('verify')
    .description("an auditor's check of signed checkpoints, consistency and an account's events (trusts only --key)")
    .requiredOption('--key <verifierKey>', "the log's verifier key (name+keyid+base64) or a file holding it")
    .option('--checkpoint <file>', 'a signed checkpoint to check (with --url: prove against it instead of the latest)')
    .option('--earlier <file>', 'an earlier signed checkpoint: prove the log only grew since')
    .option('--bundle <file>', 'an export bundle (wallet-ledger export) to verify offline')
    .option('--url <url>', 'a running ledger to ask (API key in LEDGER_API_KEY)')
    .option('--account <accountId>', 'with --url: the account whose events to verify')
    .option('--witness-key <verifierKey>', 'a witness key (cosignature/v1) whose cosignature on --checkpoint counts (repeatable)', collect)
    .option('--quorum <n>', 'how many of the witness keys must have cosigned (default: all)')
    .option('--threads <n>', `with --bundle: worker threads checking events' own hashes, 0 to ${checkThreadsMax} (default: one per core for a bundle over 128 MiB, else 0)`)
    .action(runAction('verify', runVerify));
