// When the server wakes the read side's worker: at an append, but not again while the worker is
// known to be at work. A wake sent, further appends only mark that one was missed; the worker's
// next progress (it read the new events, or will on its next page: a subscription reads until a
// page comes back empty) releases the next wake. A wake that finds nothing to do brings no
// progress, so after `retryMs` a missed append may wake again. Under load this is one message per
// worker batch instead of one per turn of the server's event loop (a postMessage each).
export type WorkerWake = Readonly<{
  appended: () => void;
  progressed: () => void;
  stop: () => void;
}>;

export const wakeRetryMsDefault = 20;

export const createWorkerWake = (send: () => void, retryMs: number = wakeRetryMsDefault): WorkerWake => {
  let scheduled: NodeJS.Immediate | undefined;
  let outstanding: NodeJS.Timeout | undefined;
  let missed = false;

  const release = (): void => {
    outstanding = undefined;
    if (!missed) return;
    missed = false;
    request();
  };

  const fire = (): void => {
    scheduled = undefined;
    send();
    outstanding = setTimeout(release, retryMs);
  };

  // Appends of one turn share one wake, sent once the turn's work is done.
  function request(): void {
    if (outstanding !== undefined) {
      missed = true;
      return;
    }
    scheduled ??= setImmediate(fire);
  }

  return {
    appended: request,
    progressed: () => {
      if (outstanding === undefined) return;
      clearTimeout(outstanding);
      release();
    },
    stop: () => {
      if (scheduled !== undefined) clearImmediate(scheduled);
      clearTimeout(outstanding);
      scheduled = undefined;
      outstanding = undefined;
      missed = false;
    },
  };
};
