// Formats results for the terminal and keeps them in BENCHMARKS.md: each bench owns the text
// between its begin/end markers (rewritten on every run of that bench); anything outside the
// markers is kept as written, so notes can be added by hand.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import type { BenchTarget, CheckedResult } from './bench-result.ts';

export const machine = (): string => {
  const processors = cpus();
  const memoryGiB = (totalmem() / 2 ** 30).toFixed(1);
  return `${processors[0]?.model ?? 'unknown CPU'}, ${processors.length} cores, ${memoryGiB} GiB, ` +
    `${platform()} ${release()}, Node ${process.version}`;
};

const number = (value: number): string =>
  value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 2 });

const target = (value: BenchTarget | number | undefined): string => {
  if (value === undefined) return '';
  if (typeof value === 'number') return number(value);
  const what = value.of === 'ratio' ? 'ratio' : 'value';
  return [value.atLeast === undefined ? '' : `${what} >= ${number(value.atLeast)}`, value.atMost === undefined ? '' : `${what} <= ${number(value.atMost)}`]
    .filter((part) => part !== '').join(', ');
};

const columns = ['measure', 'value', 'baseline', 'ratio', 'target', 'met'] as const;

const cells = (result: CheckedResult): ReadonlyArray<string> => [
  result.label,
  `${number(result.value)} ${result.unit}`,
  result.baseline === undefined ? '' : `${number(result.baseline.value)} ${result.unit} (${result.baseline.label})`,
  result.ratio === undefined ? '' : `${result.ratio.toFixed(2)}x`,
  target(result.target),
  result.met === undefined ? '' : result.met ? 'yes' : 'NO',
];

export const terminalTable = (results: ReadonlyArray<CheckedResult>): string => {
  const rows = [columns, ...results.map(cells)];
  const widths = columns.map((_, index) => Math.max(...rows.map((row) => row[index]?.length ?? 0)));
  return rows.map((row) => row.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ').trimEnd()).join('\n');
};

const markdownTable = (results: ReadonlyArray<CheckedResult>): string =>
  [columns, columns.map(() => '---'), ...results.map(cells)]
    .map((row) => `| ${row.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`).join('\n');

export const detailText = (result: CheckedResult): string | undefined =>
  result.details === undefined
    ? undefined
    : Object.entries(result.details).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value, (_, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner))}`).join('; ');

const detailLines = (results: ReadonlyArray<CheckedResult>): ReadonlyArray<string> => {
  const lines = results.flatMap((result) => {
    const text = detailText(result);
    return text === undefined ? [] : [`- ${result.label}: ${text}`];
  });
  return lines.length === 0 ? [] : ['', ...lines];
};

export type BenchRun = Readonly<{ name: string; description?: string; results: ReadonlyArray<CheckedResult>; error?: string }>;

const section = (run: BenchRun, date: string): string => [
  `<!-- bench:${run.name}:begin (rewritten by npm run bench; write notes outside the markers) -->`,
  `## ${run.name}`,
  '',
  `Run ${date} on ${machine()}.`,
  '',
  run.error === undefined ? markdownTable(run.results) : `**Failed:** ${run.error}`,
  ...detailLines(run.results),
  ...(run.description === undefined ? [] : ['', run.description.trim()]),
  `<!-- bench:${run.name}:end -->`,
].join('\n');

const header = '# Benchmarks\n\nMeasured by `npm run bench` (one bench: `npm run bench -- <name>`), each run on the machine named with it.\n';

export const writeBenchmarksFile = (path: string, runs: ReadonlyArray<BenchRun>, date: string): void => {
  let text = existsSync(path) ? readFileSync(path, 'utf8') : header;
  for (const run of runs) {
    const begin = text.indexOf(`<!-- bench:${run.name}:begin`);
    const endMarker = `<!-- bench:${run.name}:end -->`;
    const end = text.indexOf(endMarker);
    const replacement = section(run, date);
    text = begin >= 0 && end > begin
      ? text.slice(0, begin) + replacement + text.slice(end + endMarker.length)
      : `${text.trimEnd()}\n\n${replacement}\n`;
  }
  writeFileSync(path, text);
};
