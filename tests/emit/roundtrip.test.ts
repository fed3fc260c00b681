// The round trip: 表3 rendered back from the DuckDB file is found, row by row, at each row's source_line of
// paper.txt; the text tables' cells are found in the lines they cite; the dataset's printed columns equal them.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../pipelines/lib/paths.ts';
import { builtSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { withDuckDB } from '../helpers/formats.ts';

let s: Sandbox;
let paper: string[];
beforeAll(async () => {
  s = await builtSandbox();
  paper = readFileSync(path.join(s.source, 'paper.txt'), 'utf8').split('\n');
});
afterAll(() => s.remove());

const db = () => path.join(s.out, DATABASE_FILE);

describe('表3 from the DuckDB file', () => {
  it('renders every row as printed, found at its source_line', async () => {
    const rows = await withDuckDB(db(), (q) =>
      q(
        `SELECT source_line, model, organisation, parameters_raw, training_data_raw, open_source_raw FROM models ORDER BY row_no`,
      ),
    );
    expect(rows.length).toBe(23);
    for (const [line, ...printed] of rows)
      expect(paper[Number(line) - 1]!.trimEnd(), `line ${line}`).toBe(printed.join(' '));
  });

  it("renders each category label at the line of its label cell, in the paper's order", async () => {
    const rows = await withDuckDB(db(), (q) =>
      q(`
      SELECT DISTINCT c.line_first, m.category_raw FROM models m
      JOIN cells c ON c.source_id = m.source_id AND c.table_no = 3 AND c.row_no = m.row_no AND c.column_name = 'category'
      ORDER BY c.line_first`),
    );
    expect(rows.length).toBe(4);
    for (const [line, label] of rows) expect(paper[Number(line) - 1]!.trim()).toBe(label);
  });
});

describe('the text tables from cells', () => {
  it('finds every cell in the lines it cites (ignoring white space)', async () => {
    const cells = await withDuckDB(db(), (q) =>
      q(`SELECT table_no, row_no, column_name, text, line_first, line_last FROM cells ORDER BY ALL`),
    );
    expect(cells.length).toBe(177);
    const squeeze = (x: string) => x.replace(/\s+/gu, '');
    for (const [t, r, c, text, first, last] of cells) {
      const span = paper.slice(Number(first) - 1, Number(last)).join('');
      expect(squeeze(span), `表${t} row ${r} ${c}`).toContain(squeeze(String(text)));
    }
  });

  it("prints in each text table exactly the cells' text", async () => {
    for (const [table, no, cols] of [
      ['country_policies', 1, ['region', 'policy', 'features']],
      ['city_policies', 2, ['city', 'policy', 'features']],
      ['product_modes', 4, ['mode', 'description', 'advantages']],
    ] as const) {
      const mismatches = await withDuckDB(db(), (q) =>
        q(
          cols
            .map(
              (c) => `
        SELECT '${c}', t.row_no FROM ${table} t JOIN cells x ON x.table_no = ${no} AND x.row_no = t.row_no AND x.column_name = '${c}'
        WHERE x.text <> t.${c}`,
            )
            .join(' UNION ALL '),
        ),
      );
      expect(mismatches, table).toEqual([]);
      const [[n]] = (await withDuckDB(db(), (q) => q(`SELECT count(*) FROM ${table}`))) as [[bigint]];
      expect(Number(n)).toBeGreaterThan(0);
    }
  });
});
