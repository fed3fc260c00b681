// Ctrl-C during a long write is handled within a piece, not after the whole table. Node delivers a signal only
// between turns of the event loop, so the writers must give a turn between their pieces (CSV) and batches (Arrow
// and Parquet): a callback queued for the next turn runs while the writer is still at work, not once it is done.
// tests/reliability/interruptions.test.ts shows what the handler then does with out/.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { writeCsv } from '../../pipelines/lib/emit/csv.ts';
import { recordBatches } from '../../pipelines/lib/emit/arrow.ts';
import { writeParquet } from '../../pipelines/lib/emit/parquet.ts';
import { loadTableDef } from '../../pipelines/lib/schemas.ts';
import { TableData } from '../../pipelines/lib/table-data.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-signal-turns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 70,000 rows: more than one CSV piece (4,096 rows) and more than one record batch (65,536 rows). */
function organisations(): TableData {
  const def = loadTableDef('organisations.schema.json');
  const t = new TableData(def);
  for (let i = 0; i < 70_000; i++) {
    t.push(
      Object.fromEntries(
        def.columns.map((c) => [
          c.name,
          c.enumValues ? c.enumValues[0]! : c.base === 'boolean' ? false : `${c.name} ${i}`,
        ]),
      ),
    );
  }
  return t;
}

/** Whether a callback queued for the event loop's next turn ran before `write` finished. */
async function turnDuring(write: () => Promise<unknown>): Promise<boolean> {
  let finished = false;
  const ran = new Promise<boolean>((resolve) => setImmediate(() => resolve(!finished)));
  await write();
  finished = true;
  return ran;
}

const t = organisations();
const order = Uint32Array.from({ length: t.rowCount }, (_, i) => i);

it('writes a CSV file a piece at a time, with a turn of the event loop between pieces', async () => {
  expect(await turnDuring(() => writeCsv(path.join(dir, 'o.csv'), t, order))).toBe(true);
});

it('writes the Parquet file (and so the Arrow file beside it) a batch at a time, with a turn of the event loop between batches', async () => {
  const { batches } = recordBatches(t, order, new Map());
  expect(
    await turnDuring(() =>
      writeParquet(path.join(dir, 'o.parquet'), t.def, batches, { licence: 'CC-BY-4.0', attributions: ['test'] }),
    ),
  ).toBe(true);
});
