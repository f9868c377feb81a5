// C2SP tlog-cosignature v1: a real cosigned checkpoint (arche2025h1.staging.ct.transparency.dev,
// cosigned by the witness remora.n621.de; copied from the tests of a public Python checkpoint
// library) verifies under the witness's published key, and our own cosignatures round-trip.
import { describe, expect, it } from 'vitest';
import { cosignatureCount, cosignatureLine, cosignedBy } from '../../../adapters/verifiable-log/cosignature.ts';
import { cosignatureV1Type, parseSignedNote, parseVerifierKey, verifierOf } from '../../../adapters/verifiable-log/signed-note.ts';
import { generateSigningKey } from '../../../adapters/verifiable-log/signing-key.ts';

const published = `arche2025h1.staging.ct.transparency.dev
1432088532
U7WM79jrzyhGZ5/GUBTpM7NzwdyfFx61t3RovgcC4Ro=

— arche2025h1.staging.ct.transparency.dev zTM8sQAAAZ5W0WdjBAMARjBEAiBjW5IQf9pvsYLfQFX6hoGREPMHbdQ3urbllzalApkptQIgIpwtEroeW2BXaHAI4kJXFbon5Ch9MNL5zRNZ55lvGt0=
— arche2025h1.staging.ct.transparency.dev ui8GwCF1+kWqZrxGdhj4aX3gcw7XUlXQQabg/27lefwhUkzbC3NygNI75MdhL1bfTW9g8Ei59RA23oHP7Ry1k3ZFWwQ=
— remora.n621.de 2net5wAAAABqEiEgPlfF3V06o0Y+fHM+J5J9s27wgxxcOVSpZ/2g/KSiXCg9DEZI+aVCIobWX9sXTynk5XeU/zZ0WBxtqB0DrAWfBw==
`;
const remora = 'remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2';

describe('cosignatures', () => {
  it('verify a published cosignature, and not on a changed checkpoint', () => {
    const witness = parseVerifierKey(remora);
    const note = parseSignedNote(published);
    expect(witness?.type).toBe(cosignatureV1Type);
    expect(witness !== undefined && note !== undefined && cosignedBy(note, witness)).toBe(true);
    const changed = parseSignedNote(published.replace('1432088532', '1432088533'));
    expect(witness !== undefined && changed !== undefined && cosignedBy(changed, witness)).toBe(false);
  });

  it('round-trip, and count distinct witnesses toward a quorum', () => {
    const text = 'ledger.example/test\n4\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n';
    const keys = [generateSigningKey(), generateSigningKey(), generateSigningKey()];
    const lines = keys.slice(0, 2).map((key, at) => cosignatureLine(text, `w${at}`, key.privateKey, key.publicKey, 1_700_000_000n));
    const note = parseSignedNote(`${text}\n— log AAAAAAAA\n${lines.join('')}`);
    const witnesses = keys.map((key, at) => verifierOf(`w${at}`, key.publicKey, cosignatureV1Type));
    expect(note === undefined ? -1 : cosignatureCount(note, witnesses)).toBe(2);
    expect(note === undefined ? -1 : cosignatureCount(note, [...witnesses, ...witnesses])).toBe(2);
  });
});
