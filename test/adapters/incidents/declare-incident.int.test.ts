// The incident declaration: the first run records it; a re-run with the same selection resumes
// with the declared reversal time (even without occurredAt); another selection or another
// explicit occurredAt under the same id is an idempotency conflict; racing runs agree.
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareIncident, readDeclaration } from '../../../adapters/incidents/declare-incident.ts';
import { literal } from '../../../adapters/incidents/scenario-ids.ts';
import { CountryCode, IncidentId, Text } from '../../../domain/ids.ts';
import { InstantCodec } from '../../../domain/instant.ts';
import type { IncidentRequest } from '../../../domain/incidents/incident-request.ts';
import { type OpenedStore, storeKinds } from '../../scenarios/scenario-stores.ts';

const request: IncidentRequest = {
  incidentId: literal(IncidentId, 'incident-7pay'),
  description: literal(Text, 'takeover from abroad'),
  window: { from: literal(InstantCodec, '2019-07-01T00:00:00+09:00'), to: literal(InstantCodec, '2019-07-04T00:00:00+09:00') },
  criteria: { devicesRegisteredInWindow: true, countries: [literal(CountryCode, 'CN'), literal(CountryCode, 'HK')] },
};
const clockAt = (iso: string) => ({ now: () => new Date(iso) });

describe.each(storeKinds)('incident declaration (%s store)', (_kind, open) => {
  let opened: OpenedStore;
  beforeEach(() => {
    opened = open();
  });
  afterEach(() => opened.dispose());

  it('records the reversal time once and resumes with it', async () => {
    const first = await declareIncident(opened.store, request, clockAt('2019-07-05T00:00:00Z'));
    const [declaration] = await opened.store.readStream('incident-incident-7pay');
    expect(first).toEqual({ _tag: 'Right', right: { reversalsOccurredAt: '2019-07-05T00:00:00.000Z', knownBefore: declaration?.position } });
    // Later, another clock, the countries in another order: the same incident.
    const again = await declareIncident(opened.store, { ...request, criteria: { ...request.criteria, countries: [literal(CountryCode, 'HK'), literal(CountryCode, 'CN')] } }, clockAt('2019-07-09T00:00:00Z'));
    expect(again).toEqual(first);
    const explicit = await declareIncident(opened.store, { ...request, occurredAt: literal(InstantCodec, '2019-07-05T09:00:00+09:00') }, clockAt('2019-07-09T00:00:00Z'));
    expect(explicit).toEqual(first);
    expect((await readDeclaration(opened.store, request.incidentId))?.description).toBe('takeover from abroad');
    // devicesRegisteredInWindow: false selects what absent selects: the same incident (contract).
    const falseCriterion = await declareIncident(opened.store, { ...request, criteria: { ...request.criteria, devicesRegisteredInWindow: false } });
    expect(isLeft(falseCriterion) && falseCriterion.left.code).toBe('idempotency_conflict');
    const other = { ...request, incidentId: literal(IncidentId, 'incident-b'), criteria: { countries: request.criteria.countries ?? [] } };
    const absent = await declareIncident(opened.store, other);
    expect(await declareIncident(opened.store, { ...other, criteria: { ...other.criteria, devicesRegisteredInWindow: false } })).toEqual(absent);
  });

  it('refuses the same id for another selection or another explicit reversal time', async () => {
    expect(isRight(await declareIncident(opened.store, request, clockAt('2019-07-05T00:00:00Z')))).toBe(true);
    const otherWindow = await declareIncident(opened.store, { ...request, window: { ...request.window, to: literal(InstantCodec, '2019-07-05T00:00:00+09:00') } });
    expect(isLeft(otherWindow) && otherWindow.left.code).toBe('idempotency_conflict');
    const otherTime = await declareIncident(opened.store, { ...request, occurredAt: literal(InstantCodec, '2019-07-06T00:00:00Z') });
    expect(isLeft(otherTime) && otherTime.left.code).toBe('idempotency_conflict');
  });

  it('lets racing first runs agree on one declaration', async () => {
    const answers = await Promise.all(
      ['2019-07-05T00:00:00Z', '2019-07-05T00:00:01Z', '2019-07-05T00:00:02Z'].map((iso) => declareIncident(opened.store, request, clockAt(iso))),
    );
    expect(new Set(answers.map((answer) => (isRight(answer) ? `${answer.right.reversalsOccurredAt}@${answer.right.knownBefore}` : 'refused'))).size).toBe(1);
    expect(await opened.store.readStream('incident-incident-7pay')).toHaveLength(1);
  });
});
