// The lines of a bundle, asked of a running ledger (--url): its latest checkpoint (unless the
// auditor gives one), the consistency proof from the auditor's earlier checkpoint, an account's
// events and one inclusion proof per event, filed into a node table by the ranges they stand for.
// Nothing here is trusted: the bundle verifier checks all of it.
import { accountStreamId } from '../../domain/events.ts';
import type { AccountId } from '../../domain/ids.ts';
import { inclusionProofRanges } from '../verifiable-log/multiproof.ts';
import { failed } from './cli-failure.ts';

export type Remote = Readonly<{ url: string; apiKey: string; timeoutMs: number }>;
const answerLengthMax = 16 * 1024 * 1024;

const get = async (remote: Remote, path: string): Promise<string> => {
  const response = await fetch(new URL(path, remote.url), {
    headers: { authorization: `Bearer ${remote.apiKey}` },
    signal: AbortSignal.timeout(remote.timeoutMs),
  }).catch((error: unknown) => {
    throw failed(`cannot reach ${remote.url}: ${error instanceof Error ? error.message : String(error)}`);
  });
  const text = await response.text();
  if (text.length > answerLengthMax) throw failed(`${path}: the answer is larger than ${answerLengthMax} characters`);
  if (!response.ok) throw failed(`${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
  return text;
};

const json = (text: string, path: string): Record<string, unknown> => {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw failed(`${path}: not a JSON object`);
  return Object.fromEntries(Object.entries(value));
};

export const remoteCheckpoint = (remote: Remote): Promise<string> => get(remote, '/v1/log/checkpoint');

export type ConsistencyAnswer = Readonly<{ kind: 'consistency'; from: number; hashes: unknown }>;

export const remoteConsistency = async (remote: Remote, from: number, to: number): Promise<ConsistencyAnswer> => {
  const path = `/v1/log/proofs/consistency?from=${from}&to=${to}`;
  return { kind: 'consistency', from, hashes: json(await get(remote, path), path).hashes };
};

// The events API shows a v2 event's metadata as `issuedBy` beside `hashVersion`; the hash covers
// the metadata object (docs/event-hash.md), so the verifier gets it back in its stored shape. A v1
// event has neither. The metadata holds issuedBy alone (its codec refuses any other key).
const storedShape = (item: Record<string, unknown>): Record<string, unknown> => {
  const { issuedBy, hashVersion, ...event } = item;
  if (hashVersion !== 2) return event;
  return { ...event, metadata: typeof issuedBy === 'string' ? { issuedBy } : {} };
};

// Yields bundle lines (as parsed values) for the account's events below treeSize.
export async function* remoteAccountLines(remote: Remote, accountId: AccountId, treeSize: number, onEvent: () => void): AsyncGenerator<unknown> {
  const streamId = accountStreamId(accountId);
  let after: string | null = '0';
  let events = 0;
  while (after !== null) {
    const path: string = `/v1/accounts/${encodeURIComponent(accountId)}/events?after=${after}&limit=1000`;
    const page = json(await get(remote, path), path);
    const items = Array.isArray(page.events) ? page.events : [];
    after = typeof page.next === 'string' ? page.next : null;
    for (const item of items) {
      const event = json(JSON.stringify(item), path);
      const logIndex = event.logIndex;
      if (typeof logIndex !== 'number' || logIndex >= treeSize) {
        after = null;
        break;
      }
      yield { ...storedShape(event), kind: 'event', streamId };
      const proofPath = `/v1/log/proofs/inclusion?logIndex=${logIndex}&treeSize=${treeSize}`;
      const hashes = json(await get(remote, proofPath), proofPath).hashes;
      const ranges = inclusionProofRanges(logIndex, treeSize);
      if (Array.isArray(hashes) && hashes.length === ranges.length) {
        yield { kind: 'nodes', nodes: ranges.map((range, at) => [range.start, range.end, hashes[at]]) };
      }
      events += 1;
      onEvent();
    }
  }
  yield { kind: 'end', scope: 'account', events };
}
