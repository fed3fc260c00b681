// Hand-edited inputs (source.json, tables.json, curated CSVs) are validated against their own schemas before
// use. Problems point at the file, the line and the field, so the fix is one jump away.

import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Ajv2020, ErrorObject } from 'ajv/dist/2020.js';
import { DataError, problem, type Problem } from './problems.ts';
import { jsonLineIndex, lineOf } from './json-locate.ts';
import { shown } from './paths.ts';

function describe(e: ErrorObject): string {
  if (e.keyword === 'enum') return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'additionalProperties') return `has an unknown field ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}`;
  if (e.keyword === 'required') return `lacks the field ${JSON.stringify((e.params as { missingProperty: string }).missingProperty)}`;
  return e.message ?? e.keyword;
}

function fieldOf(e: ErrorObject): string {
  const p = e.instancePath.replace(/^\//, '');
  return p === '' ? '(top level)' : p;
}

function valueAt(data: unknown, pointer: string): unknown {
  let v: unknown = data;
  for (const part of pointer.split('/').slice(1)) v = (v as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

export function loadJsonInput<T>(file: string, schemaId: string, ajv: Ajv2020): T {
  const name = shown(file);
  const text = readFileSync(file, 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const pos = /position (\d+)/.exec(String(e))?.[1];
    const line = pos === undefined ? undefined : text.slice(0, Number(pos)).split('\n').length;
    throw new DataError([problem({ file: name, ...(line ? { line } : {}) }, `is not valid JSON: ${(e as Error).message}`, 'Fix the JSON syntax at this line.')]);
  }
  const validate = ajv.getSchema(schemaId);
  if (!validate) throw new Error(`no schema ${schemaId}`);
  if (!validate(data)) {
    const index = jsonLineIndex(text);
    const problems = (validate.errors ?? []).map((e): Problem => {
      const line = lineOf(index, e.instancePath);
      const raw = valueAt(data, e.instancePath);
      return problem({ file: name, ...(line ? { line } : {}), column: fieldOf(e) }, describe(e),
        `Correct this field; ${schemaId.replace('inputs/', 'schemas/inputs/')} describes what it may hold.`,
        typeof raw === 'string' ? raw : undefined);
    });
    throw new DataError(problems);
  }
  return data as T;
}

export interface CsvRow { line: number; values: Record<string, string | null> }

/** 1-based line on which each record after the header starts; blank lines hold no record. */
function recordStartLines(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let quoted = false;
  let atRecordStart = false; // the header is not a record
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (atRecordStart && c !== 10 && c !== 13) {
      starts.push(line);
      atRecordStart = false;
    }
    if (c === 34) quoted = !quoted;
    else if (c === 10) {
      line++;
      if (!quoted) atRecordStart = true;
    }
  }
  return starts;
}

/** Reads a curated CSV: a header row, then one record per line; an empty field is null. */
export function readCsv(file: string): { rows: CsvRow[]; problems: Problem[] } {
  const name = shown(file);
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const problems: Problem[] = [];
  const rows: CsvRow[] = [];
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, newline: '\n', skipEmptyLines: true });
  // papaparse reports records, not lines: one pass maps each record to the line it starts on.
  const starts = recordStartLines(text);
  for (const e of parsed.errors) {
    const line = e.row !== undefined ? starts[e.row] : undefined;
    problems.push(problem({ file: name, ...(line ? { line } : {}) }, `is not a well-formed CSV record: ${e.message}`,
      'Fix the quoting or the number of fields on this line.'));
  }
  parsed.data.forEach((rec, i) => {
    const values: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(rec)) values[k] = v === '' ? null : v;
    rows.push({ line: starts[i]!, values });
  });
  return { rows, problems };
}

/** Reads and validates a curated CSV against `schemaId`, one problem per bad field. */
export function loadCsvInput(file: string, schemaId: string, ajv: Ajv2020): CsvRow[] {
  const name = shown(file);
  const { rows, problems } = readCsv(file);
  const validate = ajv.getSchema(schemaId);
  if (!validate) throw new Error(`no schema ${schemaId}`);
  for (const row of rows) {
    if (!validate(row.values)) {
      for (const e of validate.errors ?? []) {
        const field = fieldOf(e);
        const raw = row.values[field];
        problems.push(problem({ file: name, line: row.line, column: field }, describe(e),
          `Correct this field; ${schemaId.replace('inputs/', 'schemas/inputs/')} describes what it may hold.`, raw ?? undefined));
      }
    }
  }
  if (problems.length > 0) throw new DataError(problems);
  return rows;
}
