// The API's answers the console reads, as io-ts codecs. Fields that other versions of the server
// add (issuedBy, logIndex, heldBalance, selected, ...) are optional: absent means "not available
// on this server", never an error. Amounts stay decimal strings; the console does no arithmetic.
import * as t from 'io-ts';


// Events carry money as {amount, currency} (stored shape) and ids as strings; each field is read
// on its own, so an event type without one (or with another shape) just shows nothing there.
const Money = t.type({ amount: t.string, currency: t.string });
const eventFields = { deviceId: t.string, country: t.string, money: Money } as const;

export type EventFacts = Readonly<{ deviceId?: string; country?: string; amount?: string; currency?: string }>;

export const eventFactsOf = (data: Readonly<Record<string, unknown>>): EventFacts => {
  const deviceId = eventFields.deviceId.decode(data.deviceId);
  const country = eventFields.country.decode(data.country);
  const money = eventFields.money.decode(data.amount);
  return {
    ...(deviceId._tag === 'Right' ? { deviceId: deviceId.right } : {}),
    ...(country._tag === 'Right' ? { country: country.right } : {}),
    ...(money._tag === 'Right' ? { amount: money.right.amount, currency: money.right.currency } : {}),
  };
};

export const LedgerEvent = t.intersection([
  t.type({
    position: t.string,
    revision: t.number,
    type: t.string,
    occurredAt: t.string,
    recordedAt: t.string,
    data: t.UnknownRecord,
    hash: t.string,
    previousHash: t.string,
  }),
  t.partial({ issuedBy: t.string, logIndex: t.number }),
]);
export type LedgerEvent = t.TypeOf<typeof LedgerEvent>;

export const EventsPage = t.type({ events: t.array(LedgerEvent), next: t.union([t.string, t.null]) });

export const Balance = t.intersection([
  t.type({ accountId: t.string, currency: t.string, asOf: t.string, knownAt: t.string, ledgerBalance: t.string, correctedBalance: t.string }),
  t.partial({ heldBalance: t.string, availableBalance: t.string }),
]);
export type Balance = t.TypeOf<typeof Balance>;

export const Audit = t.intersection([
  t.type({ accountId: t.string, events: t.number, verified: t.boolean, headHash: t.string }),
  t.partial({ firstBrokenRevision: t.number }),
]);
export type Audit = t.TypeOf<typeof Audit>;

const Totals = t.record(t.string, t.string);

export const SelectedCharge = t.type({
  accountId: t.string,
  chargeId: t.string,
  amount: t.string,
  currency: t.string,
  occurredAt: t.string,
  deviceId: t.string,
});
export type SelectedCharge = t.TypeOf<typeof SelectedCharge>;

export const IncidentReport = t.intersection([
  t.type({ incidentId: t.string, charges: t.number, accounts: t.number, total: Totals }),
  t.partial({ dryRun: t.boolean, selected: t.array(SelectedCharge), selectedNext: t.union([t.string, t.null]), approvalId: t.string }),
]);
export type IncidentReport = t.TypeOf<typeof IncidentReport>;

export const Proposal = t.intersection([
  t.type({ approvalId: t.string, action: t.string, status: t.string }),
  t.partial({
    proposedBy: t.string,
    proposedAt: t.string,
    expiresAt: t.string,
    request: t.UnknownRecord,
    charges: t.number,
    accounts: t.number,
    total: Totals,
  }),
]);
export type Proposal = t.TypeOf<typeof Proposal>;

// 201 (a run) or 202 (a proposal awaiting a second person's approval, four eyes).
export const RunAnswer = t.union([Proposal, IncidentReport]);

export const Approvals = t.union([t.type({ approvals: t.array(Proposal) }), t.array(Proposal)]);

export const Rejected = t.type({ approvalId: t.string, status: t.string });

export const Reimbursements = t.type({
  incidentId: t.string,
  rows: t.array(t.type({ accountId: t.string, currency: t.string, charges: t.number, amount: t.string })),
  total: Totals,
});
export type Reimbursements = t.TypeOf<typeof Reimbursements>;

export const Alert = t.type({ alertId: t.string, accountId: t.string, rule: t.string, occurredAt: t.string, details: t.UnknownRecord });
export type Alert = t.TypeOf<typeof Alert>;
export const Alerts = t.type({ alerts: t.array(Alert) });

export const Health = t.type({ status: t.string });
export const Ready = t.intersection([t.type({ status: t.string }), t.partial({ projections: t.UnknownRecord })]);

export const LogKey = t.type({ origin: t.string, keyName: t.string, verifierKey: t.string });
export const InclusionProof = t.type({ logIndex: t.number, treeSize: t.number, hashes: t.array(t.string) });

