// The whole build as one function: sources → extract → normalise → annotate → validate → emit, each stage
// printing its progress line, into a staging folder that replaces `out` only when everything succeeded.
// pipelines/build.ts is its command line; tests call it in-process.

import path from 'node:path';
import { plural, progress, timed } from '../lib/cli.ts';
import { checkReplaceable, discard, recover, stagingDir, swapIn } from '../lib/atomic.ts';
import { acquireLock } from '../lib/lock.ts';
import { letSignalsIn, onInterrupt } from '../lib/interrupt.ts';
import { shown } from '../lib/paths.ts';
import { loadTableDefs, Schemas, type TableDef } from '../lib/schemas.ts';
import { loadGenerated } from '../lib/validators.ts';
import type { Source } from '../lib/source.ts';
import { describeDataset } from '../lib/metadata/describe.ts';
import { loadSources } from './sources.ts';
import { extractSources, extractedCounts, extractedRowsByTable } from './extract.ts';
import { normalise, type Normalised } from './normalise.ts';
import type { Dataset } from '../lib/table-data.ts';
import { annotate } from './annotate.ts';
import { validate } from './validate.ts';
import { emit, type EmitInfo } from './emit.ts';
import { compileParquetWriter } from '../lib/emit/parquet.ts';
import { pausepoint } from '../lib/failpoint.ts';

export interface BuildOptions {
  sourcesRoot: string;
  out: string;
}

const PAPER_TABLES = new Set(['models', 'country_policies', 'city_policies', 'product_modes', 'organisations']);

function emitInfo(sources: readonly Source[]): EmitInfo {
  const first = sources[0]!.json;
  return {
    package: describeDataset(sources),
    licenceId: first.licence.id,
    licenceUrl: first.licence.url,
    attributions: sources.map((s) => s.json.attribution),
  };
}

/** Builds out/ and returns the dataset's tables, every row kept for the caller to look at (tests do). */
export async function buildDataset(opts: BuildOptions): Promise<Dataset> {
  return locked(opts, () => build(opts, { keepRows: true }));
}

/**
 * Builds out/ (the command line): each table's rows are let go as soon as its files are written, which at scale is
 * most of the build's memory. The files are the same as buildDataset's.
 */
export async function buildOutputs(opts: BuildOptions): Promise<void> {
  await locked(opts, () => build(opts, { keepRows: false }));
}

async function locked<T>(opts: BuildOptions, run: () => Promise<T>): Promise<T> {
  const lock = acquireLock(opts.out);
  const done = onInterrupt(() => lock.release());
  try {
    // First thing under the lock: an out/ that a killed run moved aside is back even if this run fails.
    recover(opts.out);
    checkReplaceable(opts.out);
    return await run();
  } finally {
    done();
    lock.release();
  }
}

/**
 * Extract and normalise. The extracted tables are let go when this returns: the validate stage needs only their row
 * counts, and at 1,000,000 rows they are a fifth of the heap (about 220 MB) while annotate and validate run.
 */
async function extractAndNormalise(
  sources: readonly Source[],
  defs: TableDef[],
  schemas: Schemas,
): Promise<Normalised & { extractedRows: Map<string, number> }> {
  const extracted = await timed(
    'extract',
    () => extractSources(sources),
    (x) => {
      const c = extractedCounts(x);
      return `${plural(c.tables, 'table')}, ${plural(c.rows, 'row')}, ${plural(c.cells, 'cell')}`;
    },
  );
  const normalised = await timed(
    'normalise',
    () => normalise(sources, extracted, defs, schemas),
    (n) =>
      [...n.dataset.values()]
        .filter((t) => PAPER_TABLES.has(t.name))
        .map((t) => `${t.name} ${t.rowCount}`)
        .join(', '),
  );
  return { ...normalised, extractedRows: extractedRowsByTable(extracted) };
}

/** The stages before emit. Only what emit needs is returned: the paper's lines and the extracted tables are let go. */
async function prepare(opts: BuildOptions): Promise<{ dataset: Dataset; defs: TableDef[]; info: EmitInfo }> {
  await loadGenerated();
  const schemas = new Schemas();
  const defs = loadTableDefs();
  const sources = await timed(
    'sources',
    () => loadSources(opts.sourcesRoot, schemas),
    (s) => `${plural(s.length, 'source')}, checksums verified`,
  );
  const { dataset, notes, extractedRows } = await extractAndNormalise(sources, defs, schemas);
  await timed(
    'annotate',
    () => annotate(dataset, notes),
    (a) => `${plural(a.curated, 'curated note')}, ${plural(a.rules, 'note')} raised by rules`,
  );
  await timed(
    'validate',
    () => validate(dataset, extractedRows, sources, schemas),
    (acc) => `extracted = normalised = valid: ${acc.map((a) => `${a.table} ${a.valid}`).join(', ')}`,
  );
  return { dataset, defs, info: emitInfo(sources) };
}

async function build(opts: BuildOptions, { keepRows }: { keepRows: boolean }): Promise<Dataset> {
  const started = performance.now();
  compileParquetWriter(); // on V8's threads while the stages before emit run
  const { dataset, defs, info } = await prepare(opts);
  await pausepoint('before-emit');
  const staging = stagingDir(opts.out);
  const kept = onInterrupt(() => discard(staging));
  try {
    await emit(dataset, defs, staging, info, { keepRows });
    await pausepoint('before-swap');
    // A signal that came during the synchronous work before this point (closing the database, datapackage.json) is
    // seen only at a turn of the event loop: one turn now, so that it stops the build before out/ is replaced.
    await letSignalsIn();
    swapIn(staging, opts.out);
  } catch (e) {
    discard(staging);
    throw e;
  } finally {
    kept();
  }
  progress('done', `${shown(opts.out)}${path.sep} replaced`, performance.now() - started);
  return dataset;
}
