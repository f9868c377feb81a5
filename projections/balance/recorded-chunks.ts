// Dominance sums for a PAST knownAt: every point with occurredMs <= asOf and recordedMs <= knownAt.
//
// Points are numbered per account in arrival order (seq) and grouped into chunks of C consecutive
// seqs. Arrival order is recording order, so a chunk covers a narrow recordedAt range, and a late
// arrival in valid time simply lands in the current chunk: nothing written earlier is rewritten.
// When a chunk fills up it is sealed once: its points sorted by occurredAt with running sums (one
// row per distinct millisecond) and its recordedAt range [min, max].
// A query visits every sealed chunk: skipped when min > knownAt, one index seek into its running
// sums when max <= knownAt, a scan of its C points otherwise (only chunks straddling knownAt: one
// when the store stamps recordedAt in append order, as every store here does), then scans the
// open chunk. Cost: n/C seeks + O(C) scanned points; n = 1,000,000, C = 1,024: ~1,000 seeks.
// Correct for any recordedAt order; only the speed relies on recordedAt following arrival.
// Pure algorithm over a storage port; memory and SQLite supply the storage.
import { type Point, type Sums, addSums, noSums, sumsOf } from './balance-points.ts';

export type ChunkRange = Readonly<{ chunk: number; minRecordedMs: number; maxRecordedMs: number }>;
export type RunningSums = Readonly<{ occurredMs: number; sums: Sums }>;

export interface ChunkStorage {
  // The account's points with fromSeq <= seq < toSeq, in seq order.
  pointsInSeqRange(fromSeq: number, toSeq: number): ReadonlyArray<Point>;
  sealedChunks(): ReadonlyArray<ChunkRange>;
  // The running sums of a sealed chunk at the last millisecond <= asOfMs.
  runningSumsAt(chunk: number, asOfMs: number): Sums | undefined;
  sealChunk(range: ChunkRange, running: ReadonlyArray<RunningSums>): void;
}

// Call after storing the point that made pointCount points.
export const sealIfFull = (storage: ChunkStorage, pointCount: number, chunkPointsMax: number): void => {
  if (pointCount % chunkPointsMax !== 0) return;
  const chunk = pointCount / chunkPointsMax - 1;
  const points = storage.pointsInSeqRange(chunk * chunkPointsMax, pointCount);
  const sorted = [...points].sort((a, b) => a.occurredMs - b.occurredMs);
  const running: RunningSums[] = [];
  let sums = noSums;
  for (const point of sorted) {
    sums = addSums(sums, sumsOf(point));
    if (running.at(-1)?.occurredMs === point.occurredMs) running.pop();
    running.push({ occurredMs: point.occurredMs, sums });
  }
  const recorded = points.map((point) => point.recordedMs);
  storage.sealChunk({ chunk, minRecordedMs: Math.min(...recorded), maxRecordedMs: Math.max(...recorded) }, running);
};

const scan = (points: ReadonlyArray<Point>, asOfMs: number, knownAtMs: number): Sums => {
  let sums = noSums;
  for (const point of points) {
    if (point.occurredMs <= asOfMs && point.recordedMs <= knownAtMs) sums = addSums(sums, sumsOf(point));
  }
  return sums;
};

export const chunkedPrefix = (
  storage: ChunkStorage, pointCount: number, asOfMs: number, knownAtMs: number, chunkPointsMax: number,
): Sums => {
  let sums = noSums;
  const sealed = storage.sealedChunks();
  for (const range of sealed) {
    if (range.minRecordedMs > knownAtMs) continue;
    const from = range.chunk * chunkPointsMax;
    sums = addSums(
      sums,
      range.maxRecordedMs <= knownAtMs
        ? (storage.runningSumsAt(range.chunk, asOfMs) ?? noSums)
        : scan(storage.pointsInSeqRange(from, from + chunkPointsMax), asOfMs, knownAtMs),
    );
  }
  return addSums(sums, scan(storage.pointsInSeqRange(sealed.length * chunkPointsMax, pointCount), asOfMs, knownAtMs));
};
