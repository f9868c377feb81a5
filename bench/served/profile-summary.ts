// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self and inclusive time per function over a
// window of the profile (seconds from its start), plus the thread's busy milliseconds in each
// second, so the window can be set on the load and not on the start-up.
// `node --import tsx bench/served/profile-summary.ts <file> [top] [fromSeconds] [toSeconds]`
import { readFileSync } from 'node:fs';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

const CpuProfile = t.type({
  nodes: t.array(t.intersection([
    t.type({ id: t.number, callFrame: t.type({ functionName: t.string, url: t.string, lineNumber: t.number }) }),
    t.partial({ children: t.array(t.number) }),
  ])),
  samples: t.array(t.number),
  timeDeltas: t.array(t.number),
});
type CpuProfile = t.TypeOf<typeof CpuProfile>;
type ProfileNode = CpuProfile['nodes'][number];

export type Summary = Readonly<{ totalMs: number; busyMsPerSecond: ReadonlyArray<number>; self: Map<string, number>; inclusive: Map<string, number> }>;

const frameName = (node: ProfileNode): string =>
  `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\//, '')}:${node.callFrame.lineNumber + 1}`;

export const summarise = (profile: CpuProfile, fromSeconds: number, toSeconds: number): Summary => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const idle = profile.nodes.find((node) => node.callFrame.functionName === '(idle)')?.id;
  const timeById = new Map<number, number>();
  const busy: number[] = [];
  let atMicroseconds = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    atMicroseconds += delta;
    const second = Math.floor(atMicroseconds / 1e6);
    if (id !== idle) busy[second] = (busy[second] ?? 0) + delta / 1000;
    if (atMicroseconds / 1e6 >= fromSeconds && atMicroseconds / 1e6 < toSeconds) timeById.set(id, (timeById.get(id) ?? 0) + delta / 1000);
  });
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, ms] of timeById) {
    const leaf = byId.get(id);
    if (leaf !== undefined) self.set(frameName(leaf), (self.get(frameName(leaf)) ?? 0) + ms);
    // A recursive function counts once per sample in its inclusive time.
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const node = byId.get(current);
      if (node === undefined) break;
      const name = frameName(node);
      if (!seen.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
      seen.add(name);
    }
  }
  const totalMs = [...timeById.values()].reduce((sum, ms) => sum + ms, 0);
  return { totalMs, busyMsPerSecond: Array.from(busy, (ms) => Math.round(ms ?? 0)), self, inclusive };
};

const table = (title: string, times: Map<string, number>, totalMs: number, top: number): string =>
  [`== ${title} (of ${Math.round(totalMs)} ms)`, ...[...times].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([name, ms]) => `${((100 * ms) / totalMs).toFixed(1).padStart(5)}%  ${name}`)].join('\n');

if (process.argv[1]?.endsWith('profile-summary.ts') === true) {
  const [file, top = '40', from = '0', to = '1e9'] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top] [fromSeconds] [toSeconds]');
  const decoded = CpuProfile.decode(JSON.parse(readFileSync(file, 'utf8')));
  if (isLeft(decoded)) throw new Error(`${file}: not a V8 cpu profile`);
  const summary = summarise(decoded.right, Number(from), Number(to));
  console.log(`busy ms in each second: ${summary.busyMsPerSecond.join(' ')}`);
  console.log(table('self', summary.self, summary.totalMs, Number(top)));
  console.log(table('inclusive', summary.inclusive, summary.totalMs, Number(top)));
}
