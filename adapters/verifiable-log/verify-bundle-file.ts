// `verify --bundle`: an export bundle file read in chunks of whole lines, each chunk's own checks
// (parse, decode, every event's own hash and leaf) done in a pool of worker threads when one is
// given, else here, and applied to the verifier strictly in the file's order, where the chains,
// the log indices and the tree are checked. At most the pool's chunksInFlightMax chunks are read
// ahead of the verifier.
import type { BundleCheckPool } from './bundle-check-pool.ts';
import { type CheckedChunk, checkBundleChunk } from './bundle-chunk.ts';
import { readBundleChunks } from './bundle-file.ts';
import { type Verdict, createBundleVerifier } from './bundle-verifier.ts';
import type { Checkpoint } from './checkpoint.ts';
import type { NoteVerifier } from './signed-note.ts';

export type BundleFileVerification = Readonly<{
  verifier: NoteVerifier;
  earlier: Checkpoint | undefined;
  pool?: BundleCheckPool;
  onBytes?: (bytes: number) => void;
  chunkBytes?: number;
}>;

export const verifyBundleFile = async (path: string, options: BundleFileVerification): Promise<Verdict> => {
  const bundle = createBundleVerifier(options.verifier, options.earlier);
  const onBytes = options.onBytes ?? (() => undefined);
  const { pool } = options;
  if (pool === undefined) {
    await readBundleChunks(path, (bytes) => bundle.acceptChunk(checkBundleChunk(bytes)), onBytes, options.chunkBytes);
    return bundle.verdict();
  }
  const inFlight: Array<Promise<CheckedChunk>> = [];
  const applyOldest = async (): Promise<void> => {
    const oldest = inFlight.shift();
    if (oldest !== undefined) bundle.acceptChunk(await oldest);
  };
  await readBundleChunks(path, async (bytes) => {
    inFlight.push(pool.check(bytes));
    while (inFlight.length >= pool.chunksInFlightMax) await applyOldest();
  }, onBytes, options.chunkBytes);
  while (inFlight.length > 0) await applyOldest();
  return bundle.verdict();
};
