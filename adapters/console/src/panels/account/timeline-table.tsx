// The account's events, paged: who issued each (issuedBy), from which device and country, for how
// much; events recorded after the chosen knownAt are marked as not yet known.
import { useState } from 'preact/hooks';
import { eventFactsOf, type LedgerEvent } from '../../api/wire.ts';
import { amountText, shortHash } from '../../ui/format.ts';
import { pageOf, Pager } from '../../ui/pager.tsx';
import { Unavailable } from '../../ui/notices.tsx';
import type { VerifierKey } from '../../verify/verifier-key.ts';
import { InclusionCell } from './inclusion-cell.tsx';

type TimelineProps = Readonly<{ events: ReadonlyArray<LedgerEvent>; knownAt: string; pinned: VerifierKey | undefined; logAvailable: boolean }>;

export const TimelineTable = ({ events, knownAt, pinned, logAvailable }: TimelineProps) => {
  const [page, setPage] = useState(0);
  const issuedByKnown = events.some((event) => event.issuedBy !== undefined);
  const inclusion = logAvailable && events.some((event) => event.logIndex !== undefined);
  return (
    <section aria-labelledby="timeline-heading">
      <h3 id="timeline-heading">Timeline</h3>
      {issuedByKnown ? null : <Unavailable what="issuedBy (who issued each event)" />}
      {inclusion ? null : <Unavailable what="Inclusion in a signed checkpoint" />}
      <div class="table-scroll">
        <table id="timeline">
          <caption class="visually-hidden">Events of the account in order</caption>
          <thead>
            <tr>
              <th scope="col">rev</th><th scope="col">occurred at</th><th scope="col">recorded at</th><th scope="col">type</th>
              <th scope="col">issued by</th><th scope="col">device</th><th scope="col">country</th><th scope="col">amount</th>
              <th scope="col">hash</th>{inclusion ? <th scope="col">in checkpoint</th> : null}
            </tr>
          </thead>
          <tbody>
            {pageOf(events, page).map((event) => {
              const data = eventFactsOf(event.data);
              const known = event.recordedAt <= knownAt;
              return (
                <tr key={event.position} class={known ? '' : 'not-known'}>
                  <td>{event.revision}</td>
                  <td class="time">{event.occurredAt}</td>
                  <td class="time">{event.recordedAt}{known ? '' : ' (not yet known)'}</td>
                  <td>{event.type}</td>
                  <td>{event.issuedBy ?? '—'}</td>
                  <td>{data.deviceId ?? ''}</td>
                  <td>{data.country ?? ''}</td>
                  <td class="amount">{amountText(data.amount, data.currency)}</td>
                  <td><code title={event.hash}>{shortHash(event.hash)}</code></td>
                  {inclusion ? <td><InclusionCell event={event} pinned={pinned} /></td> : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager page={page} total={events.length} label="Timeline" onPage={setPage} />
    </section>
  );
};
