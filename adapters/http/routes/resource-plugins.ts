// Every resource plugin and every documented route spec, in one list each, so buildApp registers
// them all and the tests can check that every registered route is documented.
import type { FastifyPluginAsync } from 'fastify';
import type { AnyRouteSpec } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { metricsSpec } from '../plugins/metrics-plugin.ts';
import { accountsRoutes, openAccountSpec } from './accounts-routes.ts';
import { approvalSpec, approvalsListSpec, approvalsRoutes, approveSpec, rejectSpec } from './approvals-routes.ts';
import { auditRoutes, auditSpec } from './audit-routes.ts';
import { balanceRoutes, balanceSpec } from './balance-routes.ts';
import { chargeSpec, chargesRoutes } from './charges-routes.ts';
import { devicesRoutes, registerDeviceSpec, removeDeviceSpec, verifyDeviceSpec } from './devices-routes.ts';
import { eventsRoutes, eventsSpec } from './events-routes.ts';
import { alertsSpec, fraudAlertsRoutes } from './fraud-alerts-routes.ts';
import { freezeRoutes, freezeSpec, unfreezeSpec } from './freeze-routes.ts';
import { healthRoutes, healthSpec } from './health-routes.ts';
import { captureSpec, holdsRoutes, stepUpSpec, voidSpec } from './holds-routes.ts';
import { incidentSpec, incidentsRoutes } from './incidents-routes.ts';
import { readyRoutes, readySpec } from './ready-routes.ts';
import { loginsRoutes, recordLoginSpec } from './logins-routes.ts';
import { checkpointAtSpec, checkpointSpec, consistencySpec, inclusionSpec, logKeySpec, logRoutes } from './log-routes.ts';
import { reimbursementsRoutes, reimbursementsSpec } from './reimbursements-routes.ts';
import { reversalSpec, reversalsRoutes } from './reversals-routes.ts';
import { topUpSpec, topUpsRoutes } from './top-ups-routes.ts';

export const resourcePlugins: ReadonlyArray<FastifyPluginAsync<RouteDeps>> = [
  healthRoutes,
  readyRoutes,
  accountsRoutes,
  devicesRoutes,
  loginsRoutes,
  topUpsRoutes,
  chargesRoutes,
  holdsRoutes,
  reversalsRoutes,
  freezeRoutes,
  balanceRoutes,
  eventsRoutes,
  auditRoutes,
  incidentsRoutes,
  reimbursementsRoutes,
  fraudAlertsRoutes,
  logRoutes,
  approvalsRoutes,
];

export const routeSpecs: ReadonlyArray<AnyRouteSpec> = [
  healthSpec,
  readySpec,
  metricsSpec,
  openAccountSpec,
  registerDeviceSpec,
  verifyDeviceSpec,
  removeDeviceSpec,
  recordLoginSpec,
  topUpSpec,
  chargeSpec,
  captureSpec,
  stepUpSpec,
  voidSpec,
  reversalSpec,
  freezeSpec,
  unfreezeSpec,
  balanceSpec,
  eventsSpec,
  auditSpec,
  incidentSpec,
  reimbursementsSpec,
  alertsSpec,
  checkpointSpec,
  checkpointAtSpec,
  logKeySpec,
  inclusionSpec,
  consistencySpec,
  approvalsListSpec,
  approvalSpec,
  approveSpec,
  rejectSpec,
];
