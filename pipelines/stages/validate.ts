// Stage 5, validate: every row against its table's JSON Schema, primary keys unique, foreign keys resolving,
// and the row accounting (rows extracted = rows normalised = rows valid) per table that comes from the paper.

import type { Schemas } from '../lib/schemas.ts';
import path from 'node:path';
import { checkForeignKeys, checkPrimaryKey, validateRows, type Locator } from '../lib/validate.ts';
import { rowOrder } from '../lib/emit/order.ts';
import { DataError, problem, type Problem } from '../lib/problems.ts';
import type { Source } from '../lib/source.ts';
import { shown } from '../lib/paths.ts';
import type { Dataset } from '../lib/table-data.ts';

/** Where a row of each dataset table came from, so that a schema error points into the paper. */
function locator(sources: readonly Source[]): Locator {
  const byId = new Map(sources.map((s) => [s.json.source_id, s]));
  const labelOf = (s: Source | undefined, pick: (t: Source['specs']['tables'][number]) => boolean) =>
    s?.specs.tables.find(pick)?.label;
  return (t, r, column) => {
    const row = t.row(r);
    const s = byId.get(row.source_id as string);
    const raw = (name?: string) => {
      if (!name) return undefined;
      const base = name.replace(/_(low|high|kind|unit)$/, '');
      const v = row[`${base}_raw`] ?? row[name];
      return typeof v === 'string' ? v : v === null || v === undefined ? undefined : String(v);
    };
    const file = s?.file ?? t.name;
    switch (t.name) {
      case 'models':
        return {
          where: {
            file,
            line: row.source_line as number,
            table: labelOf(s, (x) => x.output === 'models'),
            row: row.row_no as number,
            rowLabel: row.model as string,
            ...(column ? { column } : {}),
          },
          raw: raw(column),
        };
      case 'cells':
      case 'source_tables':
        return {
          where: {
            file,
            line: row.line_first as number,
            table: labelOf(s, (x) => x.table_no === row.table_no),
            ...(row.row_no ? { row: row.row_no as number } : {}),
            ...(column ? { column } : {}),
          },
          raw: raw(column),
        };
      case 'sources':
        return {
          where: { file: s ? shown(path.join(s.dir, 'source.json')) : file, ...(column ? { column } : {}) },
          raw: raw(column),
        };
      case 'organisations':
      case 'annotations':
        return {
          where: {
            file: s ? shown(path.join(s.dir, 'curated')) : `sources/*/curated (${t.name})`,
            ...(column ? { column } : {}),
          },
          raw: raw(column),
        };
      default:
        return {
          where: {
            file,
            line: row.line_first as number,
            table: labelOf(s, (x) => x.output === t.name),
            row: row.row_no as number,
            ...(column ? { column } : {}),
          },
          raw: raw(column),
        };
    }
  };
}

export interface Accounting {
  table: string;
  extracted: number;
  normalised: number;
  valid: number;
}

/** `extractedRows`: rows extracted per dataset table (extractedRowsByTable), which the tables from the paper must balance. */
export function validate(
  dataset: Dataset,
  extractedRows: ReadonlyMap<string, number>,
  sources: readonly Source[],
  schemas: Schemas,
): Accounting[] {
  const problems: Problem[] = [];
  const locate = locator(sources);
  const accounting: Accounting[] = [];

  for (const t of dataset.values()) {
    const valid = validateRows(t, schemas, locate, problems);
    checkPrimaryKey(t, locate, problems, rowOrder(t));
    checkForeignKeys(t, dataset, locate, problems);
    const fromPaper = extractedRows.get(t.name);
    if (fromPaper !== undefined) {
      accounting.push({ table: t.name, extracted: fromPaper, normalised: t.rowCount, valid });
      if (fromPaper !== t.rowCount || valid !== t.rowCount) {
        problems.push(
          problem(
            { file: t.name },
            `row accounting does not balance: ${fromPaper} extracted, ${t.rowCount} normalised, ${valid} valid`,
            'The problems above say which rows were lost; fix them.',
          ),
        );
      }
    }
  }
  if (problems.length > 0) throw new DataError(problems);
  return accounting;
}
