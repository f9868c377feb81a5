// A small seeded generator (mulberry32) for the reliability tests: the same seed gives the same
// choices, so a failing run can be replayed. fast-check is used where shrinking helps; this is for
// load generators and kill moments, where it does not.
export type Random = Readonly<{
  next: () => number;
  integer: (min: number, max: number) => number;
  pick: <T>(values: ReadonlyArray<T>) => T;
}>;

export const seededRandom = (seed: number): Random => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const integer = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(values: ReadonlyArray<T>): T => {
    const value = values[integer(0, values.length - 1)];
    if (value === undefined) throw new RangeError('pick: no values');
    return value;
  };
  return { next, integer, pick };
};
