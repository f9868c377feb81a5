// The hash chain's audit state as GET /audit reports it.
import type { Answer } from '../../api/answer.ts';
import type { Audit } from '../../api/wire.ts';
import { Loading, NotOk } from '../../ui/notices.tsx';

export const AuditState = ({ audit }: Readonly<{ audit: Answer<Audit> | undefined }>) => (
  <section aria-labelledby="audit-heading">
    <h3 id="audit-heading">Hash chain</h3>
    {audit === undefined ? (
      <Loading what="the audit" />
    ) : audit.kind !== 'ok' ? (
      <NotOk answer={audit} what="The audit" />
    ) : audit.value.verified ? (
      <p id="audit-state" class="verified">
        Verified: {audit.value.events} events chain to head <code>{audit.value.headHash}</code>.
      </p>
    ) : (
      <p id="audit-state" class="warning" role="status">
        BROKEN: the chain does not verify from revision {audit.value.firstBrokenRevision ?? '?'} on.
      </p>
    )}
  </section>
);
