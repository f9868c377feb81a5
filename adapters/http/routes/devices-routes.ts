// Devices of an account: register, verify, remove.
import type { FastifyPluginAsync } from 'fastify';
import { access } from '../access.ts';
import { commandAnswerSchema, runCommand } from '../command-answer.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { fields } from '../wire/fields.ts';
import { noFields, wireObject } from '../wire/wire.ts';

const accountParams = wireObject({ accountId: fields.accountId }, {});
const deviceParams = wireObject({ accountId: fields.accountId, deviceId: fields.deviceId }, {});
const commandErrors = ['account_not_found', 'retries_exhausted', 'account_busy', 'store_unavailable'] as const;

export const registerDeviceSpec = defineRoute({
  method: 'POST',
  url: '/v1/accounts/:accountId/devices',
  summary: 'Register a device (not yet verified)',
  tag: 'devices',
  access: access.payments,
  params: accountParams,
  query: noFields,
  body: wireObject({ deviceId: fields.deviceId, occurredAt: fields.instant }, {}),
  success: { 201: commandAnswerSchema(['deviceId']) },
  errors: [...commandErrors, 'device_already_registered'],
});

export const verifyDeviceSpec = defineRoute({
  method: 'POST',
  url: '/v1/accounts/:accountId/devices/:deviceId/verification',
  summary: 'Verify a registered device',
  tag: 'devices',
  access: access.payments,
  params: deviceParams,
  query: noFields,
  body: wireObject({ method: fields.verificationMethod, occurredAt: fields.instant }, {}),
  success: { 200: commandAnswerSchema(['deviceId']) },
  errors: [...commandErrors, 'device_not_registered'],
});

export const removeDeviceSpec = defineRoute({
  method: 'DELETE',
  url: '/v1/accounts/:accountId/devices/:deviceId',
  summary: 'Remove a device (it may be registered again later)',
  tag: 'devices',
  access: access.payments,
  params: deviceParams,
  query: noFields,
  body: wireObject({ occurredAt: fields.instant }, {}),
  success: { 200: commandAnswerSchema(['deviceId']) },
  errors: [...commandErrors, 'device_not_registered'],
});

export const devicesRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, registerDeviceSpec, async ({ params, body }, request) =>
    runCommand(deps.commands, request, { kind: 'RegisterDevice', ...params, ...body }, 201, { deviceId: body.deviceId }),
  );
  addRoute(app, verifyDeviceSpec, async ({ params, body }, request) =>
    runCommand(deps.commands, request, { kind: 'VerifyDevice', ...params, ...body }, 200, { deviceId: params.deviceId }),
  );
  addRoute(app, removeDeviceSpec, async ({ params, body }, request) =>
    runCommand(deps.commands, request, { kind: 'RemoveDevice', ...params, ...body }, 200, { deviceId: params.deviceId }),
  );
};
