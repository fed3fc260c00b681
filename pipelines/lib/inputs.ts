// Hand-edited inputs (source.json, tables.json, curated CSVs) are validated against their own schemas before
// use. Problems point at the file, the line and the field, so the fix is one jump away. They are read as UTF-8, strictly:
// a file saved in another encoding (GB18030 by Excel on Chinese Windows, UTF-16 by others) is one problem naming it,
// not a page of problems about the garbled text.

import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { DataError, problem, type Problem } from './problems.ts';
import { jsonLineIndex, lineOf } from './json-locate.ts';
import { describeError, validateColumns } from './validate-columns.ts';
import { precompiled, schemaKey } from './validators.ts';
import type { Schemas } from './schemas.ts';
import { shown } from './paths.ts';
import { firstInvalidUtf8 } from './text/lines.ts';

const SAVE_AS_UTF8 =
  'Save it as UTF-8: in Excel "CSV UTF-8 (Comma delimited)", in an editor "Save with Encoding: UTF-8", ' +
  'or convert it with `iconv -f <encoding> -t UTF-8`.';

/** The encoding bytes that are not UTF-8 seem to be in, in words, for the message. */
function guessEncoding(bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes.indexOf(0) >= 0)
    return 'it looks like UTF-16 (it holds NUL bytes or starts with a UTF-16 byte-order mark)';
  try {
    if (/\p{Script=Han}/u.test(new TextDecoder('gb18030', { fatal: true }).decode(bytes)))
      return 'it reads as GB18030 (GBK), as Excel saves "CSV" on Chinese Windows';
  } catch {
    /* not GB18030 either */
  }
  return 'it is in another encoding, perhaps Latin-1 or Windows-1252';
}

/**
 * A hand-edited file's bytes as text: UTF-8, a leading byte-order mark dropped; anything else is one problem that
 * names the file, the line of the first byte that is not UTF-8, the encoding it seems to be in, and how to save it.
 */
export function inputText(bytes: Uint8Array, name: string): string {
  // UTF-16 of ASCII text is valid UTF-8, a NUL after each character: no hand-edited file holds a NUL.
  const nul = bytes.indexOf(0);
  if (nul < 0) {
    try {
      return UTF8.decode(bytes).replace(/^\uFEFF+/, '');
    } catch {
      /* located below */
    }
  }
  const at = nul >= 0 ? nul : firstInvalidUtf8(bytes);
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < at; i = bytes.indexOf(0x0a, i + 1)) line++;
  throw new DataError([
    problem(
      { file: name, line },
      `is not UTF-8 text: ${guessEncoding(bytes)} (byte ${at} is 0x${bytes[at]!.toString(16).padStart(2, '0')})`,
      SAVE_AS_UTF8,
    ),
  ]);
}

/** Strict: a byte that is not UTF-8 throws rather than becoming U+FFFD. Byte-order marks are kept, to be dropped as content is. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function fieldOf(e: ErrorObject): string {
  const p = e.instancePath.replace(/^\//, '');
  return p === '' ? '(top level)' : p;
}

function valueAt(data: unknown, pointer: string): unknown {
  let v: unknown = data;
  for (const part of pointer.split('/').slice(1))
    v = (v as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

export function loadJsonInput<T>(file: string, schemaId: string, schemas: Schemas): T {
  const name = shown(file);
  // A byte-order mark (as some Windows editors write) is not content: accepted, as in the curated CSVs.
  const text = inputText(readFileSync(file), name);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const pos = /position (\d+)/.exec(String(e))?.[1];
    const line = pos === undefined ? undefined : text.slice(0, Number(pos)).split('\n').length;
    throw new DataError([
      problem(
        { file: name, ...(line ? { line } : {}) },
        `is not valid JSON: ${(e as Error).message}`,
        'Fix the JSON syntax at this line.',
      ),
    ]);
  }
  const validate = precompiled(schemaKey(schemaId)) ?? schemas.ajv.getSchema(schemaId);
  if (!validate) throw new Error(`no schema ${schemaId}`);
  if (!validate(data)) {
    const index = jsonLineIndex(text);
    const problems = (validate.errors ?? []).map((e): Problem => {
      const line = lineOf(index, e.instancePath);
      const raw = valueAt(data, e.instancePath);
      return problem(
        { file: name, ...(line ? { line } : {}), column: fieldOf(e) },
        describeError(e),
        `Correct this field; ${schemaId.replace('inputs/', 'schemas/inputs/')} describes what it may hold.`,
        typeof raw === 'string' ? raw : undefined,
      );
    });
    throw new DataError(problems);
  }
  return data as T;
}

/** A curated CSV held as columns (one array per field), with the line each record starts on. */
export class CsvTable {
  constructor(
    readonly file: string,
    readonly header: readonly string[],
    readonly columns: ReadonlyMap<string, (string | null)[]>,
    readonly lines: readonly number[],
  ) {}

  get rowCount(): number {
    return this.lines.length;
  }

  get(field: string, i: number): string | null {
    return this.columns.get(field)?.[i] ?? null;
  }

  /** Record i as an object (for messages and small files). */
  record(i: number): Record<string, string | null> {
    return Object.fromEntries(this.header.map((h) => [h, this.get(h, i)]));
  }
}

/**
 * Keeps one copy of each repeated value of a column (closed sets, organisation ids) instead of one per record.
 * A column whose first values hardly repeat (names, ids) stops being interned: lookups would cost more than they save.
 */
class Interner {
  private readonly seen = new Map<string, string>();
  private tries = 0;
  private hits = 0;
  private active = true;
  intern(v: string): string {
    if (!this.active) return v;
    const hit = this.seen.get(v);
    this.tries++;
    if (hit !== undefined) {
      this.hits++;
      return hit;
    }
    this.seen.set(v, v);
    if (this.tries === 1000 && this.hits < 500) {
      this.active = false;
      this.seen.clear();
    }
    return v;
  }
}

/** A record of a CSV text: its fields, the line it starts on, and what papaparse says is wrong with its form. */
export interface CsvRecord {
  fields: string[];
  line: number;
  errors: string[];
}

/**
 * The records of a CSV text as papaparse reads them: comma-separated, \n line ends, empty lines skipped. A record
 * starts at the first character after the previous record that is not a line end.
 */
export function papaparseRecords(text: string, visit: (r: CsvRecord) => void): void {
  // papaparse reports offsets; lines are counted incrementally from one record's end to the next's.
  let line = 1;
  let scanned = 0;
  const advanceTo = (offset: number) => {
    for (let i = text.indexOf('\n', scanned); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    scanned = Math.max(scanned, offset);
  };
  let start = 0;
  Papa.parse<string[]>(text, {
    // A comma, always (curated files and CSV sources alike): guessed, papaparse reads the first records once more
    // for it (0.6 s for a million-row file), and a file saved with semicolons is to fail on its header, not be read
    // as another dialect.
    delimiter: ',',
    newline: '\n',
    skipEmptyLines: true,
    step: (results) => {
      let at = start;
      while (text.charCodeAt(at) === 10 || text.charCodeAt(at) === 13) at++;
      advanceTo(at);
      start = results.meta.cursor;
      visit({ fields: results.data, line, errors: results.errors.map((e) => e.message) });
    },
  });
}

/**
 * The records of a text that holds no quote and no \r, which papaparse reads as lines split at commas (empty lines
 * skipped; a leading byte-order mark, which papaparse would drop, is gone before either reads): read so directly,
 * about three times as fast. tests/sources/csv-records.test.ts compares the two.
 */
export function plainRecords(text: string, visit: (r: CsvRecord) => void): void {
  let line = 1;
  for (let start = 0; start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) visit({ fields: text.slice(start, end).split(','), line, errors: [] });
    start = end + 1;
  }
}

/**
 * Reads a curated CSV (or a CSV source), record by record into columns (no object per record, so a file of a
 * million records stays cheap). An empty field is null. Problems of form are located by line. `bytes`, when given,
 * are the file's content already read (a CSV source's, whose SHA-256 was checked: those bytes, not a second read).
 */
export function readCsvTable(file: string, bytes?: Buffer): { table: CsvTable; problems: Problem[] } {
  const name = shown(file);
  // Byte-order marks (some editors write one, a careless copy two) are not content.
  const raw = inputText(bytes ?? readFileSync(file), name);
  // Spreadsheet programs save CRLF line ends; read as LF, or a hidden \r ends every last field (as paper.txt is read).
  const text = raw.includes('\r\n') ? raw.replace(/\r\n/g, '\n') : raw;
  const problems: Problem[] = [];
  let header: string[] | undefined;
  let columns: (string | null)[][] = [];
  let interners: Interner[] = [];
  const lines: number[] = [];
  const records = text.includes('"') || text.includes('\r') ? papaparseRecords : plainRecords;
  records(text, ({ fields, line, errors }) => {
    for (const e of errors) {
      problems.push(
        problem(
          { file: name, line },
          `is not a well-formed CSV record: ${e}`,
          'Fix the quoting or the number of fields on this line.',
        ),
      );
    }
    if (!header) {
      header = fields;
      columns = header.map(() => []);
      interners = header.map(() => new Interner());
      return;
    }
    if (fields.length !== header.length) {
      problems.push(
        problem(
          { file: name, line },
          `has ${fields.length} fields where the header has ${header.length}`,
          'Fix the number of fields on this line (quote a field that holds a comma).',
        ),
      );
    }
    for (let c = 0; c < header.length; c++) {
      const v = fields[c];
      columns[c]!.push(v === undefined || v === '' ? null : interners[c]!.intern(v));
    }
    lines.push(line);
  });
  const h = header ?? [];
  return { table: new CsvTable(name, h, new Map(h.map((f, i) => [f, columns[i]!])), lines), problems };
}

/** Reads a curated CSV and validates it against `schemaId`, column by column, one problem per bad field. */
export function loadCsvTable(file: string, schemaId: string, schemas: Schemas): CsvTable {
  const { table, problems } = readCsvTable(file);
  const schema = schemas.json(schemaId) as { properties: Record<string, unknown>; required?: string[] };
  const fix = `Correct this field; ${schemaId.replace('inputs/', 'schemas/inputs/')} describes what it may hold.`;
  for (const f of table.header) {
    if (!(f in schema.properties)) {
      problems.push(
        problem(
          { file: table.file, line: 1, column: f },
          'is not a field of this file',
          f.includes(';') ? 'Save the file with commas between fields (it has semicolons).' : fix,
        ),
      );
    }
  }
  for (const f of schema.required ?? []) {
    if (!table.header.includes(f))
      problems.push(problem({ file: table.file, line: 1 }, `lacks the field ${JSON.stringify(f)}`, fix));
  }
  const known = Object.fromEntries(
    table.header.filter((x) => x in schema.properties).map((f) => [f, table.columns.get(f)!]),
  );
  for (const { column, row, error } of validateColumns(schemas, schemaId, known)) {
    // An empty field is read as null, which a required text field's type refuses: say what the user sees.
    const value = table.get(column, row);
    const empty = value === null && error.keyword === 'type';
    problems.push(
      problem(
        { file: table.file, line: table.lines[row]!, column },
        empty ? 'is empty' : describeError(error),
        empty ? `Fill it in; ${schemaId.replace('inputs/', 'schemas/inputs/')} describes what it holds.` : fix,
        value ?? undefined,
      ),
    );
  }
  if (problems.length > 0) throw new DataError(problems.sort((a, b) => (a.where.line ?? 0) - (b.where.line ?? 0)));
  return table;
}
