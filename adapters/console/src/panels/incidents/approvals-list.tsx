// Four eyes: proposals awaiting a second person. Approving runs the incident (with progress);
// the server refuses an approval by the proposer (403 approver_is_proposer), shown as its refusal.
import { useEffect, useState } from 'preact/hooks';
import type { Answer } from '../../api/answer.ts';
import { callJson, query, segment } from '../../api/client.ts';
import { Approvals, IncidentReport, Rejected, type Proposal } from '../../api/wire.ts';
import { nowIso, totalsText } from '../../ui/format.ts';
import { Loading, NotOk } from '../../ui/notices.tsx';
import { withProgress } from './run-progress.ts';

type ListProps = Readonly<{ version: number; onDecided: (incidentId: string | undefined) => void }>;

const incidentIdOf = (proposal: Proposal): string | undefined => {
  const id = proposal.request?.incidentId;
  return typeof id === 'string' ? id : undefined;
};

export const ApprovalsList = ({ version, onDecided }: ListProps) => {
  const [list, setList] = useState<Answer<ReadonlyArray<Proposal>> | undefined>(undefined);
  const [outcome, setOutcome] = useState<Answer<unknown> | undefined>(undefined);
  const [progress, setProgress] = useState<Readonly<{ reversed: number; of: number }> | undefined>(undefined);
  const [refresh, setRefresh] = useState(0);
  useEffect(() => {
    void callJson(Approvals, `/v1/approvals${query({ status: 'awaiting_approval' })}`, { feature: 'GET /v1/approvals' }).then((answer) =>
      setList(answer.kind === 'ok' ? { ...answer, value: Array.isArray(answer.value) ? answer.value : answer.value.approvals } : answer),
    );
  }, [version, refresh]);
  const decide = async (proposal: Proposal, decision: 'approve' | 'reject') => {
    const path = `/v1/approvals/${segment(proposal.approvalId)}/${decision}`;
    const body = { occurredAt: nowIso() };
    const incidentId = incidentIdOf(proposal);
    if (decision === 'reject') {
      setOutcome(await callJson(Rejected, path, { method: 'POST', body }));
    } else {
      const run = callJson(IncidentReport, path, { method: 'POST', body });
      setProgress({ reversed: 0, of: proposal.charges ?? 0 });
      setOutcome(incidentId === undefined ? await run : await withProgress(incidentId, run, (reversed) => setProgress({ reversed, of: proposal.charges ?? 0 })));
      setProgress(undefined);
    }
    setRefresh((count) => count + 1);
    onDecided(incidentId);
  };
  if (list === undefined) return <Loading what="the proposals" />;
  if (list.kind !== 'ok') return <NotOk answer={list} what="Four-eyes approvals" />;
  return (
    <section aria-labelledby="approvals-heading">
      <h3 id="approvals-heading">Awaiting approval</h3>
      {list.value.length === 0 ? <p>No proposal awaits a decision.</p> : (
        <table id="approvals">
          <thead>
            <tr><th scope="col">approval</th><th scope="col">action</th><th scope="col">proposed by</th><th scope="col">at</th><th scope="col">charges</th><th scope="col">total</th><th scope="col">decision</th></tr>
          </thead>
          <tbody>
            {list.value.map((proposal) => (
              <tr key={proposal.approvalId}>
                <td><code>{proposal.approvalId}</code></td>
                <td>{proposal.action}{incidentIdOf(proposal) === undefined ? '' : ` ${incidentIdOf(proposal)}`}</td>
                <td>{proposal.proposedBy ?? ''}</td>
                <td>{proposal.proposedAt ?? ''}</td>
                <td>{proposal.charges ?? ''}</td>
                <td>{proposal.total === undefined ? '' : totalsText(proposal.total)}</td>
                <td>
                  <button type="button" disabled={progress !== undefined} onClick={() => void decide(proposal, 'approve')}>Approve {proposal.approvalId}</button>{' '}
                  <button type="button" disabled={progress !== undefined} onClick={() => void decide(proposal, 'reject')}>Reject {proposal.approvalId}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {progress === undefined ? null : (
        <p><label for="approval-progress">Reversing</label> <progress id="approval-progress" max={Math.max(1, progress.of)} value={progress.reversed} /> {progress.reversed} of {progress.of}</p>
      )}
      {outcome === undefined ? null : outcome.kind === 'ok' ? <p role="status" id="approval-outcome">Decision recorded.</p> : <NotOk answer={outcome} what="The decision" />}
    </section>
  );
};
