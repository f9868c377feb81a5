// A growing list of 32-byte hashes in one buffer: a verifier holds one per event of a bundle (a
// million for a large account), and a million separate Buffers cost the garbage collector more
// than hashing them did. Items are views into the buffer, valid until the next push.
import { hash } from 'node:crypto';
import { hashSizeBytes } from './merkle-hash.ts';

const capacityInitial = 1024;

export class HashList {
  private bytes = Buffer.allocUnsafe(capacityInitial * hashSizeBytes);
  private count = 0;
  // 0x00 ‖ 32 bytes: an RFC 6962 leaf's input, rewritten for every leaf.
  private readonly leafInput = Buffer.alloc(1 + hashSizeBytes);

  get length(): number {
    return this.count;
  }

  at(position: number): Buffer | undefined {
    return position >= 0 && position < this.count ? this.bytes.subarray(position * hashSizeBytes, (position + 1) * hashSizeBytes) : undefined;
  }

  push(item: Uint8Array): void {
    if (item.length !== hashSizeBytes) throw new RangeError('hash list: an item is not 32 bytes');
    this.reserve();
    this.bytes.set(item, this.count * hashSizeBytes);
    this.count += 1;
  }

  // The 32 bytes at `offset` of `bytes` (no view of them is made).
  pushFrom(bytes: Uint8Array, offset: number): void {
    if (offset < 0 || offset + hashSizeBytes > bytes.length) throw new RangeError('hash list: an item is not 32 bytes');
    this.reserve();
    this.bytes.set(bytes.subarray(offset, offset + hashSizeBytes), this.count * hashSizeBytes);
    this.count += 1;
  }

  // Whether the item at `position` is the 32 bytes at `offset` of `bytes`.
  equalsAt(position: number, bytes: Uint8Array, offset: number): boolean {
    if (position < 0 || position >= this.count || offset < 0 || offset + hashSizeBytes > bytes.length) return false;
    return this.bytes.compare(bytes, offset, offset + hashSizeBytes, position * hashSizeBytes, (position + 1) * hashSizeBytes) === 0;
  }

  // The RFC 6962 leaf of an event whose hash is 64 lowercase hex digits (the caller checked them).
  pushLeafOfHex(eventHashHex: string): void {
    this.leafInput.write(eventHashHex, 1, hashSizeBytes, 'hex');
    this.push(hash('sha256', this.leafInput, 'buffer'));
  }

  private reserve(): void {
    if ((this.count + 1) * hashSizeBytes <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(this.bytes.length * 2);
    this.bytes.copy(grown, 0, 0, this.count * hashSizeBytes);
    this.bytes = grown;
  }
}
