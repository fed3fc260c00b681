// A source of kind "CSV dataset" (e.g. Epoch AI's Notable AI Models): a CSV file read with papaparse (quoted
// fields may hold newlines and commas) and typed through the columns spec beside it (columns.json). What is
// specific to one dataset — which columns, their names, types and units — is that spec, not code.

import path from 'node:path';
import type { Schemas } from '../schemas.ts';
import { loadJsonInput, readCsvTable, type CsvTable } from '../inputs.ts';
import { shown } from '../paths.ts';
import { DataError, problem, type Problem, type Where } from '../problems.ts';

export interface UnitRule {
  column: string;
  by: string;
  when_all: Record<string, string>;
  otherwise: string;
  why: string;
}

export interface CsvColumnSpec {
  name: string;
  header: string;
  type: 'text' | 'date' | 'integer_from_decimal';
  required?: boolean;
  raw?: string;
  unit?: UnitRule;
}

export interface CsvColumnsSpec {
  output: string;
  label: string;
  key: string;
  rows_kept: 'all' | 'named_by_crosswalk';
  columns: CsvColumnSpec[];
}

export interface CsvDataset {
  spec: CsvColumnsSpec;
  specFile: string;
  /** The file as papaparse read it: one column per header, empty fields NULL, with each record's first line. */
  table: CsvTable;
  /** Record number (from 1, header excluded) of each value of the key column, as printed. */
  recordOf: Map<string, number>;
}

/** A typed record: output column → value (bigint for integers), with where it came from. */
export interface TypedRecord {
  record: number;
  line: number;
  values: Record<string, string | bigint | null>;
}

/** `bytes`: the file's content as read for its checksum, so that the records are those of the checked bytes. */
export function loadCsvDataset(
  dir: string,
  file: string,
  columnsFile: string,
  schemas: Schemas,
  bytes?: Buffer,
): CsvDataset {
  const specPath = path.join(dir, columnsFile);
  const spec = loadJsonInput<CsvColumnsSpec>(specPath, 'inputs/csv-columns.schema.json', schemas);
  const specFile = shown(specPath);
  const { table, problems } = readCsvTable(path.join(dir, file), bytes);
  for (const c of spec.columns) {
    if (!table.header.includes(c.header)) {
      problems.push(
        problem(
          { file: table.file, line: 1 },
          `has no column ${JSON.stringify(c.header)}, which ${specFile} reads into ${c.name}`,
          `Correct "header" in ${specFile} to one of the file's headers, or restore the file.`,
        ),
      );
    }
  }
  const keyCol = spec.columns.find((c) => c.name === spec.key);
  if (!keyCol)
    problems.push(
      problem(
        { file: specFile, column: 'key' },
        `names ${JSON.stringify(spec.key)}, which is not one of its columns`,
        'Name an output column.',
      ),
    );
  if (problems.length > 0) throw new DataError(problems);
  const recordOf = new Map<string, number>();
  const keys = table.columns.get(keyCol!.header)!;
  keys.forEach((k, i) => {
    if (k !== null && !recordOf.has(k)) recordOf.set(k, i + 1);
  });
  return { spec, specFile, table, recordOf };
}

/**
 * A printed decimal (e.g. "174600000000.0", "247000000.00000003") as the nearest integer, rounded half up, computed
 * on the digits so that no float error creeps in. Undefined when the text is not a plain non-negative decimal.
 */
export function integerFromDecimal(text: string): bigint | undefined {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) return undefined;
  const whole = BigInt(m[1]!);
  return (m[2] ?? '').charCodeAt(0) >= 53 /* '5' */ ? whole + 1n : whole;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function listOf(v: string | null | bigint): string[] {
  return typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    : [];
}

/** The unit of a value by the rule: the mapped unit when every listed value maps to the same one, else `otherwise`. */
export function unitBy(rule: UnitRule, by: string | null | bigint): string {
  const units = new Set(listOf(by).map((d) => rule.when_all[d]));
  const [only] = [...units];
  return units.size === 1 && only !== undefined ? only : rule.otherwise;
}

/** Record `i` (from 0) typed through the spec; each field that does not fit its type is a located problem. */
export function typedRecord(d: CsvDataset, i: number, problems: Problem[]): TypedRecord {
  const line = d.table.lines[i]!;
  const record = i + 1;
  const values: Record<string, string | bigint | null> = {};
  const label = d.table.get(d.spec.columns.find((c) => c.name === d.spec.key)!.header, i) ?? undefined;
  const where = (column: string): Where => ({
    file: d.table.file,
    line,
    table: d.spec.label,
    row: record,
    ...(label ? { rowLabel: label.trim() } : {}),
    column,
  });
  for (const c of d.spec.columns) {
    const raw = d.table.get(c.header, i);
    if (c.raw) values[c.raw] = raw;
    if (raw === null) {
      if (c.required)
        problems.push(problem(where(c.header), 'is empty', `Every record needs a ${c.header}; restore the file.`));
      values[c.name] = null;
      continue;
    }
    if (c.type === 'text') values[c.name] = raw;
    else if (c.type === 'date') {
      if (!DATE.test(raw))
        problems.push(
          problem(
            where(c.header),
            'is not a date (YYYY-MM-DD)',
            `Restore the file, or type this column as text in ${d.specFile}.`,
            raw,
          ),
        );
      values[c.name] = raw;
    } else {
      const n = integerFromDecimal(raw);
      if (n === undefined)
        problems.push(
          problem(
            where(c.header),
            'is not a non-negative decimal number',
            `Restore the file, or type this column as text in ${d.specFile}.`,
            raw,
          ),
        );
      values[c.name] = n ?? null;
    }
  }
  for (const c of d.spec.columns) {
    if (c.unit) values[c.unit.column] = values[c.name] === null ? null : unitBy(c.unit, values[c.unit.by] ?? null);
  }
  return { record, line, values };
}
