// CSV as RFC 4180 with a header row and \n line ends: integers as integers, booleans as true/false, NULL as
// an empty field and the empty string as "" (so the two stay apart).

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

/** Rows per piece written: about a megabyte of text for a wide table. */
const PIECE_ROWS = 4096;

/** Writes the table in `order`, a piece at a time, hashing as it goes; a signal is handled between pieces. */
export async function writeCsv(file: string, t: TableData, order: Uint32Array): Promise<Written> {
  const out = new HashingFile(file);
  try {
    const columns = t.columns;
    out.write(`${t.def.columns.map((c) => c.name).join(',')}\n`);
    for (let from = 0; from < order.length; from += PIECE_ROWS) {
      let piece = '';
      for (let k = from; k < Math.min(order.length, from + PIECE_ROWS); k++) {
        const r = order[k]!;
        let line = csvField(columns[0]![r]!);
        for (let i = 1; i < columns.length; i++) line += `,${csvField(columns[i]![r]!)}`;
        piece += `${line}\n`;
      }
      out.write(piece);
      await letSignalsIn();
    }
    return out.close();
  } catch (e) {
    out.abandon();
    throw e;
  }
}
