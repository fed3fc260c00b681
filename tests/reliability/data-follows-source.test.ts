// The data follows the source, not the code: change a value in a copy of the paper (with its checksum), rebuild,
// and find the new value in CSV, Parquet, Arrow and DuckDB; remove a row and find one row fewer.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { acceptPaper, build, buildError, editFile, editPaperLine, sandbox, type Sandbox } from '../helpers/sandbox.ts';
import { fromArrow, fromCsv, fromDuckDB, fromParquet, type Canon } from '../helpers/formats.ts';

const defs = new Map(loadTableDefs().map((d) => [d.name, d]));

/** The rows of a table in all four formats, after checking that the formats agree. */
async function rows(out: string, table: string): Promise<Record<string, string | null>[]> {
  const def = defs.get(table)!;
  const csv = fromCsv(out, def);
  const all: Canon[] = [await fromParquet(out, def), fromArrow(out, def), await fromDuckDB(out, def)];
  for (const other of all) expect(other).toEqual(csv);
  return csv.map((r) => Object.fromEntries(def.columns.map((c, i) => [c.name, r[i]!])));
}

describe('changed values', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = sandbox();
    editPaperLine(s, 268, '540B', '541B'); // a parameter cell (PaLM)
    editPaperLine(s, 312, '17 万个', '18.5 万个'); // a data size (AlphaFold2)
    editPaperLine(s, 274, '/ 是', '/ 否'); // an open-source mark (MOSS)
    editPaperLine(s, 184, '创新驱动', '创新引领'); // a policy sentence (表1, other countries)
    editFile(path.join(s.source, 'curated', 'translations.csv'), (t) =>
      t.replace('创新驱动，聚焦特定领域', '创新引领，聚焦特定领域'),
    );
    // The curated notes on the changed cells name what was printed there: a changed paper would leave them stale.
    const stale = ['palm.parameters.', 'alphafold2.training_data.', 'moss.open_source.'];
    editFile(path.join(s.source, 'curated', 'annotations.csv'), (t) =>
      t
        .split('\n')
        .filter((l) => !stale.some((p) => l.startsWith(p)))
        .join('\n'),
    );
    await build(s);
  });
  afterAll(() => s.remove());

  it('finds the new parameter count, parsed, in every format', async () => {
    const palm = (await rows(s.out, 'models')).find((r) => r.model_id === 'palm')!;
    expect([palm.parameters_raw, palm.parameters]).toEqual(['541B', '541000000000']);
  });

  it('finds the new data size, parsed, in every format', async () => {
    const af = (await rows(s.out, 'models')).find((r) => r.model_id === 'alphafold2')!;
    expect([af.training_data_raw, af.training_data, af.training_data_unit]).toEqual([
      '18.5 万个蛋白质结构',
      '185000',
      'protein_structures',
    ]);
  });

  it('finds the new open-source mark in every format', async () => {
    const moss = (await rows(s.out, 'models')).find((r) => r.model_id === 'moss')!;
    expect([moss.open_source_raw, moss.open_source]).toEqual(['否', 'false']);
  });

  it('finds the new policy sentence in every format and in the cells', async () => {
    const other = (await rows(s.out, 'country_policies')).find((r) => r.region_id === 'other-countries')!;
    expect(other.features).toBe('创新引领，聚焦特定领域与技术融合；借助外力加速发展。');
    const cell = (await rows(s.out, 'cells')).find(
      (r) => r.table_no === '1' && r.row_no === '3' && r.column_name === 'features',
    )!;
    expect(cell.text).toBe(other.features);
  });
});

describe('a removed row', () => {
  let s: Sandbox;
  beforeAll(() => {
    s = sandbox();
    editFile(path.join(s.source, 'paper.txt'), (t) =>
      t
        .split('\n')
        .filter((l) => !l.startsWith('日日新 商汤'))
        .join('\n'),
    );
    acceptPaper(s);
  });
  afterAll(() => s.remove());

  it('is reported clearly by the expected-count check', async () => {
    const msg = await buildError(s);
    expect(msg.split('\n')[0]).toMatch(/paper\.txt:\d+ 表3: has 22 rows where the spec expects 23\./);
    expect(msg).toContain('set expected_rows of 表3 to 22');
  });

  it('gives one row fewer once the spec and the curated files agree', async () => {
    editFile(path.join(s.source, 'tables.json'), (t) => t.replace('"expected_rows": 23,', '"expected_rows": 22,'));
    for (const f of ['models.csv', 'epoch-crosswalk.csv'])
      editFile(path.join(s.source, 'curated', f), (t) =>
        t
          .split('\n')
          .filter((l) => !l.startsWith('sensenova,'))
          .join('\n'),
      );
    editFile(path.join(s.source, 'curated', 'organisations.csv'), (t) =>
      t
        .split('\n')
        .filter((l) => !l.startsWith('sensetime,'))
        .join('\n'),
    );
    editFile(path.join(s.source, 'curated', 'annotations.csv'), (t) =>
      t
        .split('\n')
        .filter((l) => !l.startsWith('sensenova.'))
        .join('\n'),
    );
    await build(s);
    const models = await rows(s.out, 'models');
    expect(models.length).toBe(22);
    expect(models.map((m) => m.model_id)).not.toContain('sensenova');
    expect((await rows(s.out, 'cells')).filter((c) => c.table_no === '3').length).toBe(22 * 6);
  });
});

describe('a broken cell', () => {
  it('gives the located error', async () => {
    const s = sandbox();
    try {
      editPaperLine(s, 296, '1.8 万亿', '1.8 万忆');
      expect((await buildError(s)).split('\n')[0]).toMatch(
        /paper\.txt:296 表3 row 14 \(GPT-4\) column parameters: "1\.8 万忆" is not a quantity/,
      );
    } finally {
      s.remove();
    }
  });
});
