import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StoreCorruptedError } from '../../../domain/ports/event-store.ts';
import { type HashedContent, canonicalEncoding, eventHash, genesisHash, hashVersionOf } from '../../../adapters/event-store/hash-chain.ts';
import { canonicalJson } from '../../../adapters/event-store/canonical-json.ts';
import { canonicalEncodingOf, eventHashOf, hexHash } from '../../../adapters/event-store/sqlite-event-hash.ts';

const json = fc.jsonValue({ maxDepth: 3 });
// recordedAt and previousHash are produced by the store (toISOString, SHA-256 hex); the rest is
// whatever a caller sends.
const content = fc.record({
  streamId: fc.string({ unit: 'grapheme', maxLength: 20 }),
  revision: fc.nat(),
  type: fc.string({ unit: 'grapheme', maxLength: 20 }),
  data: fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 8 }), json, { maxKeys: 6 }),
  occurredAt: fc.string({ unit: 'grapheme', maxLength: 30 }),
  recordedAt: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  previousHash: fc.oneof(fc.constant(genesisHash), fc.stringMatching(/^[0-9a-f]{64}$/)),
  // Absent: an event written before metadata existed (template v1).
  metadata: fc.option(fc.record({ issuedBy: fc.string({ unit: 'grapheme', maxLength: 20 }) }, { requiredKeys: [] }), { nil: undefined }),
});

const definedHash = (event: HashedContent): string => createHash('sha256').update(canonicalEncoding(event), 'utf8').digest('hex');

describe('eventHash (written field by field)', () => {
  it('is SHA-256 of the canonicalize encoding of the whole content, for any strings', () => {
    // Tampered or foreign events reach the verifier too: any string in any field, lone surrogates included.
    const anyText = fc.string({ unit: 'binary', maxLength: 12 });
    const anyContent = fc.record({
      streamId: anyText, revision: fc.integer({ min: -5, max: 2 ** 40 }), type: anyText,
      data: fc.dictionary(anyText, json, { maxKeys: 6 }), occurredAt: anyText, recordedAt: anyText, previousHash: anyText,
    });
    fc.assert(
      fc.property(anyContent, (event) => {
        let defined: string | undefined;
        try {
          defined = definedHash(event);
        } catch {
          defined = undefined;
        }
        if (defined === undefined) expect(() => eventHash(event)).toThrow();
        else expect(eventHash(event)).toBe(defined);
      }),
      { seed: 8785, numRuns: 500 },
    );
  });
});

describe('the sqlite store hash (parts encoded once)', () => {
  it('gives exactly the bytes and the hash of hash-chain.ts', () => {
    fc.assert(
      fc.property(content, (event) => {
        const encoded = {
          dataJson: canonicalJson(event.data),
          occurredAtJson: canonicalJson(event.occurredAt),
          previousHash: event.previousHash,
          recordedAt: event.recordedAt,
          revision: event.revision,
          streamIdJson: canonicalJson(event.streamId),
          typeJson: canonicalJson(event.type),
          metadataJson: event.metadata === undefined ? undefined : canonicalJson(event.metadata),
        };
        expect(canonicalEncodingOf(encoded)).toBe(canonicalEncoding(event));
        expect(eventHashOf(encoded)).toBe(definedHash(event));
        expect(eventHashOf(encoded)).toBe(eventHash(event));
        // What is stored is canonical JSON, so reading it back and hashing again agrees too.
        expect(eventHash({ ...event, data: JSON.parse(encoded.dataJson) })).toBe(eventHash(event));
      }),
      { seed: 20240301, numRuns: 300 },
    );
  });

  it('refuses a stored hash that is not 64 lowercase hex digits', () => {
    expect(hexHash('a'.repeat(64), 'x@0')).toBe('a'.repeat(64));
    expect(() => hexHash('"quoted"', 'x@0')).toThrow(StoreCorruptedError);
  });
});

describe('the versioned template', () => {
  const v1: HashedContent = {
    streamId: 'account-alice', revision: 0, type: 'WalletOpened', data: { currency: 'JPY' },
    occurredAt: '2019-07-03T10:15:00+09:00', recordedAt: '2019-07-03T01:15:01.000Z', previousHash: genesisHash,
  };

  it('writes v1 without metadata and v2 with hashVersion and metadata, and tells them apart', () => {
    expect(hashVersionOf(v1)).toBe(1);
    expect(canonicalEncoding(v1)).not.toContain('hashVersion');
    const v2 = { ...v1, metadata: { issuedBy: 'payments:checkout' } };
    expect(hashVersionOf(v2)).toBe(2);
    expect(canonicalEncoding(v2)).toContain('"hashVersion":2,"metadata":{"issuedBy":"payments:checkout"},');
    expect(eventHash({ ...v1, metadata: {} })).not.toBe(eventHash(v1));
    expect(eventHash(v2)).not.toBe(eventHash({ ...v2, metadata: { issuedBy: 'payments:other' } }));
  });

  it('gives the worked examples of docs/event-hash.md', () => {
    const doc = readFileSync(new URL('../../../docs/event-hash.md', import.meta.url), 'utf8');
    expect(doc).toContain(canonicalEncoding(v1));
    expect(doc).toContain(eventHash(v1));
    const v2 = { ...v1, revision: 1, type: 'DeviceRegistered', data: { deviceId: 'alice-phone' }, previousHash: eventHash(v1), metadata: { issuedBy: 'payments:checkout' } };
    expect(doc).toContain(canonicalEncoding(v2));
    expect(doc).toContain(eventHash(v2));
  });
});
