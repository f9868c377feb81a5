// Helpers shared by the EventStore contract files.
import { expect } from 'vitest';
import type { AppendOutcome, EventStore, NewEvent, StoredEvent } from '../../../domain/ports/event-store.ts';
import type { Clock } from '../../../adapters/event-store/recorded-at.ts';

export type ContractFixture = {
  store: EventStore;
  clock: ManualClock;
  // Every store a test opened, closed after it (closing twice must be harmless).
  opened: EventStore[];
};

// A clock the test moves by hand, backwards too.
export class ManualClock implements Clock {
  private epochMs = Date.parse('2024-03-01T10:00:00.000Z');

  now = (): Date => new Date(this.epochMs);

  set(iso: string): void {
    this.epochMs = Date.parse(iso);
  }

  advanceMs(ms: number): void {
    this.epochMs += ms;
  }

  iso(): string {
    return new Date(this.epochMs).toISOString();
  }
}

let nameCounter = 0;
// Unique per test run, so the suite can also run against a store that outlives it (a server).
// Process id and start time: a server that keeps data between runs (EventStoreDB) never sees a
// stream name twice, even when a later run gets the same process id.
const runTag = `${process.pid.toString(36)}${Date.now().toString(36)}`;
export const uniqueName = (prefix: string): string => {
  nameCounter += 1;
  return `${prefix}-${runTag}-${nameCounter}`;
};

export const newEvent = (type: string, data: Record<string, unknown>, occurredAt = '2024-03-01T08:00:00.000Z'): NewEvent => ({
  type,
  data,
  occurredAt,
});

export const appended = (outcome: AppendOutcome): ReadonlyArray<StoredEvent> => {
  if (outcome.kind !== 'appended') expect.fail(`expected an append, got ${JSON.stringify(outcome)}`);
  return outcome.events;
};

// Waits for a condition with a bounded number of short sleeps; a timeout fails the test, but no
// assertion is made about how long anything took.
export const waitUntil = async (condition: () => boolean, what: string, attemptsMax = 2_000): Promise<void> => {
  for (let attempt = 0; attempt < attemptsMax; attempt += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect.fail(`gave up waiting for ${what}`);
};

export const readAllFrom = async (store: EventStore, after: bigint, pagesMax = 100): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  let position = after;
  for (let page = 0; page < pagesMax; page += 1) {
    const batch = await store.readAll({ after: position });
    const last = batch.at(-1);
    if (last === undefined) return events;
    events.push(...batch);
    position = last.position;
  }
  expect.fail(`more than ${pagesMax} pages`);
};
