// The dry run's selected charges: a paged table, more pages from the server on demand
// (selectedNext), and a CSV of the whole selection.
import { useEffect, useState } from 'preact/hooks';
import type { Answer } from '../../api/answer.ts';
import { callJson } from '../../api/client.ts';
import { IncidentReport, type SelectedCharge } from '../../api/wire.ts';
import { csvOf } from '../../ui/csv.ts';
import { saveFile } from '../../ui/save-file.ts';
import { NotOk, Unavailable } from '../../ui/notices.tsx';
import { pageOf, Pager } from '../../ui/pager.tsx';
import type { IncidentBody } from './incident-request.ts';

// 100 server pages of at most 1,000: a CSV of up to 100,000 charges; past that, use the CLI.
const serverPagesMax = 100;
export const selectionCsvHeader = ['accountId', 'chargeId', 'amount', 'currency', 'occurredAt', 'deviceId'] as const;

const nextPage = (body: IncidentBody, after: string): Promise<Answer<IncidentReport>> =>
  callJson(IncidentReport, '/v1/incidents', { method: 'POST', body: { ...body, dryRun: true, after } });

type SelectionProps = Readonly<{ body: IncidentBody; report: IncidentReport }>;

export const SelectionTable = ({ body, report }: SelectionProps) => {
  const [rows, setRows] = useState<ReadonlyArray<SelectedCharge>>(report.selected ?? []);
  const [next, setNext] = useState<string | null>(report.selectedNext ?? null);
  const [page, setPage] = useState(0);
  const [problem, setProblem] = useState<Exclude<Answer<unknown>, { kind: 'ok' }> | undefined>(undefined);
  useEffect(() => {
    setRows(report.selected ?? []);
    setNext(report.selectedNext ?? null);
    setPage(0);
  }, [report]);
  if (report.selected === undefined) return <Unavailable what="The list of selected charges (this server's dry run reports totals only)" />;
  const loadAll = async (): Promise<ReadonlyArray<SelectedCharge> | undefined> => {
    let all = rows;
    let cursor = next;
    for (let pages = 0; cursor !== null && pages < serverPagesMax; pages += 1) {
      const answer = await nextPage(body, cursor);
      if (answer.kind !== 'ok') {
        setProblem(answer);
        return undefined;
      }
      all = [...all, ...(answer.value.selected ?? [])];
      cursor = answer.value.selectedNext ?? null;
    }
    setRows(all);
    setNext(cursor);
    return all;
  };
  const download = async () => {
    const all = await loadAll();
    if (all === undefined) return;
    const csv = csvOf(selectionCsvHeader, all.map((row) => selectionCsvHeader.map((column) => row[column])));
    saveFile(`incident-${body.incidentId}-selected.csv`, csv, 'text/csv');
  };
  return (
    <section aria-labelledby="selection-heading">
      <h4 id="selection-heading">Selected charges</h4>
      <div class="table-scroll">
        <table id="selected-charges">
          <thead>
            <tr>{selectionCsvHeader.map((column) => <th scope="col" key={column}>{column}</th>)}</tr>
          </thead>
          <tbody>
            {pageOf(rows, page).map((row) => (
              <tr key={`${row.accountId}/${row.chargeId}`}>
                {selectionCsvHeader.map((column) => <td key={column} class={column === 'amount' ? 'amount' : ''}>{row[column]}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} total={rows.length} label="Selected charges" onPage={setPage} />
      <div class="actions">
        {next === null ? null : <button type="button" onClick={() => void loadAll()}>Load every selected charge</button>}
        <button type="button" onClick={() => void download()}>Download selected charges (CSV)</button>
      </div>
      {problem === undefined ? null : <NotOk answer={problem} what="More selected charges" />}
    </section>
  );
};
