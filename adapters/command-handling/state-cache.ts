// A bounded least-recently-used cache of folded account states, so a command reads only the
// events appended since it last saw the stream. Correctness does not depend on it: appends are
// checked against the expected revision, and a stale state only costs a retry.
//
// Bounded twice: by accounts, and by the events the cached states hold (a state keeps a few
// hundred bytes per charge, top-up and login for idempotency), so 10,000 long accounts cannot
// take gigabytes. The most recently used state is always kept, whatever its size: one giant
// account in use is served from the cache; several in turn replay from the store.
import { type AccountState, initialState } from '../../domain/state.ts';

export const cachedStreamsMaxDefault = 10_000;
export const cachedEventsMaxDefault = 250_000;

export type StateCacheLimits = Readonly<{ streamsMax?: number; eventsMax?: number }>;

export class StateCache {
  private readonly states = new Map<string, AccountState>();
  private events = 0;
  private readonly streamsMax: number;
  private readonly eventsMax: number;

  constructor(limits: StateCacheLimits = {}) {
    this.streamsMax = limits.streamsMax ?? cachedStreamsMaxDefault;
    this.eventsMax = limits.eventsMax ?? cachedEventsMaxDefault;
  }

  get(streamId: string): AccountState {
    const state = this.states.get(streamId);
    if (state === undefined) return initialState();
    // Re-insert to mark as most recently used (Map keeps insertion order).
    this.states.delete(streamId);
    this.states.set(streamId, state);
    return state;
  }

  set(streamId: string, state: AccountState): void {
    const cached = this.states.get(streamId);
    // Concurrent commands may finish out of order: never replace a newer state by an older one.
    if (cached !== undefined && cached.version > state.version) return;
    this.forget(streamId);
    this.states.set(streamId, state);
    this.events += state.version;
    while (this.states.size > 1 && (this.states.size > this.streamsMax || this.events > this.eventsMax)) {
      const oldest = this.states.keys().next();
      if (oldest.done === true) break;
      this.forget(oldest.value);
    }
  }

  get size(): Readonly<{ streams: number; events: number }> {
    return { streams: this.states.size, events: this.events };
  }

  private forget(streamId: string): void {
    const state = this.states.get(streamId);
    if (state === undefined) return;
    this.events -= state.version;
    this.states.delete(streamId);
  }
}
