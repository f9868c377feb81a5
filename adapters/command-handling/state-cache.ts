// A bounded least-recently-used cache of folded account states, so a command reads only the
// events appended since it last saw the stream. Correctness does not depend on it: appends are
// checked against the expected revision, and a stale state only costs a retry.
import { type AccountState, initialState } from '../../domain/state.ts';

export const cachedStreamsMaxDefault = 10_000;

export class StateCache {
  private readonly states = new Map<string, AccountState>();

  constructor(private readonly cachedStreamsMax: number = cachedStreamsMaxDefault) {}

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
    this.states.delete(streamId);
    this.states.set(streamId, state);
    if (this.states.size > this.cachedStreamsMax) {
      const oldest = this.states.keys().next();
      if (oldest.done !== true) this.states.delete(oldest.value);
    }
  }
}
