// A promise resolved from outside: a handler that is "stuck" until the test lets it go.
export type Deferred = Readonly<{ promise: Promise<void>; resolve: () => void }>;

export const deferred = (): Deferred => {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
};

// Lets every pending timer-free task run: a few turns of the event loop.
export const turns = async (count: number): Promise<void> => {
  for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
};
