// Printing query results: an aligned table for people (CJK characters count two columns), CSV and JSON for
// programs. Integers print exactly, however large.

import { csvField } from '../emit/csv.ts';

/**
 * A value with no JSON or JavaScript primitive of its own (DECIMAL, lists, structs, maps, dates, …): DuckDB's text
 * of it, for the table and CSV, and its JSON (lists as arrays, structs as objects, decimals as exact numbers).
 */
export class Composite {
  constructor(
    readonly text: string,
    readonly json: string,
  ) {}
  toString(): string {
    return this.text;
  }
}

export type Cell = string | number | bigint | boolean | null | Composite;

export interface ResultSet {
  columns: string[];
  /** DuckDB type names, e.g. BIGINT, VARCHAR, ENUM(...). */
  types: string[];
  rows: Cell[][];
}

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u;
// biome-ignore lint/suspicious/noMisleadingCharacterClass: tested one code point at a time; no sequence is meant
const ZERO = /[\u0300-\u036f\u200b-\u200f\ufe00-\ufe0f]/u;
// An emoji drawn as a picture is two columns wide, whatever code points make it up (😀; 👍🏽 with its skin tone; 🇫🇷,
// two regional indicators; a family joined by zero-width joiners; ❤️, a symbol asked to be a picture by U+FE0F).
// Text-style symbols (©, ☺) stay one.
const EMOJI = /\p{Emoji_Presentation}|\p{Regional_Indicator}|\p{Extended_Pictographic}\uFE0F/u;
const PLAIN = /^[\x20-\x7e]*$/;
// What only a grapheme of several code points can hold: a pictograph, a joiner, VS16, a flag's letters, a skin tone.
const COMPOSED = /\p{Extended_Pictographic}|\u200d|\ufe0f|\p{Regional_Indicator}|[\u{1f3fb}-\u{1f3ff}]/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Columns a string takes in a terminal, counted by what the eye sees as one character (a grapheme). */
export function displayWidth(s: string): number {
  if (PLAIN.test(s)) return s.length;
  // Segmenting is slow (20 × a plain loop over CJK text): only strings that may hold an emoji of several code points.
  if (!COMPOSED.test(s)) return codePointsWidth(s);
  let w = 0;
  for (const { segment } of graphemes.segment(s)) w += EMOJI.test(segment) ? 2 : codePointsWidth(segment);
  return w;
}

function codePointsWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return w;
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

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
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding C0 controls and DEL is the point (not C1: \p{Cc})
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => SHOWN[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The table as one string (tests, small results); the runner writes tableLines one by one. */
export function formatTable(r: ResultSet): string {
  return [...tableLines(r)].join('\n');
}

/** The aligned table's lines, without line ends. */
export function* tableLines(r: ResultSet): Generator<string> {
  const cells = r.rows.map((row) => row.map((v) => oneLine(text(v))));
  // A loop, not Math.max(...cells): spreading a large result (--max-rows raised) overflows the call stack.
  const widths = r.columns.map((c, i) =>
    cells.reduce((w, row) => Math.max(w, displayWidth(row[i]!)), displayWidth(oneLine(c))),
  );
  const numeric = r.types.map((t) => NUMERIC.test(t));
  const pad = (s: string, i: number) => {
    const gap = ' '.repeat(widths[i]! - displayWidth(s));
    return numeric[i] ? gap + s : s + gap;
  };
  const line = (row: string[]) => `│ ${row.map(pad).join(' │ ')} │`;
  const columns = r.columns.map(oneLine);
  const rule = (l: string, m: string, r2: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r2;
  yield rule('┌', '┬', '┐');
  yield line(columns);
  yield rule('├', '┼', '┤');
  for (const row of cells) yield line(row);
  yield rule('└', '┴', '┘');
  yield `(${r.rows.length} row${r.rows.length === 1 ? '' : 's'})`;
}

export function formatCsv(r: ResultSet): string {
  return [...csvLines(r)].join('');
}

/** The CSV's lines, each with its line end. */
export function* csvLines(r: ResultSet): Generator<string> {
  const field = (v: Cell) => (typeof v === 'number' ? String(v) : csvField(v instanceof Composite ? v.text : v));
  yield `${r.columns.map((c) => csvField(c)).join(',')}\n`;
  for (const row of r.rows) yield `${row.map(field).join(',')}\n`;
}

/**
 * Column names made unique for JSON's objects, where a repeated key would lose a value to most parsers
 * (`SELECT *` over a join repeats the key columns): the second `a` becomes `a_1`, the third `a_2`, a number being
 * skipped where the query has that name already (DuckDB's own renaming, in a table made from such a query, differs
 * in that case: `a_1_1`).
 */
export function uniqueNames(columns: readonly string[]): string[] {
  const taken = new Set(columns);
  const seen = new Set<string>();
  return columns.map((c) => {
    if (!seen.has(c)) {
      seen.add(c);
      return c;
    }
    let n = 1;
    while (taken.has(`${c}_${n}`) || seen.has(`${c}_${n}`)) n++;
    seen.add(`${c}_${n}`);
    return `${c}_${n}`;
  });
}

/**
 * JSON array of objects. Integers beyond 2^53 and decimals are written as exact JSON numbers, not strings or rounded
 * floats; lists and structs as arrays and objects. JSON has no NaN or infinity: a DOUBLE that is one is null.
 */
export function formatJson(r: ResultSet): string {
  return [...jsonLines(r)].join('');
}

/** The JSON text in pieces, a row at a time. Repeated column names are made unique (uniqueNames). */
export function* jsonLines(r: ResultSet): Generator<string> {
  if (r.rows.length === 0) {
    yield '[]\n';
    return;
  }
  const value = (v: Cell): string =>
    typeof v === 'bigint' ? v.toString() : v instanceof Composite ? v.json : JSON.stringify(v);
  const keys = uniqueNames(r.columns).map((c) => JSON.stringify(c));
  yield '[\n';
  for (let i = 0; i < r.rows.length; i++) {
    yield `  {${r.rows[i]!.map((v, j) => `${keys[j]}: ${value(v)}`).join(', ')}}${i + 1 < r.rows.length ? ',' : ''}\n`;
  }
  yield ']\n';
}

/**
 * Hands the pieces on joined into chunks of about `size` characters (a megabyte): one string of a large result could
 * pass V8's limit on a string's length ("Invalid string length"), and would double the memory the output takes.
 */
export function writeInChunks(pieces: Iterable<string>, write: (chunk: string) => void, size = 1 << 20): void {
  let chunk = '';
  for (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= size) {
      write(chunk);
      chunk = '';
    }
  }
  if (chunk !== '') write(chunk);
}
