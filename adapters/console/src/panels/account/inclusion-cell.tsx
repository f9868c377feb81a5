// One event's inclusion in the latest checkpoint, checked on demand against the pinned key.
import { useState } from 'preact/hooks';
import type { LedgerEvent } from '../../api/wire.ts';
import { checkInclusion, type InclusionResult } from '../../verify/inclusion-check.ts';
import type { VerifierKey } from '../../verify/verifier-key.ts';

const resultText = (result: InclusionResult): string => {
  switch (result.kind) {
    case 'included':
      return `included (checkpoint of ${result.treeSize})`;
    case 'not_yet_checkpointed':
      return `not yet in the latest checkpoint (${result.treeSize} events)`;
    case 'unavailable':
      return 'not available on this server';
    case 'invalid':
      return `NOT VERIFIED: ${result.reason}`;
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
};

export const InclusionCell = ({ event, pinned }: Readonly<{ event: LedgerEvent; pinned: VerifierKey | undefined }>) => {
  const [result, setResult] = useState<InclusionResult | 'checking' | undefined>(undefined);
  const logIndex = event.logIndex;
  if (logIndex === undefined) return <span>—</span>;
  if (pinned === undefined) return <span>pin a verifier key first</span>;
  if (result === 'checking') return <span role="status">checking…</span>;
  if (result !== undefined) return <span role="status" class={result.kind === 'invalid' ? 'warning' : ''}>{resultText(result)}</span>;
  return (
    <button type="button" onClick={async () => {
      setResult('checking');
      setResult(await checkInclusion({ logIndex, hash: event.hash }, pinned));
    }}>
      Verify #{logIndex}
    </button>
  );
};
