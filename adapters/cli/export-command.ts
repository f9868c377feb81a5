// `wallet-ledger export (--account A | --all) [--checkpoint N] [--from M] [--output FILE]`: an
// auditor's bundle (NDJSON, adapters/verifiable-log/bundle-lines.ts) from a local SQLite store or
// EventStoreDB (export-log-source.ts says where the log is found): a checkpoint the log signed, the events and their multiproof, optionally the consistency proof
// from an earlier tree size M. `wallet-ledger verify --bundle` checks it offline.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { accountStreamId } from '../../domain/events.ts';
import { AccountId } from '../../domain/ids.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import { type ExportScope, exportBundle } from '../verifiable-log/export-bundle.ts';
import { type ExportLogSource, openExportLogSource } from './export-log-source.ts';
import { countCodec, decodeArgument, decodeOptional, idHint } from './cli-arguments.ts';
import { failed, runAction, usageFailure } from './cli-failure.ts';
import { type StoreOption, openLocation, storeLocation, storeOptionFlags, storeOptionHelp, storeValue, withOpenedStore } from './cli-store.ts';

type ExportOptions = StoreOption & Readonly<{ account?: string; all?: boolean; checkpoint?: string; from?: string; output?: string }>;
const TreeSize = countCodec(Number.MAX_SAFE_INTEGER);

const write = async (out: Writable, text: string): Promise<void> => {
  if (!out.write(text)) await once(out, 'drain');
};

type ExportChoice = Readonly<{ scope: ExportScope; size: number | undefined; from: number | undefined }>;

// The bundle's lines from a store and its log (the CLI writes them; tests read them in process).
export async function* exportLines(store: EventStore, tables: ExportLogSource, { scope, size, from }: ExportChoice): AsyncGenerator<string> {
  const checkpoint = size === undefined ? tables.checkpoints.latest() : tables.checkpoints.at(size);
  if (checkpoint === undefined) throw failed(size === undefined ? 'the log has signed no checkpoint yet' : `no checkpoint was signed at tree size ${size}`);
  if (from !== undefined && from > checkpoint.treeSize) throw usageFailure(`--from ${from} is past the checkpoint's tree size ${checkpoint.treeSize}`);
  if (tables.nodes.size() < checkpoint.treeSize) throw failed('the log has not yet stored the nodes of this checkpoint');
  yield* exportBundle({
    store, read: tables.nodes.read, checkpoint, scope, ...(from === undefined ? {} : { from }),
    ...(tables.logIndexOf === undefined ? {} : { logIndexOf: tables.logIndexOf }),
  });
}

const runExport = async (options: ExportOptions): Promise<void> => {
  if ((options.account === undefined) === (options.all !== true)) throw usageFailure('give either --account <id> or --all');
  const scope = options.account === undefined
    ? ({ kind: 'all' } as const)
    : ({ kind: 'stream', streamId: accountStreamId(decodeArgument(AccountId, options.account, '--account', idHint)) } as const);
  const size = decodeOptional(TreeSize, options.checkpoint, '--checkpoint');
  const from = decodeOptional(TreeSize, options.from, '--from');
  const opened = openLocation(storeLocation(storeValue(options.store)), 'read');
  await withOpenedStore(opened, async (store) => {
    const tables = openExportLogSource(opened, process.env);
    try {
      const lines = exportLines(store, tables, { scope, size, from });
      // The first line (or the refusal) before the output file is created.
      const first = await lines.next();
      const out = options.output === undefined ? process.stdout : createWriteStream(options.output, { flags: 'wx', mode: 0o644 });
      if (first.done !== true) await write(out, `${first.value}\n`);
      for await (const chunk of lines) await write(out, `${chunk}\n`);
      if (out !== process.stdout) {
        out.end();
        await once(out, 'close');
      }
    } finally {
      tables.close();
    }
  });
};

export const addExportCommand = (program: Command): Command =>
  program
    .command('export')
    .description("an auditor's bundle: a signed checkpoint, an account's (or every) event and their proofs, as NDJSON")
    .option('--account <accountId>', 'the account to export')
    .option('--all', 'every event of the checkpoint (proves nothing was removed anywhere)')
    .option('--checkpoint <treeSize>', 'the signed checkpoint to prove against (default: the latest)')
    .option('--from <treeSize>', 'also prove consistency from this earlier tree size')
    .option('--output <file>', 'write to this new file instead of stdout')
    .option(storeOptionFlags, storeOptionHelp)
    .action(runAction('export', runExport));
