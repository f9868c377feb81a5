// The contract on event metadata (issuedBy): every store keeps it exactly, reads it back on every
// read path, gives an event appended without any the empty metadata, and covers it by the hash.
import { describe, expect, it } from 'vitest';
import { expectAny, expectNoStream } from '../../../domain/ports/event-store.ts';
import { ChainVerifier, hashVersionOf } from '../../../adapters/event-store/hash-chain.ts';
import { type ContractFixture, appended, newEvent, uniqueName } from './event-store-contract-support.ts';

export const describeMetadataContract = (fixture: ContractFixture): void => {
  describe('event metadata', () => {
    it('keeps issuedBy on append, readStream, readAll and subscriptions, hashed with template v2', async () => {
      const streamId = uniqueName('issued');
      const before = await fixture.store.headPosition();
      const written = appended(await fixture.store.append(streamId, [
        { ...newEvent('A', { n: 1 }), metadata: { issuedBy: 'payments:checkout' } },
        newEvent('B', { n: 2 }),
      ], expectNoStream));
      expect(written.map((event) => event.metadata)).toEqual([{ issuedBy: 'payments:checkout' }, {}]);
      expect(written.map(hashVersionOf)).toEqual([2, 2]);
      expect(await fixture.store.readStream(streamId)).toEqual(written);
      const all = await fixture.store.readAll({ after: before });
      expect(all.filter((event) => event.streamId === streamId)).toEqual(written);

      const verifier = new ChainVerifier(streamId);
      written.forEach((event) => verifier.accept(event));
      expect(verifier.result().verified).toBe(true);
      const forged = new ChainVerifier(streamId);
      written.forEach((event) => forged.accept(event.revision === 0 ? { ...event, metadata: { issuedBy: 'admin:mallory' } } : event));
      expect(forged.result()).toMatchObject({ verified: false, firstBrokenRevision: 0 });
      const stripped = new ChainVerifier(streamId);
      written.forEach((event) => stripped.accept(event.revision === 1 ? { ...event, metadata: undefined } : event));
      expect(stripped.result()).toMatchObject({ verified: false, firstBrokenRevision: 1 });
    });

    it('stores only the known metadata keys, so what is hashed is what is read back', async () => {
      const streamId = uniqueName('extra');
      const extra = { issuedBy: 'admin:ops', note: 'not a metadata key' };
      const [event] = appended(await fixture.store.append(streamId, [{ ...newEvent('A', {}), metadata: extra }], expectAny));
      expect(event?.metadata).toEqual({ issuedBy: 'admin:ops' });
      expect(await fixture.store.readStream(streamId)).toEqual([event]);
    });
  });
};
