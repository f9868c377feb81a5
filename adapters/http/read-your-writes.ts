// Read-your-writes: a client that just appended passes the answered position as `waitFor`, and
// the read waits (bounded) until what answers it has seen that position.
import type { EventStore, GlobalPosition } from '../../domain/ports/event-store.ts';
import { type ApiError, apiError, invalidRequest } from './api-error.ts';

export type WaitFor = (position: GlobalPosition, timeoutMs: number) => Promise<boolean>;

export const readYourWritesTimeoutMsDefault = 5_000;

// `wait` is undefined for reads served from the store itself, which sees every acknowledged append.
export const awaitPosition = async (
  position: GlobalPosition | undefined,
  store: EventStore,
  wait: WaitFor | undefined,
  timeoutMs: number,
): Promise<ApiError | undefined> => {
  if (position === undefined) return undefined;
  const head = await store.headPosition();
  // A position nobody was ever answered cannot be waited for: that is the caller's mistake.
  if (position > head) return invalidRequest(`Position ${position} has not been written (the last is ${head}).`, [{ field: 'query.waitFor', rule: 'a position already written', head: head.toString() }]);
  if (wait === undefined || (await wait(position, timeoutMs))) return undefined;
  return apiError(503, 'projection_behind', `The read side did not reach position ${position} within ${timeoutMs} ms. Retry.`);
};
