// An incident's reimbursements: what each victim is owed, totals per currency, and the server's
// own CSV (Accept: text/csv) saved as a file.
import { useEffect, useState } from 'preact/hooks';
import type { Answer } from '../../api/answer.ts';
import { callJson, callText } from '../../api/client.ts';
import { Reimbursements } from '../../api/wire.ts';
import { saveFile } from '../../ui/save-file.ts';
import { totalsText } from '../../ui/format.ts';
import { Loading, NotOk } from '../../ui/notices.tsx';
import { pageOf, Pager } from '../../ui/pager.tsx';
import { reimbursementsPath } from './run-progress.ts';

type ViewProps = Readonly<{ incidentId: string; version: number }>;

export const ReimbursementsView = ({ incidentId, version }: ViewProps) => {
  const [report, setReport] = useState<Answer<Reimbursements> | undefined>(undefined);
  const [page, setPage] = useState(0);
  const [problem, setProblem] = useState<Exclude<Answer<unknown>, { kind: 'ok' }> | undefined>(undefined);
  useEffect(() => {
    let current = true;
    setReport(undefined);
    setPage(0);
    void callJson(Reimbursements, reimbursementsPath(incidentId), { notFoundIsAnswer: true }).then((answer) => current && setReport(answer));
    return () => {
      current = false;
    };
  }, [incidentId, version]);
  const download = async () => {
    const csv = await callText(reimbursementsPath(incidentId), { accept: 'text/csv', notFoundIsAnswer: true });
    if (csv.kind !== 'ok') return setProblem(csv);
    setProblem(undefined);
    saveFile(`reimbursements-${incidentId}.csv`, csv.value, 'text/csv');
  };
  if (report === undefined) return <Loading what="the reimbursements" />;
  if (report.kind === 'refused' && report.status === 404) return <p role="status">Incident {incidentId} has reversed nothing yet.</p>;
  if (report.kind !== 'ok') return <NotOk answer={report} what="Reimbursements" />;
  return (
    <section aria-labelledby="reimbursements-heading">
      <h4 id="reimbursements-heading">Reimbursements of {incidentId}</h4>
      <p id="reimbursements-total">Total owed: {totalsText(report.value.total)} to {report.value.rows.length} accounts.</p>
      <div class="table-scroll">
        <table id="reimbursements">
          <thead>
            <tr><th scope="col">account</th><th scope="col">currency</th><th scope="col">charges</th><th scope="col">amount</th></tr>
          </thead>
          <tbody>
            {pageOf(report.value.rows, page).map((row) => (
              <tr key={row.accountId}>
                <td><a href={`#/account/${encodeURIComponent(row.accountId)}`}>{row.accountId}</a></td>
                <td>{row.currency}</td>
                <td>{row.charges}</td>
                <td class="amount">{row.amount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} total={report.value.rows.length} label="Reimbursements" onPage={setPage} />
      <button type="button" onClick={() => void download()}>Download reimbursements (CSV)</button>
      {problem === undefined ? null : <NotOk answer={problem} what="The CSV" />}
    </section>
  );
};
