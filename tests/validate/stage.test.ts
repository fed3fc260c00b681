// The validate stage in process, on the dataset that the real sources normalise to (no build, no child process):
// the row accounting between extracted, normalised and valid rows per table of the paper, and each problem located
// where its row came from: the paper's file, line, table, row and model for a table of the paper, source.json for a
// source, the curated folder for curated tables, with the printed text of the cell.

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DataError } from '../../pipelines/lib/problems.ts';
import { SOURCES_DIR } from '../../pipelines/lib/paths.ts';
import { Schemas, loadTableDefs } from '../../pipelines/lib/schemas.ts';
import type { Source } from '../../pipelines/lib/source.ts';
import type { Value } from '../../pipelines/lib/table-data.ts';
import { annotate } from '../../pipelines/stages/annotate.ts';
import { extractSources, extractedRowsByTable, type Extracted } from '../../pipelines/stages/extract.ts';
import { normalise } from '../../pipelines/stages/normalise.ts';
import type { Dataset } from '../../pipelines/lib/table-data.ts';
import { loadSources } from '../../pipelines/stages/sources.ts';
import { validate } from '../../pipelines/stages/validate.ts';

const schemas = new Schemas();
const defs = loadTableDefs();
let sources: Source[];
let extracted: Extracted;
let dataset: Dataset;

beforeAll(async () => {
  sources = await loadSources(SOURCES_DIR, schemas);
  extracted = extractSources(sources);
});
beforeEach(() => {
  const n = normalise(sources, extracted, defs, schemas);
  annotate(n.dataset, n.notes);
  dataset = n.dataset;
});

const PAPER = 'sources/chang2024/paper.txt';
const tableOf = (name: string) => dataset.get(name)!;
const rows = (name: string) => tableOf(name).rowCount;
const rowOf = (name: string, r: number) => tableOf(name).row(r);
function set(name: string, column: string, r: number, v: Value): void {
  const t = tableOf(name);
  (t.columns[t.indexOf(column)] as Value[])[r] = v;
}
/** The stage's error message ('' when it passes). */
function message(x: Extracted = extracted): string {
  try {
    validate(dataset, extractedRowsByTable(x), sources, schemas);
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    return e.message;
  }
  return '';
}
/** Each problem's first line (its fix is checked once per kind below). */
const problems = (x: Extracted = extracted): string[] =>
  message(x)
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('  → '));
const schemaFix = (table: string) =>
  `  → The normalised value breaks schemas/${table}.schema.json: check the cell in the paper and the curated entries it uses.`;
const balance = (table: string, extractedRows: number, normalised: number, valid: number) =>
  `${table}: row accounting does not balance: ${extractedRows} extracted, ${normalised} normalised, ${valid} valid`;
const extractedRows = (output: string) =>
  extracted
    .get('chang2024')!
    .filter((t) => t.spec.output === output)
    .reduce((n, t) => n + t.rowCount, 0);
const KINDS = 'must be one of "exact", "range", "order_of_magnitude", "lower_bound", "approximate", "not_reported"';

describe('the row accounting', () => {
  it('balances for each table of the paper when every row is valid, and is returned', () => {
    expect(validate(dataset, extractedRowsByTable(extracted), sources, schemas)).toEqual(
      ['models', 'country_policies', 'city_policies', 'product_modes'].map((table) => {
        const n = tableOf(table).rowCount;
        expect(n).toBe(extractedRows(table));
        return { table, extracted: n, normalised: n, valid: n };
      }),
    );
  });

  it('does not balance when a row is not valid, naming the table and the three counts', () => {
    const n = tableOf('city_policies').rowCount;
    set('city_policies', 'city_en', 1, null);
    const r = rowOf('city_policies', 1);
    expect(problems()).toEqual([
      `${PAPER}:${r.line_first} 表2 row 2 column city_en: must be string (value null)`,
      balance('city_policies', n, n, n - 1),
    ]);
    expect(message()).toContain(
      `${balance('city_policies', n, n, n - 1)}\n  → The problems above say which rows were lost; fix them.`,
    );
  });

  it('does not balance when normalising lost a row, though every row left is valid', () => {
    const n = tableOf('product_modes').rowCount;
    tableOf('product_modes').finish(n - 1);
    expect(problems()).toEqual([balance('product_modes', n, n - 1, n - 1)]);
  });

  it('counts the rows extracted into one table from every source', () => {
    const twice: Extracted = new Map([
      ...extracted,
      ['second', extracted.get('chang2024')!.filter((t) => t.spec.output === 'models')],
    ]);
    const n = tableOf('models').rowCount;
    expect(problems(twice)).toEqual([balance('models', 2 * n, n, n)]);
  });

  it('keeps no accounts of tables that do not come from a printed table', () => {
    set('organisations', 'kind', 0, 'club');
    expect(problems()).toEqual([
      'sources/*/curated (organisations) column kind: "club" must be one of "company", "university", "research_lab", "government", "other" (value "club")',
    ]);
  });
});

describe('a problem in a table of the paper', () => {
  it('names file, line, table, row and model, and the printed text of a quantity whose kind, unit or bound is wrong', () => {
    set('models', 'parameters_kind', 0, 'huge');
    set('models', 'training_data_unit', 1, 'tokens');
    set('models', 'parameters_high', 2, -1n);
    set('models', 'parameters_low', 3, -1n);
    const at = (r: number) => {
      const row = rowOf('models', r);
      return `${PAPER}:${row.source_line} 表3 row ${r + 1} (${row.model})`;
    };
    const raw = (r: number, c: string) => JSON.stringify(rowOf('models', r)[c]);
    const n = tableOf('models').rowCount;
    expect(problems()).toEqual([
      `${at(2)} column parameters_high: ${raw(2, 'parameters_raw')} must be >= 0 (value "-1")`,
      `${at(0)} column parameters_kind: ${raw(0, 'parameters_raw')} ${KINDS} (value "huge")`,
      `${at(3)} column parameters_low: ${raw(3, 'parameters_raw')} must be >= 0 (value "-1")`,
      `${at(1)} column training_data_unit: ${raw(1, 'training_data_raw')} must be one of "bytes", "image_text_pairs", "images", "protein_structures", "unspecified", null (value "tokens")`,
      balance('models', n, n, n - 4),
    ]);
  });

  it('quotes the printed text of a column that has one, the value of one that has not, and nothing for NULL', () => {
    set('models', 'open_source', 0, null);
    set('models', 'annotation_count', 1, -2);
    set('models', 'model_en', 2, null);
    const at = (r: number) => {
      const row = rowOf('models', r);
      return `${PAPER}:${row.source_line} 表3 row ${r + 1} (${row.model})`;
    };
    const n = tableOf('models').rowCount;
    expect(problems()).toEqual([
      `${at(1)} column annotation_count: "-2" must be >= 0 (value -2)`,
      `${at(2)} column model_en: must be string (value null)`,
      `${at(0)} column open_source: ${JSON.stringify(rowOf('models', 0).open_source_raw)} must be boolean (value null)`,
      balance('models', n, n, n - 3),
    ]);
  });

  it("locates a row of a text table at its first line, by the table's label", () => {
    set('country_policies', 'region_id', 0, 'Not A Slug');
    set('product_modes', 'mode_en', 2, 7);
    const line = (t: string, r: number) => rowOf(t, r).line_first;
    expect(problems()).toEqual([
      `${PAPER}:${line('country_policies', 0)} 表1 row 1 column region_id: "Not A Slug" must match pattern "^[a-z0-9]+(?:-[a-z0-9]+)*$" (value "Not A Slug")`,
      balance('country_policies', rows('country_policies'), rows('country_policies'), rows('country_policies') - 1),
      `${PAPER}:${line('product_modes', 2)} 表4 row 3 column mode_en: "7" must be string (value 7)`,
      balance('product_modes', rows('product_modes'), rows('product_modes'), rows('product_modes') - 1),
    ]);
    expect(message().split('\n')[1]).toBe(schemaFix('country_policies'));
  });

  it('locates a cell and a table of the paper by their lines and table number', () => {
    const cells = tableOf('cells');
    const r = cells.rowCount - 1;
    set('cells', 'column_name', r, 'Bad Name');
    set('source_tables', 'caption_en', 2, null);
    const cell = cells.row(r);
    const st = rowOf('source_tables', 2);
    expect(problems()).toEqual([
      `${PAPER}:${st.line_first} 表${st.table_no} column caption_en: must be string (value null)`,
      `${PAPER}:${cell.line_first} 表${cell.table_no} row ${cell.row_no} column column_name: "Bad Name" must match pattern "^[a-z][a-z0-9_]*$" (value "Bad Name")`,
    ]);
  });
});

describe('a problem in a table that does not come from a printed table', () => {
  it("locates a source at its source.json, and a curated note at its source's curated folder", () => {
    set('sources', 'sha256', 0, 'abc');
    set('annotations', 'severity', 0, 'fatal');
    const source = rowOf('sources', 0).source_id;
    expect(problems()).toEqual([
      `sources/${rowOf('annotations', 0).source_id}/curated column severity: "fatal" must be one of "info", "warning", "error" (value "fatal")`,
      `sources/${source}/source.json column sha256: "abc" must match pattern "^[0-9a-f]{64}$" (value "abc")`,
    ]);
  });

  it('locates a row of a CSV dataset at its line of the file', () => {
    set('epoch_ai_models', 'publication_date', 0, 'May');
    const row = rowOf('epoch_ai_models', 0);
    const s = sources.find((x) => x.json.source_id === row.source_id)!;
    expect(problems()).toEqual([
      `${s.repoPath}:${row.line_first} column publication_date: "May" must match pattern "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" (value "May")`,
    ]);
  });

  it('names the table where a row names no known source (a broken reference leaves the row valid against its schema)', () => {
    set('models', 'source_id', 0, 'nowhere');
    set('annotations', 'source_id', 1, 'nowhere');
    const m = rowOf('models', 0);
    expect(problems()).toEqual([
      `models:${m.source_line} row 1 (${m.model}) column source_id: "nowhere" refers to sources (source_id) = (nowhere), which does not exist`,
      'sources/*/curated (annotations) column source_id: "nowhere" refers to sources (source_id) = (nowhere), which does not exist',
    ]);
  });
});

describe('keys', () => {
  it('reports a repeated primary key at the repeating row, naming the row it repeats', () => {
    const first = rowOf('models', 0);
    set('models', 'model_id', 2, first.model_id!);
    const m = rowOf('models', 2);
    expect(problems()).toEqual([
      `${PAPER}:${m.source_line} 表3 row 3 (${m.model}) column model_id: repeats the primary key (source_id, model_id) = (${first.source_id}, ${first.model_id}) of row 1 of models`,
    ]);
  });

  it('reports a reference to a missing organisation at the model, with its printed organisation', () => {
    set('models', 'organisation_id', 4, 'nobody');
    const m = rowOf('models', 4);
    expect(problems()).toEqual([
      `${PAPER}:${m.source_line} 表3 row 5 (${m.model}) column organisation_id: "nobody" refers to organisations (organisation_id) = (nobody), which does not exist`,
    ]);
  });
});
