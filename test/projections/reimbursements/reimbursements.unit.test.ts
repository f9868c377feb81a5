// The reimbursements fold: rows per account sorted by id, exact sums per currency, only reversals
// tagged with the incident; and a CSV that a spreadsheet cannot mistake for formulas.
import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { type LedgerEvent, LedgerEventCodec } from '../../../domain/events.ts';
import { IncidentId } from '../../../domain/ids.ts';
import { neutralizeCell, reimbursementsCsv } from '../../../projections/reimbursements/reimbursements-csv.ts';
import { evolveReimbursements, initialReimbursements, reimbursementsFromRows, reimbursementsOf, reversalFactOf } from '../../../projections/reimbursements/reimbursements.ts';

const reversal = (accountId: string, chargeId: string, amount: string, currency: string, incidentId?: string): LedgerEvent => {
  const decoded = LedgerEventCodec.decode({
    type: 'ChargeReversed',
    data: { accountId, chargeId, amount: { amount, currency }, reason: 'fraud', occurredAt: '2019-07-04T09:00:00+09:00', ...(incidentId === undefined ? {} : { incidentId }) },
  });
  if (isLeft(decoded)) throw new Error('fixture');
  return decoded.right;
};
const incident = (value: string) => {
  const decoded = IncidentId.decode(value);
  if (isLeft(decoded)) throw new Error('fixture');
  return decoded.right;
};

const events = [
  reversal('zed', 'c1', '0.10', 'USD', 'inc-1'),
  reversal('-12', 'c1', '60000', 'JPY', 'inc-1'),
  reversal('zed', 'c2', '0.20', 'USD', 'inc-1'),
  reversal('-cmd', 'c9', '5', 'JPY', 'inc-1'),
  reversal('amy', 'c3', '99999', 'JPY'),
  reversal('amy', 'c4', '700', 'JPY', 'inc-2'),
  reversal('Bob', 'c5', '50000', 'JPY', 'inc-1'),
];
const state = events.flatMap((event) => reversalFactOf(event) ?? []).reduce(evolveReimbursements, initialReimbursements());

describe('reimbursements', () => {
  it('sums exactly per account and currency, sorted by account id, only for the incident', () => {
    expect(reimbursementsOf(state, incident('inc-1'))).toEqual({
      incidentId: 'inc-1',
      rows: [
        { accountId: '-12', currency: 'JPY', charges: 1, amount: '60000' },
        { accountId: '-cmd', currency: 'JPY', charges: 1, amount: '5' },
        { accountId: 'Bob', currency: 'JPY', charges: 1, amount: '50000' },
        { accountId: 'zed', currency: 'USD', charges: 2, amount: '0.30' },
      ],
      total: { JPY: '110005', USD: '0.30' },
    });
    expect(reimbursementsOf(state, incident('inc-2'))?.rows).toEqual([{ accountId: 'amy', currency: 'JPY', charges: 1, amount: '700' }]);
  });

  it('tells an unknown incident (undefined) from a declared one that reversed nothing (no rows)', () => {
    expect(reimbursementsOf(state, incident('inc-none'))).toBeUndefined();
    const declared = evolveReimbursements(state, { kind: 'declared', incidentId: incident('inc-none') });
    expect(reimbursementsOf(declared, incident('inc-none'))).toEqual({ incidentId: 'inc-none', rows: [], total: {} });
    // A declaration leaves the incident's rows as they were, whenever it is seen.
    expect(reimbursementsOf(evolveReimbursements(state, { kind: 'declared', incidentId: incident('inc-1') }), incident('inc-1')))
      .toEqual(reimbursementsOf(state, incident('inc-1')));
  });

  it('writes CSV with the contract header and neutralises cells a spreadsheet would run', () => {
    expect(reimbursementsCsv(reimbursementsOf(state, incident('inc-1')) ?? { rows: [] })).toBe(
      ['accountId,currency,charges,amount', "'-12,JPY,1,60000", "'-cmd,JPY,1,5", 'Bob,JPY,1,50000', 'zed,USD,2,0.30', ''].join('\n'),
    );
    // Ids cannot start with = + @ today, but the guard does not rely on the id rule.
    expect(['=1+2', '+1', '@SUM(A1)', '\tx', 'ok-1'].map(neutralizeCell)).toEqual(["'=1+2", "'+1", "'@SUM(A1)", "'\tx", 'ok-1']);
    expect(reimbursementsCsv(reimbursementsFromRows(incident('inc-none'), []))).toBe('accountId,currency,charges,amount\n');
  });
});
