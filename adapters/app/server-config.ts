// The server's configuration, from the environment (the contract's table). Every problem is one
// line naming the variable, so `npm start` with a typo fails with a sentence, not a stack.
import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js';
import { type StoreLocation, ledgerStoreDefault, parseStoreLocation } from '../event-store/open-event-store.ts';
import { type ApiKey, parseApiKeys } from '../http/api-keys.ts';
import { autoFreezeVariable, parseAutoFreeze } from '../processes/auto-freeze-policy.ts';
import type { StepUpRules } from '../../domain/step-up.ts';
import { readStepUpRulesFile } from '../cli/step-up-rules-file.ts';
import { type FourEyesConfig, type GuardedAction, approvalTtlHoursDefault, guardedActions } from '../approvals/approvals-service.ts';

export type ServerConfig = Readonly<{
  host: string;
  port: number;
  store: StoreLocation;
  // undefined: LEDGER_API_KEYS unset, keys are generated at start-up.
  apiKeys: ReadonlyArray<ApiKey> | undefined;
  fourEyes: FourEyesConfig;
  // LEDGER_STEP_UP: the step-up rules file's rules; undefined: step-up off (v1 answers).
  stepUp: StepUpRules | undefined;
  // LEDGER_STEP_UP_HOLD_MINUTES: how long a step-up hold waits for the holder; undefined: 7 days.
  stepUpHoldMinutes: number | undefined;
}>;

// A hold's longest life (30 days, domain/decide-holds.ts), in minutes.
export const stepUpHoldMinutesMax = 43_200;

const parseStepUpHoldMinutes = (text: string | undefined, stepUpOn: boolean): Either<string, number | undefined> => {
  if (text === undefined) return right(undefined);
  if (!stepUpOn) return left('LEDGER_STEP_UP_HOLD_MINUTES is set but LEDGER_STEP_UP is not (step-up is off)');
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) < 1 || Number(text) > stepUpHoldMinutesMax) {
    return left(`LEDGER_STEP_UP_HOLD_MINUTES "${text.slice(0, 20)}" must be an integer from 1 to ${stepUpHoldMinutesMax} (minutes)`);
  }
  return right(Number(text));
};

// A year: a proposal left longer than that is no longer what its proposer reviewed.
export const approvalTtlHoursMax = 8_760;

const isGuardedAction = (name: string): name is GuardedAction => guardedActions.some((action) => action === name);

// LEDGER_FOUR_EYES: comma-separated actions needing a second person (contract: incidents, freeze,
// reversal); unset, none. LEDGER_APPROVAL_TTL_HOURS: 1 to 8760 (default 72).
export const parseFourEyes = (actions: string | undefined, ttl: string | undefined): Either<string, FourEyesConfig> => {
  const guarded = new Set<GuardedAction>();
  for (const name of actions === undefined ? [] : actions.split(',')) {
    if (!isGuardedAction(name)) return left(`LEDGER_FOUR_EYES "${actions?.slice(0, 60)}" must be a comma-separated list of ${guardedActions.join(', ')}`);
    guarded.add(name);
  }
  if (ttl !== undefined && (!/^[0-9]{1,4}$/.test(ttl) || Number(ttl) < 1 || Number(ttl) > approvalTtlHoursMax)) {
    return left(`LEDGER_APPROVAL_TTL_HOURS "${ttl.slice(0, 20)}" must be an integer from 1 to ${approvalTtlHoursMax} (hours)`);
  }
  return right({ guarded, approvalTtlHours: ttl === undefined ? approvalTtlHoursDefault : Number(ttl) });
};

export const hostDefault = '127.0.0.1';
export const portDefault = 8080;

const hostPattern = /^[A-Za-z0-9.:\-[\]%]{1,253}$/;

const parsePort = (text: string | undefined): Either<string, number> => {
  if (text === undefined || text === '') return right(portDefault);
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) return left(`PORT "${text.slice(0, 20)}" must be an integer from 0 to 65535`);
  return right(Number(text));
};

// A variable set to nothing is a mistake (a secret that did not arrive, `PORT= npm start`), not a
// request for the default: the server would otherwise start on values the operator never chose,
// e.g. generated keys instead of the ones meant. Unset it to get the default.
const emptyVariable = (env: Readonly<Record<string, string | undefined>>): string | undefined =>
  Object.keys(env).sort().find((name) => (name === 'HOST' || name === 'PORT' || name.startsWith('LEDGER_')) && env[name] === '');

export const serverConfigFrom = (env: Readonly<Record<string, string | undefined>>): Either<string, ServerConfig> => {
  const empty = emptyVariable(env);
  if (empty !== undefined) return left(`${empty} is set but empty; unset it to use its default`);
  const autoFreeze = parseAutoFreeze(env[autoFreezeVariable]);
  if (isLeft(autoFreeze)) return autoFreeze;
  const host = env.HOST === undefined || env.HOST === '' ? hostDefault : env.HOST;
  if (!hostPattern.test(host)) return left(`HOST "${host.slice(0, 60)}" is not a host name or address`);
  const port = parsePort(env.PORT);
  if (isLeft(port)) return port;
  const store = parseStoreLocation(env.LEDGER_STORE === undefined || env.LEDGER_STORE === '' ? ledgerStoreDefault : env.LEDGER_STORE);
  if (isLeft(store)) return store;
  const fourEyes = parseFourEyes(env.LEDGER_FOUR_EYES, env.LEDGER_APPROVAL_TTL_HOURS);
  if (isLeft(fourEyes)) return fourEyes;
  const stepUpPath = env.LEDGER_STEP_UP;
  const stepUp = stepUpPath === undefined ? right(undefined) : readStepUpRulesFile(stepUpPath);
  if (isLeft(stepUp)) return left(`LEDGER_STEP_UP: ${stepUp.left}`);
  const stepUpHoldMinutes = parseStepUpHoldMinutes(env.LEDGER_STEP_UP_HOLD_MINUTES, stepUp.right !== undefined);
  if (isLeft(stepUpHoldMinutes)) return stepUpHoldMinutes;
  const common = { host, port: port.right, store: store.right, fourEyes: fourEyes.right, stepUp: stepUp.right, stepUpHoldMinutes: stepUpHoldMinutes.right };
  const keysText = env.LEDGER_API_KEYS;
  if (keysText === undefined || keysText === '') return right({ ...common, apiKeys: undefined });
  const apiKeys = parseApiKeys(keysText);
  if (isLeft(apiKeys)) return apiKeys;
  return right({ ...common, apiKeys: apiKeys.right });
};
