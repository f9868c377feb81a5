// The log's two tables in the SQLite event store's file. log_nodes is derived (every perfect
// subtree hash; it can be dropped and rebuilt from the events); log_checkpoints is not: it holds
// every signed checkpoint, which is why it lives beside the events and not in a read-side file.
// Created here, never in the event store's migrations (user_version belongs to the store).
import type { Database, Statement } from 'better-sqlite3';
import type { CheckpointTable, SignedCheckpoint } from './checkpoint-table.ts';
import type { NodeTable } from './log-nodes.ts';
import type { Hash } from './merkle-hash.ts';
import type { NodeKey, SubtreeReader } from './merkle-proofs.ts';

const nodesPerInsertMax = 64;
// A proof names at most about two nodes per level (a 2^53-leaf tree has 53 levels); a longer
// list is read in several queries.
const nodesPerReadMax = 128;
const keysPerStatementStep = 16;

type CheckpointRow = { tree_size: number; root_hash: Buffer; note: string; signed_at: string };
const checkpointOf = (row: CheckpointRow | undefined): SignedCheckpoint | undefined =>
  row === undefined ? undefined : { treeSize: row.tree_size, rootHash: row.root_hash, note: row.note, signedAt: row.signed_at };

export const createSqliteLogTables = (database: Database): Readonly<{ nodes: NodeTable; checkpoints: CheckpointTable }> => {
  database.exec(`
    CREATE TABLE IF NOT EXISTS log_nodes (
      level INTEGER NOT NULL, node_index INTEGER NOT NULL, hash BLOB NOT NULL,
      PRIMARY KEY (level, node_index)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS log_checkpoints (
      tree_size INTEGER PRIMARY KEY, root_hash BLOB NOT NULL, note TEXT NOT NULL, signed_at TEXT NOT NULL);`);
  const readNode = database.prepare<[number, number], Buffer>('SELECT hash FROM log_nodes WHERE level = ? AND node_index = ?').pluck();
  const readLeaves = database.prepare<[number, number], Buffer>(
    'SELECT hash FROM log_nodes WHERE level = 0 AND node_index >= ? AND node_index < ? ORDER BY node_index',
  ).pluck();
  // One statement per list length, prepared once: a proof's nodes in one query through the
  // primary key (SQLite searches it for each row value of the list).
  const readsByKeyCount = new Map<number, Statement<number[], [number, number, Buffer]>>();
  const readNodes = (keyCount: number): Statement<number[], [number, number, Buffer]> => {
    const cached = readsByKeyCount.get(keyCount);
    if (cached !== undefined) return cached;
    const statement = database.prepare<number[], [number, number, Buffer]>(
      `SELECT level, node_index, hash FROM log_nodes WHERE (level, node_index) IN (VALUES ${Array(keyCount).fill('(?, ?)').join(', ')})`,
    ).raw(true);
    readsByKeyCount.set(keyCount, statement);
    return statement;
  };
  const readOne: SubtreeReader = (level, index) => {
    const hash = readNode.get(level, index);
    if (hash === undefined) throw new RangeError(`verifiable log: no node (${level}, ${index})`);
    return hash;
  };
  // Nodes the list did not name (or that are missing) are read one by one, as without a list.
  const readMany = (keys: ReadonlyArray<NodeKey>): SubtreeReader => {
    const found = new Map<number, Map<number, Hash>>();
    for (let offset = 0; offset < keys.length; offset += nodesPerReadMax) {
      const chunk = keys.slice(offset, offset + nodesPerReadMax);
      // Padded (repeating a key) to a multiple of keysPerStatementStep: a handful of statements
      // prepared once, not one per list length (a prepare costs more than the query).
      const padded = Math.ceil(chunk.length / keysPerStatementStep) * keysPerStatementStep;
      const parameters = Array.from({ length: padded }, (_, place) => chunk[Math.min(place, chunk.length - 1)] ?? { level: 0, index: 0 }).flatMap((key) => [key.level, key.index]);
      for (const [level, index, hash] of readNodes(padded).all(...parameters)) {
        const row = found.get(level) ?? new Map<number, Hash>();
        row.set(index, hash);
        found.set(level, row);
      }
    }
    return (level, index) => found.get(level)?.get(index) ?? readOne(level, index);
  };
  const leafCount = database.prepare<[], number | null>('SELECT max(node_index) + 1 FROM log_nodes WHERE level = 0').pluck();
  // OR IGNORE: two processes on one file compute the same nodes; the first write stands. Up to
  // nodesPerInsertMax rows per statement: a feed writes about two nodes per event.
  const insertsByRowCount = new Map<number, Statement<unknown[]>>();
  const insertNodes = (rowCount: number): Statement<unknown[]> => {
    const cached = insertsByRowCount.get(rowCount);
    if (cached !== undefined) return cached;
    const statement = database.prepare<unknown[]>(`INSERT OR IGNORE INTO log_nodes (level, node_index, hash) VALUES ${Array(rowCount).fill('(?, ?, ?)').join(', ')}`);
    insertsByRowCount.set(rowCount, statement);
    return statement;
  };
  const latest = database.prepare<[], CheckpointRow>('SELECT * FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1');
  const at = database.prepare<[number], CheckpointRow>('SELECT * FROM log_checkpoints WHERE tree_size = ?');
  const insertCheckpoint = database.prepare<[number, Buffer, string, string]>(
    'INSERT OR IGNORE INTO log_checkpoints (tree_size, root_hash, note, signed_at) VALUES (?, ?, ?, ?)',
  );
  const writeNodes = database.transaction((nodes: Parameters<NodeTable['write']>[0]) => {
    for (let offset = 0; offset < nodes.length; offset += nodesPerInsertMax) {
      const chunk = nodes.slice(offset, offset + nodesPerInsertMax);
      insertNodes(chunk.length).run(chunk.flatMap(({ level, index, hash }) => [level, index, hash]));
    }
  });
  return {
    nodes: {
      read: readOne,
      readMany,
      leaves: (from, count) => readLeaves.all(from, from + count),
      size: () => leafCount.get() ?? 0,
      write: (nodes) => writeNodes.immediate(nodes),
    },
    checkpoints: {
      latest: () => checkpointOf(latest.get()),
      at: (treeSize) => checkpointOf(at.get(treeSize)),
      add: ({ treeSize, rootHash, note, signedAt }) => {
        insertCheckpoint.run(treeSize, rootHash, note, signedAt);
      },
    },
  };
};
