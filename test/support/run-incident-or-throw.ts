// Tests that expect an incident to run: the incident's result, or a failure naming the refusal.
import { isLeft } from 'fp-ts/lib/Either.js';
import { runIncident } from '../../adapters/incidents/run-incident.ts';

export const runIncidentOrThrow = async (...args: Parameters<typeof runIncident>) => {
  const result = await runIncident(...args);
  if (isLeft(result)) throw new Error(`incident refused: ${result.left.message}`);
  return result.right;
};
