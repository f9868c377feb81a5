// The Merkle core against published RFC 6962 vectors (transparency-dev/merkle, Apache-2.0):
// - fixtures/rfc6962-vectors.json: every probe of testdata/inclusion and testdata/consistency at
//   commit 417fb0c314750d94e53942e9f92e79b6d35915db (happy paths and their mutations);
// - the leaf inputs and roots of testonly/constants.go lines 22-33 and 65-77, and the proofs of
//   cmd/proofgen/main.go lines 48-91 (its leaf indices are 1-based there).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leafHash } from '../../../adapters/verifiable-log/merkle-hash.ts';
import { consistencyProof, inclusionProof, rootHash } from '../../../adapters/verifiable-log/merkle-proofs.ts';
import { verifyConsistency, verifyInclusion } from '../../../adapters/verifiable-log/merkle-verify.ts';
import { logNodesOver, memoryNodeTable } from '../../../adapters/verifiable-log/log-nodes.ts';

type InclusionProbe = { leafIdx: number; treeSize: number; root: string; leafHash: string; proof: string[] | null; wantErr: boolean; file: string };
type ConsistencyProbe = { size1: number; size2: number; root1: string; root2: string; proof: string[] | null; wantErr: boolean; file: string };
const vectors: { inclusion: InclusionProbe[]; consistency: ConsistencyProbe[] } = JSON.parse(
  readFileSync(new URL('./fixtures/rfc6962-vectors.json', import.meta.url), 'utf8'),
);
const b64 = (text: string) => Buffer.from(text, 'base64');
const hex = (text: string) => Buffer.from(text, 'hex');

const leafInputs = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);
const roots = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const inclusionVectors: Array<[number, number, string[]]> = [
  [0, 1, []],
  [0, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [5, 8, ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [1, 5, ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
];
const consistencyVectors: Array<[number, number, string[]]> = [
  [1, 1, []],
  [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [6, 8, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  [6, 7, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
];

const tree = () => {
  const nodes = logNodesOver(memoryNodeTable());
  nodes.append(leafInputs.map(leafHash));
  return nodes;
};

describe('the Merkle core against RFC 6962 vectors', () => {
  it('computes the root of every prefix of the eight reference leaves', () => {
    const nodes = tree();
    expect(roots.map((_, index) => rootHash(nodes.read, index + 1).toString('hex'))).toEqual(roots);
    expect(rootHash(nodes.read, 0).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('produces the published inclusion and consistency proofs', () => {
    const nodes = tree();
    for (const [index, size, proof] of inclusionVectors) {
      expect(inclusionProof(nodes.read, index, size).map((hash) => hash.toString('hex'))).toEqual(proof);
    }
    for (const [from, to, proof] of consistencyVectors) {
      expect(consistencyProof(nodes.read, from, to).map((hash) => hash.toString('hex'))).toEqual(proof);
    }
  });

  it.each(vectors.inclusion.map((probe) => [probe.file, probe] as const))('inclusion probe %s', (_, probe) => {
    const verified = verifyInclusion(probe.leafIdx, probe.treeSize, b64(probe.leafHash), (probe.proof ?? []).map(b64), b64(probe.root));
    expect(verified).toBe(!probe.wantErr);
  });

  it.each(vectors.consistency.map((probe) => [probe.file, probe] as const))('consistency probe %s', (_, probe) => {
    const verified = verifyConsistency(probe.size1, probe.size2, b64(probe.root1), b64(probe.root2), (probe.proof ?? []).map(b64));
    expect(verified).toBe(!probe.wantErr);
  });
});
