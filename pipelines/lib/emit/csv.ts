// CSV as RFC 4180 with a header row and \n line ends: integers as integers, booleans as true/false, NULL as
// an empty field and the empty string as "" (so the two stay apart).

import type { ColumnDef } from '../schemas.ts';
import type { TableData, Value } from '../table-data.ts';
import { HashingFile, type Written } from './file-sink.ts';

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

/** One formatter per column, chosen once from its type: the row loop then does no type dispatch. */
function formatter(c: ColumnDef): (v: Value) => string {
  if (c.base === 'integer') return (v) => (v === null ? '' : `${v}`);
  if (c.base === 'boolean') return (v) => (v === null ? '' : v ? 'true' : 'false');
  if (c.enumValues && c.enumValues.every((e) => !NEEDS_QUOTES.test(e) && e !== '')) return (v) => (v === null ? '' : (v as string));
  return csvField;
}

/** Writes the table in `order`, a megabyte at a time, hashing as it goes. */
export function writeCsv(file: string, t: TableData, order: Uint32Array): Written {
  const out = new HashingFile(file);
  try {
    const cols = t.columns;
    const fmt = t.def.columns.map(formatter);
    const n = cols.length;
    let chunk = t.def.columns.map((c) => c.name).join(',') + '\n';
    for (let k = 0; k < order.length; k++) {
      const r = order[k]!;
      let line = fmt[0]!(cols[0]![r]!);
      for (let c = 1; c < n; c++) line += ',' + fmt[c]!(cols[c]![r]!);
      chunk += line + '\n';
      if (chunk.length > 1 << 20) {
        out.write(chunk);
        chunk = '';
      }
    }
    out.write(chunk);
    return out.close();
  } catch (e) {
    out.abandon();
    throw e;
  }
}
