// A snapshot of the fraud detector: its whole state (checkpoint included) as JSON, with the
// version of the state's shape and a fingerprint of the rule set it was built under. A snapshot
// is only an optimisation: restoring one that does not fit throws, and the caller then starts the
// detector from zero, which is always correct.
import canonicalize from 'canonicalize';
import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { DetectorStateCodec } from './detector-state-codec.ts';
import type { DetectorState } from './fraud-detector.ts';
import type { FraudRules } from './fraud-rules.ts';

// Bump whenever DetectorState, a rule's state, or what a rule does with it changes meaning.
export const detectorSnapshotVersion = 1;

// Far above any real state (a few MiB at 10,000,000 events), far below V8's string limit.
export const snapshotCharsMax = 256 * 1024 * 1024;

export type DetectorSnapshot = Readonly<{ version: number; rules: string; checkpoint: bigint; state: string }>;

// The rule set as canonical JSON: equal thresholds give an equal text, whatever the key order.
export const rulesFingerprint = (rules: FraudRules): string => {
  const text = canonicalize(rules);
  if (text === undefined) throw new Error('fraud detector snapshot: the rule set has no JSON form');
  return text;
};

export const encodeDetectorState = (state: DetectorState): string => JSON.stringify(DetectorStateCodec.encode(state));

// Where each failure is (e.g. velocity.3.1.charges.0.amount) and what was expected there.
const describeErrors = (errors: t.Errors): string =>
  errors.slice(0, 3).map((error) => {
    const path = error.context.map((entry) => entry.key).filter((key) => key !== '').join('.');
    return `${path === '' ? '(root)' : path}: ${error.message ?? `not a ${error.context.at(-1)?.type.name ?? 'value'}`}`;
  }).join('; ');

export const decodeDetectorState = (text: string): DetectorState => {
  if (text.length > snapshotCharsMax) throw new Error(`fraud detector snapshot: state is longer than ${snapshotCharsMax} characters`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`fraud detector snapshot: state is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const decoded = DetectorStateCodec.decode(json);
  if (isLeft(decoded)) {
    throw new Error(`fraud detector snapshot: state does not decode: ${describeErrors(decoded.left)}`);
  }
  return decoded.right;
};

export const snapshotOf = (state: DetectorState, rules: FraudRules): DetectorSnapshot => ({
  version: detectorSnapshotVersion,
  rules: rulesFingerprint(rules),
  checkpoint: state.checkpoint,
  state: encodeDetectorState(state),
});

// The state a snapshot holds, if it was made by this version under these rules; throws otherwise.
export const restoreSnapshot = (snapshot: DetectorSnapshot, rules: FraudRules): DetectorState => {
  if (snapshot.version !== detectorSnapshotVersion) {
    throw new Error(`fraud detector snapshot: version ${snapshot.version}, this detector reads version ${detectorSnapshotVersion}`);
  }
  if (snapshot.rules !== rulesFingerprint(rules)) throw new Error('fraud detector snapshot: made under other rules or thresholds');
  const state = decodeDetectorState(snapshot.state);
  if (state.checkpoint !== snapshot.checkpoint) {
    throw new Error(`fraud detector snapshot: checkpoint column ${snapshot.checkpoint} differs from the state's ${state.checkpoint}`);
  }
  return state;
};
