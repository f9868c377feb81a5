// Who may call what (the contract's roles). admin may do everything.
import type { Role } from './api-keys.ts';

export const access = {
  // Every POST/DELETE under /v1/accounts except reversal (finance) and freeze (admin).
  payments: ['payments', 'admin'],
  reversal: ['finance', 'admin'],
  freeze: ['admin'],
  balance: ['payments', 'auditor', 'finance', 'admin'],
  // Every other GET: read-only roles.
  read: ['auditor', 'finance', 'admin'],
  incidents: ['finance', 'admin'],
  // Deciding a proposal (four eyes): the role that may propose its action, or admin; the route
  // lets finance and admin in, and a freeze's decision is admin's alone (approvals-routes.ts).
  approvals: ['finance', 'admin'],
  // Operational data (volumes per route) is for every read role (the contract gives finance every
  // GET), not for payment clients.
  metrics: ['auditor', 'finance', 'admin'],
  // The verifiable log is public knowledge to anyone with a key: every role may check it.
  log: ['payments', 'auditor', 'finance', 'admin'],
} as const satisfies Record<string, ReadonlyArray<Role>>;
