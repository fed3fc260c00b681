// Every value of every row against its table's JSON Schema, in process on small tables of the real schemas: each
// kind of check (type, closed set, pattern, a value required, bounds, format) with a valid and an invalid value,
// the located problem it gives (file, line, column, the raw text, the value), and the count of valid rows.

import type { ErrorObject } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../pipelines/lib/problems.ts';
import { Schemas } from '../../pipelines/lib/schemas.ts';
import type { TableData, Value } from '../../pipelines/lib/table-data.ts';
import { validateRows } from '../../pipelines/lib/validate.ts';
import { columnsValidator, describeError, validateColumns } from '../../pipelines/lib/validate-columns.ts';
import { columnsKey, loadGenerated, precompiled } from '../../pipelines/lib/validators.ts';
import { locate, model, organisation, source, table } from '../helpers/validate-tables.ts';

const schemas = new Schemas();
const fix = (name: string) =>
  `The normalised value breaks schemas/${name}.schema.json: check the cell in the paper and the curated entries it uses.`;
const KINDS = 'must be one of "exact", "range", "order_of_magnitude", "lower_bound", "approximate", "not_reported"';
const SLUG = 'must match pattern "^[a-z0-9]+(?:-[a-z0-9]+)*$"';

/** Validates t; returns the valid row count and the problems as [row from 1, column, message] (by column name, then row). */
function check(t: TableData): { valid: number; problems: [number, string, string][] } {
  const out: Problem[] = [];
  const valid = validateRows(t, schemas, locate, out);
  return {
    valid,
    problems: out.map((p) => {
      const row = p.where.line! - 1;
      expect(p).toEqual({
        where: { file: `${t.name}.csv`, line: row + 1, column: p.where.column },
        raw: `${p.where.column} of row ${row}`,
        message: p.message,
        fix: fix(t.name),
      });
      return [row, p.where.column!, p.message];
    }),
  };
}

describe('validateRows', () => {
  it('finds no problem in valid rows, and counts them all valid', () => {
    expect(
      check(
        table('models', [
          model('a'),
          model('b', {
            row_no: 2,
            parameters: null,
            parameters_low: 10n ** 14n,
            parameters_high: 10n ** 15n,
            parameters_kind: 'range',
          }),
        ]),
      ),
    ).toEqual({ valid: 2, problems: [] });
    expect(check(table('organisations', [organisation('x', { name_zh: null })]))).toEqual({ valid: 1, problems: [] });
  });

  it('refuses a value of the wrong type, naming the type and the value', () => {
    const t = table('models', [
      model('a', { row_no: '1' }),
      model('b', { open_source: '是' }),
      model('c', { model: 7 }),
      model('d', { parameters: '7000' }),
    ]);
    expect(check(t)).toEqual({
      valid: 0,
      problems: [
        [3, 'model', 'must be string (value 7)'],
        [2, 'open_source', 'must be boolean (value "是")'],
        // A number as text in a column of bigints, which ajv sees converted to numbers: the text is refused.
        [4, 'parameters', 'must be integer,null (value "7000")'],
        [1, 'row_no', 'must be integer (value "1")'],
      ],
    });
  });

  it('refuses a value outside its closed set, listing the set (null too, where it belongs to it)', () => {
    const t = table('models', [
      model('a', { parameters_kind: 'huge' }),
      model('b', { training_data_unit: 'tokens' }),
      model('c', { training_data_unit: 'bytes' }),
    ]);
    expect(check(t)).toEqual({
      valid: 1,
      problems: [
        [1, 'parameters_kind', `${KINDS} (value "huge")`],
        [
          2,
          'training_data_unit',
          'must be one of "bytes", "image_text_pairs", "images", "protein_structures", "unspecified", null (value "tokens")',
        ],
      ],
    });
  });

  it('refuses a value that does not match its pattern', () => {
    expect(check(table('models', [model('Not A Slug'), model('ok-slug-2')]))).toEqual({
      valid: 1,
      problems: [[1, 'model_id', `${SLUG} (value "Not A Slug")`]],
    });
    expect(
      check(table('organisations', [organisation('x', { country: 'USA' }), organisation('y', { country: 'US' })])),
    ).toEqual({
      valid: 1,
      problems: [[1, 'country', 'must match pattern "^[A-Z]{2}$" (value "USA")']],
    });
  });

  it('refuses NULL where a value is required, and accepts it where the column may be NULL', () => {
    const t = table('organisations', [
      organisation('x', { name_en: null }),
      organisation('y', { name_zh: null }),
      organisation('z', { misprinted: null }),
    ]);
    expect(check(t)).toEqual({
      valid: 1,
      problems: [
        [3, 'misprinted', 'must be boolean (value null)'],
        [1, 'name_en', 'must be string (value null)'],
      ],
    });
  });

  it('refuses a value below its bound and accepts the bound itself, bigint quantities too', () => {
    const t = table('models', [
      model('a', { row_no: 0 }),
      model('b', { row_no: 1, annotation_count: 0, parameters: 0n, parameters_low: 0n }),
      model('c', { parameters_low: -1n }),
      model('d', { annotation_count: -1 }),
    ]);
    expect(check(t)).toEqual({
      valid: 1,
      problems: [
        [4, 'annotation_count', 'must be >= 0 (value -1)'],
        [3, 'parameters_low', 'must be >= 0 (value "-1")'],
        [1, 'row_no', 'must be >= 1 (value 0)'],
      ],
    });
    expect(check(table('sources', [source('a', { year: 1899 }), source('b', { year: 1900 })]))).toEqual({
      valid: 1,
      problems: [[1, 'year', 'must be >= 1900 (value 1899)']],
    });
  });

  it('refuses a value that is not of its format', () => {
    expect(check(table('sources', [source('a', { url: 'not a link' }), source('b')]))).toEqual({
      valid: 1,
      problems: [[1, 'url', 'must match format "uri" (value "not a link")']],
    });
  });

  it('checks integer columns held as Int32Array, as the cells table holds them', () => {
    const t = table(
      'cells',
      [0, 1, 2].map((r) => ({
        source_id: 'example',
        table_no: 1,
        row_no: r + 1,
        column_no: 1,
        column_name: 'model',
        text: 'x',
        line_first: 5,
        line_last: 5,
      })),
    );
    t.setColumn('row_no', Int32Array.from([1, 0, 3]));
    t.setColumn('line_first', Int32Array.from([5, 5, -2]));
    expect(check(t)).toEqual({
      valid: 1,
      problems: [
        [3, 'line_first', 'must be >= 1 (value -2)'],
        [2, 'row_no', 'must be >= 1 (value 0)'],
      ],
    });
  });

  // Columns ajv cannot read as they are (Int32Array, bigint) are validated a slice of rows at a time: a bad value in a
  // later slice is found at its own row, one row bad in both kinds of column is counted once, and the problems come
  // in the order of the whole table (by column, then row), as the report shows only the first of them.
  it('locates bad values past the first slice of rows, in every kind of column, in the order of the whole table', () => {
    const n = 200_000;
    const t = table('cells', [
      {
        source_id: 'example',
        table_no: 1,
        row_no: 1,
        column_no: 1,
        column_name: 'model',
        text: 'x',
        line_first: 5,
        line_last: 5,
      },
    ]);
    const ints = (bad: number[]) => Int32Array.from({ length: n }, (_, r) => (bad.includes(r) ? 0 : r + 1));
    for (const c of ['table_no', 'column_no', 'line_last']) t.setColumn(c, new Int32Array(n).fill(1));
    t.setColumn('row_no', ints([70_000, 199_999]));
    t.setColumn('line_first', ints([131_072]));
    t.setColumn(
      'source_id',
      Array.from({ length: n }, () => 'example'),
    );
    t.setColumn(
      'column_name',
      Array.from({ length: n }, (_, r) => (r === 70_000 || r === 3 ? 'Bad' : 'model')),
    );
    t.setColumn('text', Array.from({ length: n }, (_, r) => (r === 5 ? 7 : 'x')) as Value[]);
    const { valid, problems } = check(t);
    expect(valid).toBe(n - 5);
    expect(problems.map(([row, column]) => `${column} ${row}`)).toEqual([
      'column_name 4',
      'column_name 70001',
      'line_first 131073',
      'row_no 70001',
      'row_no 200000',
      'text 6',
    ]);
    const models = Array.from({ length: 70_000 }, (_, i) => model(`m${i}`, { row_no: i + 1 }));
    models[66_000] = model('m66000', { row_no: 66_001, parameters_low: -1n });
    expect(check(table('models', models)).problems).toEqual([[66_001, 'parameters_low', 'must be >= 0 (value "-1")']]);
  });

  it('counts a row with several bad values once, and locates rows past the ninth', () => {
    const rows = Array.from({ length: 12 }, (_, i) => model(`m${i}`, { row_no: i + 1 }));
    rows[11] = model('m11', { row_no: 12, category: 'poetry', flagged: 'no' });
    rows[2] = model('m2', { row_no: 0 });
    expect(check(table('models', rows))).toEqual({
      valid: 10,
      problems: [
        [
          12,
          'category',
          'must be one of "nlp_text_generation", "cv_image_generation", "multimodal", "scientific_computing" (value "poetry")',
        ],
        [12, 'flagged', 'must be boolean (value "no")'],
        [3, 'row_no', 'must be >= 1 (value 0)'],
      ],
    });
  });
});

describe('validateColumns', () => {
  // Column names are JSON Pointer tokens in the compiled schema and in ajv's error paths: / and ~ are escaped there.
  const odd = new Schemas();
  odd.ajv.addSchema({
    $id: 'odd.schema.json',
    type: 'object',
    properties: { 'a/b': { type: 'integer' }, 'c~d': { type: 'string' }, 'e~1': { type: 'boolean' } },
  });

  it('names a column whose name holds / or ~, at the row of the value', () => {
    const errors = validateColumns(odd, 'odd.schema.json', {
      'a/b': [1, 'x'],
      'c~d': ['y', 2],
      'e~1': [true, false, 'z'],
    });
    expect(errors.map((e) => [e.column, e.row, describeError(e.error)])).toEqual([
      ['a/b', 1, 'must be integer'],
      ['c~d', 1, 'must be string'],
      ['e~1', 2, 'must be boolean'],
    ]);
    expect(validateColumns(odd, 'odd.schema.json', { 'a/b': [1], 'c~d': [], 'e~1': [false] })).toEqual([]);
  });

  it("compiles a table's validator once per ajv instance, whatever the order of the columns", () => {
    const v = columnsValidator(odd, 'odd.schema.json', ['a/b', 'c~d']);
    expect(columnsValidator(odd, 'odd.schema.json', ['c~d', 'a/b'])).toBe(v);
    expect(columnsValidator(odd, 'odd.schema.json', ['a/b'])).not.toBe(v);
    const other = new Schemas();
    other.ajv.addSchema({
      $id: 'odd.schema.json',
      type: 'object',
      properties: { 'a/b': { type: 'string' }, 'c~d': { type: 'string' } },
    });
    const w = columnsValidator(other, 'odd.schema.json', ['a/b', 'c~d']);
    expect(w).not.toBe(v);
    expect(w({ 'a/b': ['x'], 'c~d': ['y'] })).toBe(true);
  });

  it('uses the validator generated ahead of time for a table once it is loaded, rather than compiling', async () => {
    const columns = table('models', []).def.columns.map((c) => c.name);
    await loadGenerated();
    const ready = precompiled(columnsKey('models.schema.json', columns));
    expect(ready).toBeTypeOf('function');
    expect(columnsValidator(new Schemas(), 'models.schema.json', columns)).toBe(ready);
  });
});

describe('describeError', () => {
  it('says which field a row lacks or has in excess, and falls back to the keyword', () => {
    const { misprinted: _, ...lacking } = organisation('x');
    const v = schemas.ajv.getSchema('organisations.schema.json')!;
    expect(v({ ...lacking, extra: 1 })).toBe(false);
    expect(v.errors!.map(describeError).sort()).toEqual([
      'has an unknown field "extra"',
      'lacks the field "misprinted"',
    ]);
    expect(describeError({ keyword: 'custom', instancePath: '', schemaPath: '#', params: {} } as ErrorObject)).toBe(
      'custom',
    );
  });
});
