// Transaction time: the store stamps recordedAt at append, never decreasing even if the wall
// clock steps back (NTP), so "known at" queries see a consistent history.
export type Clock = Readonly<{ now: () => Date }>;

export const systemClock: Clock = { now: () => new Date() };

export const monotonicRecordedAt = (clock: Clock, lastRecordedAt?: string): (() => string) => {
  let last = lastRecordedAt === undefined ? Number.NEGATIVE_INFINITY : Date.parse(lastRecordedAt);
  return () => {
    last = Math.max(last, clock.now().getTime());
    return new Date(last).toISOString();
  };
};
