// A C2SP tlog-checkpoint body: origin, tree size (decimal), root hash (base64 std), each on its own
// line. The log signs it as a signed note (signed-note.ts).
import type { Hash } from './merkle-hash.ts';

export type Checkpoint = Readonly<{ origin: string; treeSize: number; rootHash: Hash }>;

export const checkpointText = ({ origin, treeSize, rootHash }: Checkpoint): string =>
  `${origin}\n${treeSize}\n${rootHash.toString('base64')}\n`;

const sizePattern = /^(0|[1-9][0-9]{0,15})$/;
const rootPattern = /^[A-Za-z0-9+/]{43}=$/;

// undefined when the text is not a checkpoint body (extension lines are not used by this log).
export const parseCheckpointText = (text: string): Checkpoint | undefined => {
  const lines = text.split('\n');
  const [origin, size, root, end] = lines;
  if (lines.length !== 4 || end !== '' || origin === undefined || size === undefined || root === undefined) return undefined;
  if (origin === '' || !sizePattern.test(size) || !rootPattern.test(root)) return undefined;
  const treeSize = Number(size);
  if (!Number.isSafeInteger(treeSize)) return undefined;
  return { origin, treeSize, rootHash: Buffer.from(root, 'base64') };
};
