// How query results read: NULL as NULL (never blank or 0), integers with digit grouping (BigInt from DuckDB-WASM too,
// so nothing is rounded), and CSV for downloads in the project's CSV conventions.

import type { Lang } from './quantity.ts';

export type Value = string | number | bigint | boolean | null | Value[] | object;

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });

/** A count as the page writes counts and sizes: 2,501 and 11,734 alike. */
export function grouped(n: number): string {
  return GROUPED.format(n);
}

export function formatValue(v: Value): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'bigint') return GROUPED.format(v);
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) >= 10_000 ? GROUPED.format(v) : String(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** The plain text of a value for searching, sorting and CSV: no digit grouping, NULL as the empty string. */
export function plainValue(v: Value): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return formatValue(v);
}

/** A CSV field as the project's CSV files write it: NULL empty, an empty value (text, BLOB) as "", quotes only when needed. */
function csvField(v: Value): string {
  if (v === null || v === undefined) return '';
  const s = plainValue(v);
  if (s === '') return '""';
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** RFC 4180 CSV with \n line ends, as `npm run sql -- --csv` prints it. */
export function toCsv(columns: string[], rows: Value[][]): string {
  return `${[columns.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\n')}\n`;
}

/** The most characters a cell of the console shows of one value; the CSV download holds the whole value. */
export const SHOWN_CHARACTERS = 10_000;

/** A long text cut to its first `max` characters, saying how long it is: "xxx… (123,456 characters)". */
export function clipped(s: string, lang: Lang, max = SHOWN_CHARACTERS): string {
  if (s.length <= max) return s;
  const n = GROUPED.format(s.length);
  return `${s.slice(0, max)}${lang === 'zh' ? `…（共 ${n} 个字符）` : `… (${n} characters)`}`;
}

/**
 * The most characters one value of a result may have, as the SQL runner's --max-value-length. A value of 100 million
 * characters crashed the tab when drawn whole in a cell (read, measured and cut to the cell's 10,000 characters it
 * took 2.3 s); this bounds what a result holds in memory (the value, its CSV) as the runner does.
 */
export const MAX_VALUE_LENGTH = 1_000_000;

/** A value longer than MAX_VALUE_LENGTH characters: the console says so in the page's language. */
export class ValueTooLong extends Error {
  constructor(
    readonly column: string,
    readonly length: number,
  ) {
    super(`${column}: a value of ${length} characters`);
  }
}

/** The value, or ValueTooLong when its text is longer than MAX_VALUE_LENGTH characters. */
export function bounded(v: Value, column: string): Value {
  const length = typeof v === 'string' ? v.length : v !== null && typeof v === 'object' ? formatValue(v).length : 0;
  if (length > MAX_VALUE_LENGTH) throw new ValueTooLong(column, length);
  return v;
}
