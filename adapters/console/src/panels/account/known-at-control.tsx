// knownAt as a slider over the moments the ledger learnt something about this account (each
// event's recordedAt): moving it redraws the chart as the ledger knew the account then.
type KnownAtProps = Readonly<{ moments: ReadonlyArray<Readonly<{ recordedAt: string; label: string }>>; index: number; onChange: (index: number) => void }>;

export const KnownAtControl = ({ moments, index, onChange }: KnownAtProps) => {
  const moment = moments[index];
  const latest = index === moments.length - 1;
  const description = moment === undefined ? '' : `${moment.recordedAt}${latest ? ' (latest)' : ''}, after ${moment.label}`;
  return (
    <div class="known-at">
      <label for="known-at">Known at</label>
      <input
        id="known-at"
        type="range"
        min={0}
        max={Math.max(0, moments.length - 1)}
        step={1}
        value={index}
        aria-valuetext={description}
        onInput={(event) => onChange(Number(event.currentTarget.value))}
      />
      <output for="known-at" id="known-at-value">
        {description}
      </output>
    </div>
  );
};
