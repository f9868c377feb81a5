// Pinning the log's verifier key, trust on first use done by a person: the key to pin is pasted
// (as the operator printed it at start) or taken from the server, and pinned only after its
// fingerprint is shown and the user confirms. Checks use the pinned key only; a server that later
// serves another key is reported, never silently followed.
import { useEffect, useState } from 'preact/hooks';
import type { Answer } from '../api/answer.ts';
import { callJson } from '../api/client.ts';
import { LogKey } from '../api/wire.ts';
import { NotOk } from '../ui/notices.tsx';
import { pinVerifierKey, unpinVerifierKey } from '../verify/pinned-key.ts';
import { fingerprintOf, parseVerifierKey, sameKey, type VerifierKey } from '../verify/verifier-key.ts';

type Candidate = Readonly<{ key: VerifierKey; fingerprint: string }> | 'invalid' | undefined;

type SectionProps = Readonly<{ pinned: VerifierKey | undefined; onPinned: (key: VerifierKey | undefined) => void }>;

export const VerifierKeySection = ({ pinned, onPinned }: SectionProps) => {
  const [served, setServed] = useState<Answer<VerifierKey | undefined> | undefined>(undefined);
  const [pinnedFingerprint, setPinnedFingerprint] = useState('');
  const [text, setText] = useState('');
  const [candidate, setCandidate] = useState<Candidate>(undefined);
  useEffect(() => {
    void callJson(LogKey, '/v1/log/key', { feature: 'GET /v1/log/key' }).then(async (answer) =>
      setServed(answer.kind === 'ok' ? { ...answer, value: await parseVerifierKey(answer.value.verifierKey) } : answer),
    );
  }, []);
  useEffect(() => {
    if (pinned !== undefined) void fingerprintOf(pinned).then(setPinnedFingerprint);
  }, [pinned]);
  if (served === undefined) return null;
  if (served.kind !== 'ok') return <NotOk answer={served} what="Signed checkpoints (verifiable log)" />;
  const servedKey = served.value;
  const examine = async (input: string) => {
    setText(input);
    const key = await parseVerifierKey(input);
    setCandidate(key === undefined ? 'invalid' : { key, fingerprint: await fingerprintOf(key) });
  };
  if (pinned !== undefined) {
    const matches = servedKey !== undefined && sameKey(servedKey, pinned);
    return (
      <section class="verifier-key" aria-labelledby="verifier-heading">
        <h3 id="verifier-heading">Pinned verifier key</h3>
        <p><code>{pinned.text}</code><br />fingerprint <code>{pinnedFingerprint}</code></p>
        <p role="status" class={matches ? '' : 'warning'}>
          {matches ? 'The server serves the same key.' : 'WARNING: the server now serves a different key than the one you pinned.'}
        </p>
        <button type="button" onClick={() => { unpinVerifierKey(); onPinned(undefined); }}>Unpin this key</button>
      </section>
    );
  }
  return (
    <section class="verifier-key" aria-labelledby="verifier-heading">
      <h3 id="verifier-heading">Pin a verifier key</h3>
      <p>Checkpoints are verified against a key you pin, compared with the one your operator gave you.</p>
      <label for="verifier-key-input">Verifier key</label>
      <input id="verifier-key-input" type="text" value={text} spellcheck={false} autocomplete="off" onInput={(event) => void examine(event.currentTarget.value)} />
      {servedKey === undefined ? null : (
        <button type="button" onClick={() => void examine(servedKey.text)}>Show the key this server serves</button>
      )}
      {candidate === 'invalid' ? <p class="refusal" role="status">That is not a valid Ed25519 verifier key.</p> : null}
      {candidate === undefined || candidate === 'invalid' ? null : (
        <div>
          <p>Fingerprint (first use, compare it out of band): <code id="candidate-fingerprint">{candidate.fingerprint}</code></p>
          <button type="button" onClick={() => { pinVerifierKey(candidate.key); onPinned(candidate.key); }}>Pin this key</button>
        </div>
      )}
    </section>
  );
};
