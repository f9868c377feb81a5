// How the server wakes the read side's worker at appends: a counter in shared memory that the
// server bumps (an atomic add: no message, no lock, no system call) and the worker looks at every
// few milliseconds. A postMessage per wake was measured at several milliseconds of the server's
// event loop each on the shared 2-core machine (the port's lock and the cross-thread signal wait
// for a descheduled thread): 5% of the loop at 30 wakes a second. The worker's look is one
// atomic load per interval; its subscriptions still poll the store on their own as before.
export const wakeCheckIntervalMsDefault = 5;

export type WakeCounter = Readonly<{ buffer: SharedArrayBuffer; bump: () => void }>;

export const createWakeCounter = (): WakeCounter => {
  const buffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const counter = new Int32Array(buffer);
  return { buffer, bump: () => void Atomics.add(counter, 0, 1) };
};

// Calls onWake once per interval in which the counter moved (however many bumps); returns stop.
export const watchWakeCounter = (
  buffer: SharedArrayBuffer, onWake: () => void, intervalMs: number = wakeCheckIntervalMsDefault,
): (() => void) => {
  const counter = new Int32Array(buffer);
  let seen = Atomics.load(counter, 0);
  const timer = setInterval(() => {
    const current = Atomics.load(counter, 0);
    if (current === seen) return;
    seen = current;
    onWake();
  }, intervalMs);
  // The worker lives as long as its runner: the watch alone must not keep it alive.
  timer.unref();
  return () => clearInterval(timer);
};
