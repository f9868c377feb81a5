// A work queue with at most `concurrencyMax` tasks in flight: submit waits while it is full (so a
// producer reading the store slows down instead of piling up work), drain waits for the rest. The
// first failure is kept, refuses further work, and is rethrown by submit and drain.
export type WorkQueue = Readonly<{ submit: (work: () => Promise<void>) => Promise<void>; drain: () => Promise<void> }>;

export const createWorkQueue = (concurrencyMax: number): WorkQueue => {
  if (!Number.isSafeInteger(concurrencyMax) || concurrencyMax < 1) throw new RangeError('concurrencyMax must be a positive integer');
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const rethrow = (): void => {
    if (failure !== undefined) throw failure.error;
  };
  return {
    submit: async (work) => {
      while (inFlight.size >= concurrencyMax) await Promise.race(inFlight);
      rethrow();
      const task: Promise<void> = work()
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    },
    drain: async () => {
      while (inFlight.size > 0) await Promise.all(inFlight);
      rethrow();
    },
  };
};
