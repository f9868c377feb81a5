// Health: liveness, readiness with what is behind, projection lag from /metrics, and the latest
// signed checkpoint (verified when a key is pinned).
import { useEffect, useState } from 'preact/hooks';
import * as t from 'io-ts';
import { type Answer, mapAnswer } from '../../api/answer.ts';
import { callJson, callText } from '../../api/client.ts';
import { Health, Ready } from '../../api/wire.ts';
import { Loading, NotOk } from '../../ui/notices.tsx';
import { bytesToBase64 } from '../../verify/bytes.ts';
import { checkpointPath } from '../../verify/inclusion-check.ts';
import { pinnedVerifierKey } from '../../verify/pinned-key.ts';
import { type CheckpointCheck, unverifiedCheckpointOf, verifyCheckpoint } from '../../verify/signed-checkpoint.ts';
import type { VerifierKey } from '../../verify/verifier-key.ts';
import { VerifierKeySection } from '../verifier-key-section.tsx';
import { type ProjectionLag, projectionLagsOf } from './metrics-text.ts';

const Readiness = ({ ready }: Readonly<{ ready: Answer<t.TypeOf<typeof Ready>> }>) => {
  if (ready.kind === 'refused' && ready.code === 'not_ready') return <p id="readiness" class="warning" role="status">Not ready: {ready.message}</p>;
  if (ready.kind !== 'ok') return <NotOk answer={ready} what="Readiness (/ready)" />;
  return <p id="readiness">Ready: {ready.value.status}{ready.value.projections === undefined ? '' : ` — ${JSON.stringify(ready.value.projections)}`}</p>;
};

const Lags = ({ lags }: Readonly<{ lags: Answer<ReadonlyArray<ProjectionLag>> }>) => {
  if (lags.kind !== 'ok') return <NotOk answer={lags} what="Metrics (/metrics)" />;
  if (lags.value.length === 0) return <p class="unavailable" role="status">Projection lag: not available on this server.</p>;
  return (
    <table id="projection-lag">
      <thead><tr><th scope="col">projection</th><th scope="col">lag (events)</th><th scope="col">metric</th></tr></thead>
      <tbody>{lags.value.map((lag) => <tr key={`${lag.metric}/${lag.projection}`}><td>{lag.projection}</td><td class="amount">{lag.value}</td><td><code>{lag.metric}</code></td></tr>)}</tbody>
    </table>
  );
};

const LatestCheckpoint = ({ note, pinned }: Readonly<{ note: Answer<string>; pinned: VerifierKey | undefined }>) => {
  const [check, setCheck] = useState<CheckpointCheck | undefined>(undefined);
  useEffect(() => {
    setCheck(undefined);
    if (note.kind === 'ok' && pinned !== undefined) void verifyCheckpoint(note.value, pinned).then(setCheck);
  }, [note, pinned]);
  if (note.kind !== 'ok') return <NotOk answer={note} what="Signed checkpoints" />;
  const checkpoint = unverifiedCheckpointOf(note.value);
  if (checkpoint === undefined) return <p class="warning" role="status">The server's checkpoint is malformed.</p>;
  const verdict = pinned === undefined ? 'not verified: pin a verifier key below'
    : check === undefined ? 'verifying…'
    : check.kind === 'verified' ? 'signature verified with your pinned key'
    : 'NOT signed by your pinned key';
  return (
    <p id="latest-checkpoint" class={check !== undefined && check.kind !== 'verified' ? 'warning' : ''}>
      {checkpoint.origin}: {checkpoint.treeSize} events, root <code>{bytesToBase64(checkpoint.rootHash)}</code> ({verdict}).
    </p>
  );
};

type Loaded = Readonly<{ health: Answer<unknown>; ready: Answer<t.TypeOf<typeof Ready>>; lags: Answer<ReadonlyArray<ProjectionLag>>; note: Answer<string> }>;

export const HealthPanel = () => {
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  const [pinned, setPinned] = useState<VerifierKey | undefined>(undefined);
  const [refresh, setRefresh] = useState(0);
  useEffect(() => void pinnedVerifierKey().then(setPinned), []);
  useEffect(() => {
    void Promise.all([
      callJson(Health, '/health'),
      callJson(Ready, '/ready', { feature: 'GET /ready' }),
      callText('/metrics', { accept: 'text/plain' }).then((answer) => mapAnswer(answer, projectionLagsOf)),
      callText(checkpointPath, { accept: 'text/plain', feature: 'GET /v1/log/checkpoint' }),
    ]).then(([health, ready, lags, note]) => setLoaded({ health, ready, lags, note }));
  }, [refresh]);
  return (
    <section aria-labelledby="health-heading">
      <h2 id="health-heading">Health</h2>
      <button type="button" onClick={() => setRefresh((count) => count + 1)}>Refresh</button>
      {loaded === undefined ? <Loading what="the server's health" /> : (
        <div>
          <h3>Liveness</h3>
          {loaded.health.kind === 'ok' ? <p id="liveness">Live.</p> : <NotOk answer={loaded.health} what="Liveness (/health)" />}
          <h3>Readiness</h3>
          <Readiness ready={loaded.ready} />
          <h3>Projection lag</h3>
          <Lags lags={loaded.lags} />
          <h3>Latest checkpoint</h3>
          <LatestCheckpoint note={loaded.note} pinned={pinned} />
          {loaded.note.kind === 'ok' ? <VerifierKeySection pinned={pinned} onPinned={setPinned} /> : null}
        </div>
      )}
    </section>
  );
};
