// CSV as RFC 4180 with a header row and \n line ends: integers as integers, booleans as true/false, NULL as
// an empty field and the empty string as "" (so the two stay apart).

import { closeSync, openSync, writeSync } from 'node:fs';
import type { TableData, Value } from '../table-data.ts';

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

/** Writes the table in `order`, in chunks, so a large table never becomes one giant string. */
export function writeCsv(file: string, t: TableData, order: Uint32Array): number {
  const fd = openSync(file, 'w');
  let bytes = 0;
  try {
    const cols = t.columns;
    let chunk = t.def.columns.map((c) => c.name).join(',') + '\n';
    for (let k = 0; k < order.length; k++) {
      const r = order[k]!;
      let line = csvField(cols[0]![r]!);
      for (let c = 1; c < cols.length; c++) line += ',' + csvField(cols[c]![r]!);
      chunk += line + '\n';
      if (chunk.length > 1 << 20) {
        bytes += writeSync(fd, chunk);
        chunk = '';
      }
    }
    bytes += writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return bytes;
}
