// The verifier's node table: the hashes a bundle gives for subtrees of the signed tree, by a
// numeric node key (a million string keys cost the garbage collector more than the hashing), the
// hashes in one growing buffer. A range that is no node of the signed tree is never asked for by
// the root's recursion, so it is dropped: it cannot change the root.
import { HashList } from './hash-list.ts';
import type { Hash } from './merkle-hash.ts';
import { treeNodeKey } from './multiproof.ts';

export type NodeAdded = 'added' | 'conflict';

export class BundleNodeTable {
  private readonly places = new Map<number, number>();
  private readonly hashes = new HashList();

  constructor(private readonly treeSize: number) {}

  // The 32 bytes at `offset` of `bytes` as the hash of leaves [start, end); a second, different
  // hash for the same node is a conflict.
  add(start: number, end: number, bytes: Uint8Array, offset: number): NodeAdded {
    const key = treeNodeKey(start, end, this.treeSize);
    if (key === undefined) return 'added';
    const known = this.places.get(key);
    if (known !== undefined) return this.hashes.equalsAt(known, bytes, offset) ? 'added' : 'conflict';
    this.places.set(key, this.hashes.length);
    this.hashes.pushFrom(bytes, offset);
    return 'added';
  }

  at(start: number, end: number): Hash | undefined {
    const key = treeNodeKey(start, end, this.treeSize);
    return key === undefined ? undefined : this.hashes.at(this.places.get(key) ?? -1);
  }
}
