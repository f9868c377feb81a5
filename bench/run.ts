// `npm run bench [-- filter...]`: runs every bench/*.bench.ts module in turn (only those whose
// file or bench name contains one of the filters, when given), prints a table per bench and
// rewrites that bench's section of BENCHMARKS.md with the date and the machine.
//
// A bench module is a file bench/<name>.bench.ts that exports:
//   export const name: string                      // its section in BENCHMARKS.md
//   export const description?: string              // markdown under the table: say exactly what
//                                                  // each line measures and what it is compared with
//   export const run: () => Promise<BenchResult[]>  // BenchResult from bench/bench-result.ts:
//     { label, value, unit,
//       baseline?: { label, value },   // measured in the same run, same unit
//       ratio?,                         // defaults to value / baseline.value
//       target?: { of: 'value' | 'ratio', atLeast?, atMost? },   // checked by the runner
//       passed?, details? }
// A bench cleans up after itself (temp files under os.tmpdir()) and bounds its own size.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkResult, isBenchModule } from './bench-result.ts';
import { type BenchRun, detailText, machine, terminalTable, writeBenchmarksFile } from './bench-report.ts';

const benchDirectory = dirname(fileURLToPath(import.meta.url));
const benchmarksFile = join(benchDirectory, '..', 'BENCHMARKS.md');
const suffix = '.bench.ts';

const runOne = async (file: string, filters: ReadonlyArray<string>): Promise<BenchRun | undefined> => {
  const loaded: unknown = await import(pathToFileURL(join(benchDirectory, file)).href);
  if (!isBenchModule(loaded)) throw new TypeError(`${file} does not export name and run() (see bench/run.ts)`);
  const base = file.slice(0, -suffix.length);
  if (filters.length > 0 && !filters.some((filter) => base.includes(filter) || loaded.name.includes(filter))) return undefined;
  console.log(`\n== ${loaded.name} (${file})`);
  const description = loaded.description;
  try {
    const results = (await loaded.run()).map((raw) => checkResult(raw, loaded.name));
    console.log(terminalTable(results));
    for (const result of results) {
      const details = detailText(result);
      if (details !== undefined) console.log(`  ${result.label}: ${details}`);
    }
    return { name: loaded.name, description, results };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`bench ${loaded.name} failed: ${message}`);
    return { name: loaded.name, description, results: [], error: error instanceof Error ? error.message : String(error) };
  }
};

const main = async (): Promise<number> => {
  const filters = process.argv.slice(2);
  const files = readdirSync(benchDirectory).filter((file) => file.endsWith(suffix)).sort();
  console.log(`machine: ${machine()}`);
  const runs: BenchRun[] = [];
  for (const file of files) {
    const run = await runOne(file, filters);
    if (run !== undefined) runs.push(run);
  }
  if (runs.length === 0) {
    console.error(`no bench matches ${filters.join(', ')} (have: ${files.join(', ')})`);
    return 1;
  }
  writeBenchmarksFile(benchmarksFile, runs, new Date().toISOString());
  console.log(`\nwrote ${benchmarksFile}`);
  const failed = runs.filter((run) => run.error !== undefined || run.results.some((result) => result.met === false));
  return failed.length === 0 ? 0 : 1;
};

process.exitCode = await main();
