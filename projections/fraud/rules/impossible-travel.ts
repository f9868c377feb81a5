// Rule impossible-travel (see fraud-rules.ts): a customer cannot pay in Tokyo and log in from
// China half an hour later. Each account remembers its last located event for placeMemoryMs.
import { Map as ImmutableMap } from 'immutable';
import type { LedgerEvent } from '../../../domain/events.ts';
import type { AccountId } from '../../../domain/ids.ts';
import type { Instant } from '../../../domain/instant.ts';
import { makeAlert } from '../fraud-alert.ts';
import type { ImpossibleTravelRule } from '../fraud-rules.ts';
import { type Place, countryPlace, distanceKm, storePlace } from '../places.ts';
import { type Rule, unchanged } from './rule.ts';

type Located = Readonly<{ place: Place; occurredAt: Instant; atMs: number; position: bigint }>;
export type ImpossibleTravelState = ImmutableMap<AccountId, Located>;

const hourMs = 3_600_000;

const placeOf = (event: LedgerEvent): Place | undefined => {
  if (event.type === 'LoginRecorded') return event.data.outcome === 'succeeded' ? countryPlace(event.data.country) : undefined;
  if (event.type === 'WalletCharged') return storePlace(event.data.storeId);
  return undefined;
};

export const impossibleTravel: Rule<ImpossibleTravelRule, ImpossibleTravelState> = {
  name: 'impossible-travel',
  initial: () => ImmutableMap(),
  step: (config, state, event, context) => {
    const place = placeOf(event);
    if (place === undefined) return unchanged(state);
    const { accountId } = event.data;
    const here: Located = { place, occurredAt: context.occurredAt, atMs: context.atMs, position: context.position };
    const next = state.set(accountId, here);
    const previous = state.get(accountId);
    const elapsedMs = previous === undefined ? Number.POSITIVE_INFINITY : Math.abs(context.atMs - previous.atMs);
    if (previous === undefined || elapsedMs > config.placeMemoryMs) return unchanged(next);
    const kilometres = distanceKm(previous.place, place);
    // Zero elapsed time with a real distance is infinitely fast: the rule fires.
    const speedKmPerHour = elapsedMs === 0 ? Number.POSITIVE_INFINITY : kilometres / (elapsedMs / hourMs);
    if (kilometres < config.distanceKmMin || speedKmPerHour <= config.speedKmPerHourMax) return unchanged(next);
    const alert = makeAlert('impossible-travel', accountId, context.occurredAt, context.position, {
      from: { place: previous.place.label, occurredAt: previous.occurredAt, position: previous.position.toString() },
      to: { place: place.label, occurredAt: context.occurredAt, position: context.position.toString() },
      distanceKm: Math.round(kilometres),
      elapsedMinutes: Math.round(elapsedMs / 60_000),
      speedKmPerHour: Number.isFinite(speedKmPerHour) ? Math.round(speedKmPerHour) : 'infinite',
    });
    return { state: next, alerts: [alert] };
  },
  sweep: (config, state, watermarkMs) => state.filter((located) => watermarkMs - located.atMs <= config.placeMemoryMs),
};
