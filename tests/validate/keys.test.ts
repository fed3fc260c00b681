// Primary keys unique and foreign keys resolving, in process on small tables of the real schemas: each located at
// the key's last column, naming the key's values and, for a repeat, the row it repeats.

import { describe, expect, it } from 'vitest';
import { rowOrder } from '../../pipelines/lib/emit/order.ts';
import type { Problem } from '../../pipelines/lib/problems.ts';
import type { TableData, Value } from '../../pipelines/lib/table-data.ts';
import { checkForeignKeys, checkPrimaryKey } from '../../pipelines/lib/validate.ts';
import { locate, model, organisation, source, table } from '../helpers/validate-tables.ts';

const PK_FIX = 'Each row needs its own id: check the curated ids for duplicates.';

/** The primary-key problems of t as [row from 1, column, message], checked with and without its row order. */
function primaryKeyProblems(t: TableData, order?: Uint32Array): [number, string, string][] {
  const out: Problem[] = [];
  checkPrimaryKey(t, locate, out, order);
  return out.map((p) => {
    expect(p).toEqual({
      where: { file: `${t.name}.csv`, line: p.where.line, column: p.where.column },
      message: p.message,
      fix: PK_FIX,
    });
    return [p.where.line! - 1, p.where.column!, p.message];
  });
}

describe('checkPrimaryKey', () => {
  it('accepts keys that differ in any of their columns', () => {
    // Ids that read "undefined" too: a key past the last row would read so.
    const t = table('models', [
      model('a'),
      model('b', { row_no: 2 }),
      model('a', { source_id: 'other', row_no: 3 }),
      model('undefined', { source_id: 'undefined', row_no: 4 }),
    ]);
    expect(primaryKeyProblems(t, rowOrder(t))).toEqual([]);
    expect(primaryKeyProblems(t)).toEqual([]);
  });

  it('does not take two keys for one because their columns run together', () => {
    const t = table('models', [model('c', { source_id: 'ab' }), model('bc', { source_id: 'a', row_no: 2 })]);
    expect(primaryKeyProblems(t, rowOrder(t))).toEqual([]);
  });

  it('reports each repeat of a key, not side by side in key order, at its row, naming the first row', () => {
    const t = table(
      'models',
      ['a', 'b', 'a', 'c', 'a'].map((id, i) => model(id, { row_no: i + 1 })),
    );
    const expected = [3, 5].map((r) => [
      r,
      'model_id',
      'repeats the primary key (source_id, model_id) = (example, a) of row 1 of models',
    ]);
    expect(primaryKeyProblems(t, rowOrder(t))).toEqual(expected);
    expect(primaryKeyProblems(t)).toEqual(expected);
  });

  it('finds repeats of a table ordered by its key side by side, in rows out of order too', () => {
    const t = table(
      'organisations',
      ['b', 'a', 'b', 'c', 'b'].map((id) => organisation(id)),
    );
    expect(primaryKeyProblems(t, rowOrder(t))).toEqual([
      [3, 'organisation_id', 'repeats the primary key (organisation_id) = (b) of row 1 of organisations'],
      [5, 'organisation_id', 'repeats the primary key (organisation_id) = (b) of row 3 of organisations'],
    ]);
  });

  it('finds repeats of a key of several integer columns held as Int32Array', () => {
    const cells = [
      [1, 1, 1],
      [1, 1, 2],
      [1, 1, 2],
      [1, 2, 1],
      [2, 1, 1],
    ];
    const t = table(
      'cells',
      cells.map(() => ({
        source_id: 'example',
        table_no: 0,
        row_no: 0,
        column_no: 0,
        column_name: 'model',
        text: 'x',
        line_first: 5,
        line_last: 5,
      })),
    );
    cells[0]!.forEach((_, i) => {
      t.setColumn(['table_no', 'row_no', 'column_no'][i]!, Int32Array.from(cells.map((c) => c[i]!)));
    });
    const expected = [
      [
        3,
        'column_no',
        'repeats the primary key (source_id, table_no, row_no, column_no) = (example, 1, 1, 2) of row 2 of cells',
      ],
    ];
    expect(primaryKeyProblems(t, rowOrder(t))).toEqual(expected);
    expect(primaryKeyProblems(t)).toEqual(expected);
  });
});

/** The foreign-key problems of t against the tables given, as [row from 1, column, message]. */
function foreignKeyProblems(t: TableData, parents: TableData[]): [number, string, string][] {
  const out: Problem[] = [];
  checkForeignKeys(t, new Map([t, ...parents].map((x) => [x.name, x])), locate, out);
  return out.map((p) => {
    const parent = /^refers to (\S+)/.exec(p.message)![1];
    expect(p).toEqual({
      where: { file: `${t.name}.csv`, line: p.where.line, column: p.where.column },
      raw: `${p.where.column} of row ${p.where.line! - 1}`,
      message: p.message,
      fix: `Add the missing ${parent} entry or correct the reference.`,
    });
    return [p.where.line! - 1, p.where.column!, p.message];
  });
}

const sourceTable = (source_id: Value, table_no: Value) => ({
  source_id,
  table_no,
  dataset_table: 'models',
  caption: '表',
  caption_en: 'Table',
  header: 'h',
  line_first: 1,
  line_last: 2,
  row_count: 1,
});
const cell = (source_id: Value, table_no: Value) => ({
  source_id,
  table_no,
  row_no: 1,
  column_no: 1,
  column_name: 'model',
  text: 'x',
  line_first: 5,
  line_last: 5,
});

describe('checkForeignKeys', () => {
  const sources = table('sources', [source('example'), source('other')]);
  const organisations = table('organisations', [organisation('example-org'), organisation('lab')]);

  it('accepts references that resolve', () => {
    const t = table('models', [model('a'), model('b', { source_id: 'other', organisation_id: 'lab' }), model('c')]);
    expect(foreignKeyProblems(t, [sources, organisations])).toEqual([]);
  });

  it('reports every row whose reference does not resolve, also when the rows before it have the same reference', () => {
    const t = table('models', [
      model('a', { source_id: 'nowhere' }),
      model('b', { source_id: 'nowhere' }),
      model('c'),
      model('d', { source_id: 'nowhere', organisation_id: 'gone' }),
      model('e', { organisation_id: 'gone' }),
      model('f', { organisation_id: 'lab' }),
      model('g', { organisation_id: 'gone' }),
      model('h', { organisation_id: 'gone' }),
      model('i', { organisation_id: 'undefined' }), // what a key past the parent's last row would read
    ]);
    const noSource = 'refers to sources (source_id) = (nowhere), which does not exist';
    const noOrg = 'refers to organisations (organisation_id) = (gone), which does not exist';
    expect(foreignKeyProblems(t, [sources, organisations])).toEqual([
      [1, 'source_id', noSource],
      [2, 'source_id', noSource],
      [4, 'source_id', noSource],
      [4, 'organisation_id', noOrg],
      [5, 'organisation_id', noOrg],
      [7, 'organisation_id', noOrg],
      [8, 'organisation_id', noOrg],
      [9, 'organisation_id', 'refers to organisations (organisation_id) = (undefined), which does not exist'],
    ]);
  });

  it('checks no reference to a table that is not in the dataset', () => {
    const t = table('models', [model('a', { organisation_id: 'gone' })]);
    expect(foreignKeyProblems(t, [sources])).toEqual([]);
  });

  it('checks a key of several columns as a whole, at its last column, and skips a reference with a NULL part', () => {
    const parents = table('source_tables', [sourceTable('example', 1), sourceTable('other', 2)]);
    const t = table('cells', [
      cell('example', 1),
      cell('example', 1),
      cell('example', 2),
      cell('example', 2),
      cell('example', null),
      cell(null, 1),
      cell('other', 2),
      cell('example', 2),
    ]);
    const missing = 'refers to source_tables (source_id, table_no) = (example, 2), which does not exist';
    expect(foreignKeyProblems(t, [parents, sources])).toEqual([
      [3, 'table_no', missing],
      [4, 'table_no', missing],
      [8, 'table_no', missing],
    ]);
  });
});
