// Progress for long-running commands: a bar with rate and ETA on stderr when stderr is a terminal,
// nothing at all when it is piped or redirected (scripts and logs stay clean). Redraws are
// throttled by cli-progress itself (fps), so callers may update on every item.
import cliProgress from 'cli-progress';

export type Progress = Readonly<{
  start: (total: number, label: string, unit: string) => void;
  // note: a short text shown after the ETA (e.g. a second count).
  update: (value: number, total?: number, note?: string) => void;
  stop: () => void;
}>;

const quiet: Progress = { start: () => undefined, update: () => undefined, stop: () => undefined };

const redrawsPerSecondMax = 10;

export const progressOnTerminal = (stream: NodeJS.WriteStream = process.stderr): Progress => {
  if (stream.isTTY !== true) return quiet;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{label} [{bar}] {percentage}% | {value}/{total} {unit} | {rate} {unit}/s | ETA {eta_formatted}{note}',
      fps: redrawsPerSecondMax,
      etaBuffer: 50,
      hideCursor: true,
      clearOnComplete: true,
      noTTYOutput: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let startedMs = 0;
  let active = false;
  const rate = (value: number): string => {
    const seconds = (Date.now() - startedMs) / 1000;
    return seconds <= 0 ? '0' : String(Math.round(value / seconds));
  };
  return {
    start: (total, label, unit) => {
      if (active) bar.stop();
      startedMs = Date.now();
      active = true;
      bar.start(Math.max(total, 1), 0, { label, unit, rate: '0', note: '' });
    },
    update: (value, total, note) => {
      if (!active) return;
      if (total !== undefined) bar.setTotal(Math.max(total, 1));
      bar.update(value, { rate: rate(value), note: note === undefined ? '' : ` | ${note}` });
    },
    stop: () => {
      if (active) bar.stop();
      active = false;
    },
  };
};
