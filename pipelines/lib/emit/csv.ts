// CSV as RFC 4180 with a header row and \n line ends: integers as integers, booleans as true/false, NULL as
// an empty field and the empty string as "" (so the two stay apart).

import type { ColumnDef } from '../schemas.ts';
import type { TableData, Value } from '../table-data.ts';
import { HashingFile, type Written } from './file-sink.ts';
import { letSignalsIn } from '../interrupt.ts';

const NEEDS_QUOTES = /[",\n\r]/;

export function csvField(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'string') {
    if (v === '') return '""';
    return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v.toString();
}

/** The expression that formats column `i` of row `r` (value in `v`), specialised to the column's type. */
function fieldExpression(c: ColumnDef, i: number): string {
  const v = `(v = c${i}[r])`;
  if (c.base === 'integer' || c.base === 'number') return c.nullable ? `(${v} === null ? '' : '' + v)` : `('' + c${i}[r])`;
  if (c.base === 'boolean') return `(${v} === null ? '' : v ? 'true' : 'false')`;
  if (c.enumValues && c.enumValues.every((e) => !NEEDS_QUOTES.test(e) && e !== '')) return `(${v} === null ? '' : v)`;
  return `q(c${i}[r])`;
}

type RowsToCsv = (cols: ArrayLike<Value>[], q: (v: Value) => string, order: Uint32Array, from: number, to: number) => string;

/**
 * A function, generated once per table schema, that formats a run of rows: every field's formatting is inlined
 * for its column's type, so the loop over millions of rows does no dispatch per field.
 */
function compileRows(cols: readonly ColumnDef[]): RowsToCsv {
  const unpack = cols.map((_, i) => `const c${i} = cols[${i}];`).join('\n');
  const line = cols.map((c, i) => fieldExpression(c, i)).join(" + ',' + ");
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('cols', 'q', 'order', 'from', 'to', `${unpack}
let out = '';
let v;
for (let k = from; k < to; k++) {
  const r = order[k];
  out += ${line} + '\\n';
}
return out;`) as RowsToCsv;
}

const compiled = new WeakMap<readonly ColumnDef[], RowsToCsv>();

/** Rows per formatted piece: about a megabyte of text for a wide table. */
const PIECE_ROWS = 4096;

/** Writes the table in `order`, a piece at a time, hashing as it goes; a signal is handled between pieces. */
export async function writeCsv(file: string, t: TableData, order: Uint32Array): Promise<Written> {
  const out = new HashingFile(file);
  try {
    let rows = compiled.get(t.def.columns);
    if (!rows) compiled.set(t.def.columns, (rows = compileRows(t.def.columns)));
    out.write(t.def.columns.map((c) => c.name).join(',') + '\n');
    for (let from = 0; from < order.length; from += PIECE_ROWS) {
      out.write(rows(t.columns, csvField, order, from, Math.min(order.length, from + PIECE_ROWS)));
      await letSignalsIn();
    }
    return out.close();
  } catch (e) {
    out.abandon();
    throw e;
  }
}
