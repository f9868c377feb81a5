// Incidents: compose criteria, dry run, review the selection, run or propose (four eyes), see
// progress while it runs, and the reimbursements with totals and CSV.
import { useState } from 'preact/hooks';
import type { Answer } from '../../api/answer.ts';
import { callJson } from '../../api/client.ts';
import { IncidentReport, Proposal, RunAnswer } from '../../api/wire.ts';
import { totalsText } from '../../ui/format.ts';
import { NotOk } from '../../ui/notices.tsx';
import { ApprovalsList } from './approvals-list.tsx';
import { CriteriaForm } from './criteria-form.tsx';
import { emptyIncidentForm, type IncidentBody, incidentBodyOf } from './incident-request.ts';
import { ReimbursementsView } from './reimbursements-view.tsx';
import { withProgress } from './run-progress.ts';
import { SelectionTable } from './selection-table.tsx';

type DryRun = Readonly<{ body: IncidentBody; answer: Answer<IncidentReport> }>;
type Progress = Readonly<{ reversed: number; of: number }>;

const RunOutcome = ({ answer }: Readonly<{ answer: Answer<Proposal | IncidentReport> }>) => {
  if (answer.kind !== 'ok') return <NotOk answer={answer} what="The run" />;
  const value = answer.value;
  if (answer.status === 202 && Proposal.is(value)) {
    return <p role="status" id="run-outcome">Proposed as <code>{value.approvalId}</code>: awaiting a second person's approval.</p>;
  }
  if (!IncidentReport.is(value)) return <p role="status" id="run-outcome">Done.</p>;
  return <p role="status" id="run-outcome">Run complete: {value.charges} charges reversed on {value.accounts} accounts, {totalsText(value.total)}.</p>;
};

export const IncidentsPanel = () => {
  const [form, setForm] = useState(emptyIncidentForm);
  const [dryRun, setDryRun] = useState<DryRun | undefined>(undefined);
  const [run, setRun] = useState<Answer<Proposal | IncidentReport> | undefined>(undefined);
  const [progress, setProgress] = useState<Progress | undefined>(undefined);
  const [shown, setShown] = useState<Readonly<{ incidentId: string; version: number }> | undefined>(undefined);
  const [approvalsVersion, setApprovalsVersion] = useState(0);
  const busy = progress !== undefined;
  const showReimbursements = (incidentId: string) => setShown((previous) => ({ incidentId, version: (previous?.version ?? 0) + 1 }));
  const startDryRun = async () => {
    const body = incidentBodyOf(form);
    setRun(undefined);
    setDryRun({ body, answer: await callJson(IncidentReport, '/v1/incidents', { method: 'POST', body: { ...body, dryRun: true } }) });
  };
  const startRun = async (body: IncidentBody, charges: number) => {
    setProgress({ reversed: 0, of: charges });
    const answer = await withProgress(body.incidentId, callJson(RunAnswer, '/v1/incidents', { method: 'POST', body }), (reversed) =>
      setProgress({ reversed, of: charges }),
    );
    setProgress(undefined);
    setRun(answer);
    setApprovalsVersion((version) => version + 1);
    showReimbursements(body.incidentId);
  };
  const report = dryRun?.answer.kind === 'ok' ? dryRun.answer.value : undefined;
  return (
    <section aria-labelledby="incidents-heading">
      <h2 id="incidents-heading">Incidents</h2>
      <CriteriaForm form={form} busy={busy} onChange={setForm} onDryRun={() => void startDryRun()} />
      {dryRun === undefined ? null : dryRun.answer.kind !== 'ok' ? <NotOk answer={dryRun.answer} what="The dry run" /> : null}
      {dryRun === undefined || report === undefined ? null : (
        <section aria-labelledby="dry-run-heading">
          <h3 id="dry-run-heading">Dry run of {report.incidentId}</h3>
          <p id="dry-run-totals">{report.charges} charges on {report.accounts} accounts: {totalsText(report.total)}.</p>
          <SelectionTable body={dryRun.body} report={report} />
          <button type="button" disabled={busy || report.charges === 0} onClick={() => void startRun(dryRun.body, report.charges)}>
            Run or propose this incident
          </button>
          <p class="hint">Where four eyes is on, this records a proposal that a second person approves below.</p>
        </section>
      )}
      {progress === undefined ? null : (
        <p><label for="run-progress">Reversing</label> <progress id="run-progress" max={Math.max(1, progress.of)} value={progress.reversed} /> {progress.reversed} of {progress.of}</p>
      )}
      {run === undefined ? null : <RunOutcome answer={run} />}
      <ApprovalsList version={approvalsVersion} onDecided={(incidentId) => incidentId !== undefined && showReimbursements(incidentId)} />
      <ReimbursementsLookup shown={shown} onShow={showReimbursements} />
    </section>
  );
};

const ReimbursementsLookup = ({ shown, onShow }: Readonly<{ shown: Readonly<{ incidentId: string; version: number }> | undefined; onShow: (incidentId: string) => void }>) => {
  const [text, setText] = useState('');
  return (
    <section aria-labelledby="lookup-heading">
      <h3 id="lookup-heading">Reimbursements</h3>
      <form class="inline-form" onSubmit={(event) => { event.preventDefault(); if (text.trim() !== '') onShow(text.trim()); }}>
        <label for="reimbursements-incident">Incident id of the reimbursements</label>
        <input id="reimbursements-incident" type="text" value={text} autocomplete="off" onInput={(event) => setText(event.currentTarget.value)} />
        <button type="submit">Show reimbursements</button>
      </form>
      {shown === undefined ? null : <ReimbursementsView incidentId={shown.incidentId} version={shown.version} />}
    </section>
  );
};
