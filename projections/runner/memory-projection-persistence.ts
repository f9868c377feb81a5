// Checkpoints in memory, for the memory store and tests. A batch is made atomic by undo actions:
// the checkpoint's own, and whatever the projection registered with onRollback.
import type { GlobalPosition } from '../../domain/ports/event-store.ts';
import { positionBeforeAll } from '../../domain/ports/event-store.ts';
import type { ProjectionPersistence } from './projection.ts';

export type MemoryTransaction = Readonly<{ onRollback: (undo: () => void) => void }>;

export const createMemoryProjectionPersistence = (): ProjectionPersistence<MemoryTransaction> => {
  const checkpoints = new Map<string, GlobalPosition>();
  return {
    transaction: (work) => {
      const undos: Array<() => void> = [];
      try {
        work({ onRollback: (undo) => undos.push(undo) });
      } catch (error) {
        for (const undo of undos.reverse()) undo();
        throw error;
      }
    },
    loadCheckpoint: (name) => checkpoints.get(name) ?? positionBeforeAll,
    saveCheckpoint: (tx, name, position) => {
      const previous = checkpoints.get(name);
      checkpoints.set(name, position);
      tx.onRollback(() => (previous === undefined ? checkpoints.delete(name) : checkpoints.set(name, previous)));
    },
  };
};
