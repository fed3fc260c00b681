// Curated CSV files are comma-separated, always (pipelines/lib/inputs.ts tells papaparse so rather than let it guess):
// a file saved with semicolons, as some spreadsheet programs do, fails on its header instead of being read as
// another dialect.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadCsvTable, readCsvTable } from '../../pipelines/lib/inputs.ts';
import { DataError } from '../../pipelines/lib/problems.ts';
import { Schemas } from '../../pipelines/lib/schemas.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-dialect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};

it('reads a comma-separated file field by field', () => {
  const { table, problems } = readCsvTable(
    file('comma.csv', 'category,category_raw,category_en\nnlp,NLP-文本类,"NLP: text; prose"\n'),
  );
  expect(problems).toEqual([]);
  expect(table.header).toEqual(['category', 'category_raw', 'category_en']);
  expect(table.get('category_en', 0)).toBe('NLP: text; prose');
});

it('reads a semicolon-separated file as one field a line, and refuses its header with the file and line', () => {
  const f = file('categories.csv', 'category;category_raw;category_en\nnlp;NLP-文本类;NLP: text\n');
  expect(readCsvTable(f).table.header).toEqual(['category;category_raw;category_en']);
  let error: unknown;
  try {
    loadCsvTable(f, 'inputs/curated-categories.schema.json', new Schemas());
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DataError);
  expect((error as DataError).message).toMatch(
    /categories\.csv:1.*category;category_raw;category_en.*is not a field of this file/,
  );
  expect((error as DataError).message).toContain('Save the file with commas between fields (it has semicolons).');
});
