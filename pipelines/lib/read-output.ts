// Reading a built table back from its CSV, typed by its schema: what the diff and the generated docs work on.
// The emitter writes NULL as an empty field and the empty string as "", so the reader must know whether a field
// was quoted; papaparse does not say, hence this small RFC 4180 reader.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ColumnDef, TableDef } from './schemas.ts';
import { TableData, type Value } from './table-data.ts';
import { literal, sqlType } from './emit/ddl.ts';

export interface CsvField {
  text: string;
  quoted: boolean;
}

/** Text that is not CSV, with the 1-based line where the damage starts. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** Records of RFC 4180 text with \n (or \r\n) line ends. */
export function parseCsvRecords(text: string): CsvField[][] {
  const records: CsvField[][] = [];
  let record: CsvField[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let field = '';
    let quoted = false;
    if (text[i] === '"') {
      quoted = true;
      const opening = i;
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new CsvSyntaxError('has a quoted field that is never closed', lineAt(text, opening));
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      field = text.slice(i, j);
      i = j;
    }
    record.push({ text: field, quoted });
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n' || i >= n) {
      records.push(record);
      record = [];
      i++;
    }
  }
  return records;
}

function typed(c: ColumnDef, f: CsvField | undefined): Value {
  if (f === undefined || (f.text === '' && !f.quoted)) return null;
  if (c.base === 'integer') return BigInt(f.text);
  if (c.base === 'number') return Number(f.text);
  if (c.base === 'boolean') return f.text === 'true';
  return f.text;
}

export function tableFromCsv(def: TableDef, text: string): TableData {
  const t = new TableData(def);
  const [header, ...records] = parseCsvRecords(text);
  const names = (header ?? []).map((f) => f.text);
  const index = def.columns.map((c) => names.indexOf(c.name));
  for (const rec of records)
    def.columns.forEach((c, i) => {
      (t.columns[i] as Value[]).push(index[i]! < 0 ? null : typed(c, rec[index[i]!]));
    });
  return t;
}

export function readOutputTable(outDir: string, def: TableDef): TableData {
  return tableFromCsv(def, readFileSync(path.join(outDir, 'csv', `${def.name}.csv`), 'utf8'));
}

/** DuckDB's reading of a built CSV file, typed by its schema: "" stays apart from NULL, as in the file. */
export function readCsvSql(def: TableDef, csvFile: string): string {
  const cols = def.columns.map((c) => `${literal(c.name)}: ${literal(sqlType(c))}`).join(', ');
  return (
    `SELECT * FROM read_csv(${literal(csvFile)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', ` +
    `new_line = '\\n', nullstr = '', allow_quoted_nulls = false, columns = {${cols}})`
  );
}
