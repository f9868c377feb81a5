// Runs a process's pass every intervalMs until stopped: a pass never overlaps the next (the next
// is scheduled when one ends), a failed pass is reported and the next one still runs, and stop()
// waits for the pass under way. Shared by the processes that poll a read model (hold expiry,
// auto-freeze).
export type PeriodicPasses = Readonly<{ stop: () => Promise<void> }>;

export const startPeriodicPasses = (
  pass: () => Promise<unknown>,
  options: Readonly<{ intervalMs: number; firstDelayMs: number; onError: (error: unknown) => void }>,
): PeriodicPasses => {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    running = pass().catch(options.onError).finally(() => {
      if (!stopped) timer = setTimeout(tick, options.intervalMs);
    });
  };
  timer = setTimeout(tick, options.firstDelayMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
};
