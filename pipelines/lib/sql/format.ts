// Printing query results: an aligned table for people (CJK characters count two columns), CSV and JSON for
// programs. Integers print exactly, however large.

import { csvField } from '../emit/csv.ts';

/**
 * A value with no JSON or JavaScript primitive of its own (DECIMAL, lists, structs, maps, dates, …): DuckDB's text
 * of it, for the table and CSV, and its JSON (lists as arrays, structs as objects, decimals as exact numbers).
 */
export class Composite {
  constructor(readonly text: string, readonly json: string) {}
  toString(): string { return this.text; }
}

export type Cell = string | number | bigint | boolean | null | Composite;

export interface ResultSet {
  columns: string[];
  /** DuckDB type names, e.g. BIGINT, VARCHAR, ENUM(...). */
  types: string[];
  rows: Cell[][];
}

const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u;
const ZERO = /[\u0300-\u036f\u200b-\u200f\ufe00-\ufe0f]/u;

/** Columns a string takes in a terminal. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return w;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

export function text(v: Cell): string {
  if (v === null) return 'NULL';
  return typeof v === 'string' ? v : String(v);
}

const SHOWN: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A value or column name on one line of the table: line ends and tabs shown as \n, \r and \t, other control
 * characters (an escape sequence would restyle the terminal) as \x1b and the like. A backslash stays as printed, so
 * a value holding a real backslash-n reads the same: --csv and --json give values exactly.
 */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => SHOWN[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function formatTable(r: ResultSet): string {
  const cells = r.rows.map((row) => row.map((v) => oneLine(text(v))));
  // A loop, not Math.max(...cells): spreading a large result (--max-rows raised) overflows the call stack.
  const widths = r.columns.map((c, i) => cells.reduce((w, row) => Math.max(w, displayWidth(row[i]!)), displayWidth(oneLine(c))));
  const numeric = r.types.map((t) => NUMERIC.test(t));
  const pad = (s: string, i: number) => {
    const gap = ' '.repeat(widths[i]! - displayWidth(s));
    return numeric[i] ? gap + s : s + gap;
  };
  const line = (row: string[]) => `│ ${row.map(pad).join(' │ ')} │`;
  const columns = r.columns.map(oneLine);
  const rule = (l: string, m: string, r2: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r2;
  return [
    rule('┌', '┬', '┐'),
    line(columns),
    rule('├', '┼', '┤'),
    ...cells.map(line),
    rule('└', '┴', '┘'),
    `(${r.rows.length} row${r.rows.length === 1 ? '' : 's'})`,
  ].join('\n');
}

export function formatCsv(r: ResultSet): string {
  const field = (v: Cell) => (typeof v === 'number' ? String(v) : csvField(v instanceof Composite ? v.text : v));
  return [r.columns.map((c) => csvField(c)).join(','), ...r.rows.map((row) => row.map(field).join(','))].join('\n') + '\n';
}

/**
 * JSON array of objects. Integers beyond 2^53 and decimals are written as exact JSON numbers, not strings or rounded
 * floats; lists and structs as arrays and objects. JSON has no NaN or infinity: a DOUBLE that is one is null.
 */
export function formatJson(r: ResultSet): string {
  const value = (v: Cell): string => (typeof v === 'bigint' ? v.toString() : v instanceof Composite ? v.json : JSON.stringify(v));
  const rows = r.rows.map((row) => `  {${row.map((v, i) => `${JSON.stringify(r.columns[i])}: ${value(v)}`).join(', ')}}`);
  return rows.length === 0 ? '[]\n' : `[\n${rows.join(',\n')}\n]\n`;
}
