// A decider as one value: what the one stream command handler (adapters/command-handling/) needs
// to handle a stream's commands: read, fold with evolve, decide, append, retry.
import type { Either } from 'fp-ts/lib/Either.js';

export type Decider<C, E, S, R> = Readonly<{
  decide: (command: C, state: S) => Either<R, ReadonlyArray<E>>;
  evolve: (state: S, event: E) => S;
  initialState: () => S;
  streamIdOf: (command: C) => string;
}>;
