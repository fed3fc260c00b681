// Compares two builds table by table, cell by cell, prints a readable report, and writes the diff as a table
// (diff/data_diff.csv and diff/data_diff.duckdb). It never writes into the builds it compares.
//
//   node --import tsx pipelines/diff.ts --base <earlier out/ or release download> [--head out] [--into diff]

import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from './lib/cli.ts';
import { compareBuilds, diffReport } from './lib/diff/compare.ts';
import { loadBuild } from './lib/diff/load.ts';
import { writeDiff } from './lib/diff/write.ts';
import { DIFF_DIR, OUT_DIR, shown } from './lib/paths.ts';
import { usage } from './lib/problems.ts';
import { loadTableDefs } from './lib/schemas.ts';

const COMMAND = 'make diff';
const USAGE =
  'Run `make diff BASE=<folder>`: an earlier out/ (keep a copy before rebuilding) or a folder made by `make download VERSION=…`.';

void runCli(
  async () => {
    const { values } = parseArgs({
      options: { base: { type: 'string' }, head: { type: 'string' }, into: { type: 'string' } },
    });
    if (!values.base) usage(COMMAND, 'needs BASE, the folder of an earlier build or release', USAGE);
    const head = path.resolve(values.head ?? OUT_DIR);
    const rows = compareBuilds(
      loadBuild(path.resolve(values.base)),
      loadBuild(head),
      new Map(loadTableDefs().map((d) => [d.name, d.primaryKey])),
    );
    process.stdout.write(diffReport(rows, shown(path.resolve(values.base)), shown(head)));
    const written = await writeDiff(path.resolve(values.into ?? DIFF_DIR), rows);
    process.stderr.write(
      `diff: ${rows.length} change${rows.length === 1 ? '' : 's'} written to ${shown(written.csv)} and the data_diff table of ${shown(written.database)}\n`,
    );
  },
  { command: COMMAND, usage: USAGE },
);
