// What a benchmark module returns, and the checks the runner makes on it (modules are loaded by
// file name, so their exports are checked at run time rather than trusted).
export type BenchTarget = Readonly<{ of: 'value' | 'ratio'; atLeast?: number; atMost?: number }>;

export type BenchResult = Readonly<{
  label: string;
  value: number;
  unit: string;
  // What the value is compared with, measured in the same run.
  baseline?: Readonly<{ label: string; value: number }>;
  // value / baseline.value unless given.
  ratio?: number;
  // A structured target is checked by the runner; a bare number is only shown, and the module
  // then says itself whether it was met with `passed`.
  target?: BenchTarget | number;
  passed?: boolean;
  details?: Readonly<Record<string, unknown>>;
}>;

export type BenchModule = Readonly<{ name: string; description?: string; run: () => Promise<ReadonlyArray<unknown>> }>;

export type CheckedResult = BenchResult & Readonly<{ ratio?: number; met?: boolean }>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export const isBenchModule = (value: unknown): value is BenchModule =>
  isRecord(value) &&
  typeof value.name === 'string' &&
  typeof value.run === 'function' &&
  (value.description === undefined || typeof value.description === 'string');

const isTarget = (value: unknown): value is BenchTarget =>
  isRecord(value) && (value.of === 'value' || value.of === 'ratio') &&
  (value.atLeast === undefined || typeof value.atLeast === 'number') &&
  (value.atMost === undefined || typeof value.atMost === 'number');

const targetMet = (target: BenchTarget, value: number, ratio: number | undefined): boolean | undefined => {
  const measured = target.of === 'value' ? value : ratio;
  if (measured === undefined) return undefined;
  return (target.atLeast === undefined || measured >= target.atLeast) && (target.atMost === undefined || measured <= target.atMost);
};

// Accepts `name` for `label` as well (an earlier shape some modules use).
export const checkResult = (raw: unknown, benchName: string): CheckedResult => {
  if (!isRecord(raw)) throw new TypeError(`bench ${benchName}: a result must be an object`);
  const label = typeof raw.label === 'string' ? raw.label : raw.name;
  if (typeof label !== 'string' || typeof raw.value !== 'number' || typeof raw.unit !== 'string') {
    throw new TypeError(`bench ${benchName}: a result needs a label, a numeric value and a unit`);
  }
  const baseline = isRecord(raw.baseline) && typeof raw.baseline.label === 'string' && typeof raw.baseline.value === 'number'
    ? { label: raw.baseline.label, value: raw.baseline.value }
    : undefined;
  const ratio = typeof raw.ratio === 'number' ? raw.ratio : baseline === undefined ? undefined : raw.value / baseline.value;
  const target = isTarget(raw.target) || typeof raw.target === 'number' ? raw.target : undefined;
  const computed = isTarget(target) ? targetMet(target, raw.value, ratio) : undefined;
  const met = typeof raw.passed === 'boolean' ? raw.passed : computed;
  const details = isRecord(raw.details) ? raw.details : undefined;
  return { label, value: raw.value, unit: raw.unit, baseline, ratio, target, met, details };
};
