// `wallet-ledger witness`: polls a ledger's latest checkpoint, checks its signature under the log's
// key and its consistency with the last checkpoint this witness saw (state file), and co-signs it
// (C2SP tlog-cosignature v1), writing the cosigned checkpoint into the state. A checkpoint that is
// not consistent is refused loudly (exit 1) and the evidence (both notes, the proof) kept beside the
// state file. The log's key and the witness's own key come from the operator, never the server.
import { readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import type { Command } from 'commander';
import { openCheckpoint } from '../verifiable-log/bundle-verifier.ts';
import { cosignatureLine } from '../verifiable-log/cosignature.ts';
import { verifyConsistency } from '../verifiable-log/merkle-verify.ts';
import { cosignatureV1Type, formatVerifierKey, isKeyName, parseVerifierKey, verifierOf } from '../verifiable-log/signed-note.ts';
import { loadSigningKey } from '../verifiable-log/signing-key.ts';
import { countCodec, decodeOptional } from './cli-arguments.ts';
import { failed, runAction, usageFailure } from './cli-failure.ts';
import { remoteCheckpoint, remoteConsistency } from './verify-remote.ts';

type WitnessOptions = Readonly<{ url: string; logKey: string; key: string; name: string; state: string; once?: boolean; intervalMs?: string }>;
const IntervalMs = countCodec(86_400_000);
const stateSizeMax = 64 * 1024;

const writeAtomically = (path: string, text: string): void => {
  writeFileSync(`${path}.tmp`, text, { mode: 0o644 });
  renameSync(`${path}.tmp`, path);
};

const lastSeen = (path: string): string | undefined => {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  if (text.length > stateSizeMax) throw failed(`state file ${path} is larger than ${stateSizeMax} bytes`);
  return text;
};

export const witnessOnce = async (options: WitnessOptions, apiKey: string): Promise<void> => {
  const logVerifier = parseVerifierKey(options.logKey);
  if (logVerifier === undefined) throw usageFailure('--log-key is not a verifier key (name+keyid+base64)');
  const key = loadSigningKey({ kind: 'file', path: options.key });
  const remote = { url: options.url, apiKey, timeoutMs: 30_000 };
  const note = await remoteCheckpoint(remote);
  const checkpoint = openCheckpoint(note, logVerifier);
  if (typeof checkpoint === 'string') throw failed(`refused: ${checkpoint}`);
  const previousNote = lastSeen(options.state);
  const previous = previousNote === undefined ? undefined : openCheckpoint(previousNote, logVerifier);
  if (typeof previous === 'string') throw failed(`state file ${options.state}: ${previous}`);
  if (previous !== undefined) {
    const proof = previous.treeSize < checkpoint.treeSize ? await remoteConsistency(remote, previous.treeSize, checkpoint.treeSize) : undefined;
    const hashes: string[] = Array.isArray(proof?.hashes) ? proof.hashes.map(String) : [];
    const consistent = previous.treeSize <= checkpoint.treeSize &&
      verifyConsistency(previous.treeSize, checkpoint.treeSize, previous.rootHash, checkpoint.rootHash, hashes.map((hash) => Buffer.from(hash, 'base64')));
    if (!consistent) {
      const evidence = `${options.state}.evidence-${Date.now()}.json`;
      writeFileSync(evidence, `${JSON.stringify({ previous: previousNote, latest: note, consistencyProof: hashes }, null, 2)}\n`, { flag: 'wx' });
      throw failed(`REFUSED: the log's checkpoint of size ${checkpoint.treeSize} is not consistent with the one of size ${previous.treeSize} this witness saw; evidence in ${evidence}`);
    }
    if (previous.treeSize === checkpoint.treeSize) return;
  }
  const cosigned = `${note}${cosignatureLine(note.slice(0, note.lastIndexOf('\n\n') + 1), options.name, key.privateKey, key.publicKey, BigInt(Math.floor(Date.now() / 1000)))}`;
  writeAtomically(options.state, cosigned);
  process.stdout.write(`cosigned ${checkpoint.origin} tree size ${checkpoint.treeSize}\n`);
};

const runWitness = async (options: WitnessOptions): Promise<void> => {
  const apiKey = process.env.LEDGER_API_KEY;
  if (apiKey === undefined || apiKey === '') throw usageFailure('witness needs an API key in LEDGER_API_KEY');
  if (!isKeyName(options.name)) throw usageFailure('--name must be 1 to 100 printable ASCII characters, no spaces and no +');
  const intervalMs = decodeOptional(IntervalMs, options.intervalMs, '--interval-ms') ?? 10_000;
  const key = loadSigningKey({ kind: 'file', path: options.key });
  process.stdout.write(`witness verifier key: ${formatVerifierKey(verifierOf(options.name, key.publicKey, cosignatureV1Type))}\n`);
  await witnessOnce(options, apiKey);
  while (options.once !== true) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    await witnessOnce(options, apiKey);
  }
};

export const addWitnessCommand = (program: Command): Command =>
  program
    .command('witness')
    .description("co-sign a ledger's checkpoints after checking each is consistent with the last one seen (C2SP tlog-cosignature v1)")
    .requiredOption('--url <url>', 'the ledger (API key in LEDGER_API_KEY)')
    .requiredOption('--log-key <verifierKey>', "the log's verifier key, from its operator")
    .requiredOption('--key <file>', "this witness's PKCS#8 PEM Ed25519 private key")
    .requiredOption('--name <name>', "this witness's name (its key name)")
    .requiredOption('--state <file>', 'the last cosigned checkpoint (created on first run)')
    .option('--once', 'check and co-sign once, then exit')
    .option('--interval-ms <ms>', 'how often to poll (default 10000)')
    .action(runAction('witness', runWitness));
