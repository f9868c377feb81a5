// What an incident run answers (POST /v1/incidents, the CLI): how many charges and accounts it
// selected, the total per currency, and for a dry run one page of the selected charges.
import type { IncidentId } from '../../domain/ids.ts';
import type { ReviewedCharge } from './incident-review.ts';

export type IncidentResult = Readonly<{
  incidentId: IncidentId;
  charges: number;
  accounts: number;
  total: Readonly<Record<string, string>>;
  dryRun: boolean;
  // A dry run only: one page of the selected charges (the totals cover them all).
  selected?: ReadonlyArray<ReviewedCharge>;
  selectedNext?: string | null;
}>;
