// The provenance tables: sources (citation and licence), source_tables (captions and regions) and cells (every
// extracted cell with its lines).

import type { TableData, Value } from '../table-data.ts';
import type { ExtractedTable } from '../extract/types.ts';
import type { SourceJson } from '../source.ts';
import type { NormaliseContext } from './context.ts';

export function sourcesRow(out: TableData, s: SourceJson, file: string): void {
  const c = s.citation;
  out.push({
    source_id: s.source_id,
    kind: s.kind ?? 'paper text',
    title: c.title,
    first_author: c.first_author,
    first_author_en: c.first_author_en,
    authors_as_printed: c.authors_as_printed ?? null,
    journal: c.journal ?? null,
    journal_en: c.journal_en ?? null,
    publisher: c.publisher,
    year: c.year,
    page_seen: c.page_seen ?? null,
    doi: c.doi ?? null,
    url: c.url,
    licence: s.licence.id,
    licence_url: s.licence.url,
    attribution: s.attribution,
    obtained: s.obtained,
    file,
    sha256: s.sha256,
    accessed: c.accessed ?? null,
  });
}

export function sourceTablesRows(out: TableData, tables: readonly ExtractedTable[], ctx: NormaliseContext): void {
  for (const t of tables) {
    out.push({
      source_id: ctx.sourceId,
      table_no: t.spec.table_no,
      dataset_table: t.spec.output,
      caption: t.captionZh.text,
      caption_en: t.captionEn.text,
      header: t.header.text,
      line_first: t.lineFirst,
      line_last: t.lineLast,
      row_count: t.rowCount,
    });
  }
}

/**
 * Appends every cell of the tables to `out`. A paper of a million rows has millions of cells, so the integer
 * columns are Int32Arrays and the text columns hold references to the extracted strings: no object per cell.
 */
export function cellsRows(out: TableData, tables: readonly ExtractedTable[], ctx: NormaliseContext): void {
  const before = out.rowCount;
  const n = before + tables.reduce((k, t) => k + t.rowCount * t.columns.length, 0);
  const ints = ['table_no', 'row_no', 'column_no', 'line_first', 'line_last'].map((name) => {
    const grown = new Int32Array(n);
    grown.set(Array.from(out.columns[out.indexOf(name)]! as ArrayLike<number>).slice(0, before));
    out.setColumn(name, grown);
    return grown;
  });
  const [tableNo, rowNo, colNo, first, last] = ints as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
  const [source, colName, text] = ['source_id', 'column_name', 'text'].map((name) => out.column(name)) as [
    Value[],
    Value[],
    Value[],
  ];
  for (const c of [source, colName, text]) c.length = n;
  let k = before;
  for (const t of tables) {
    const cols = t.columns;
    for (let r = 0; r < t.rowCount; r++) {
      for (let ci = 0; ci < cols.length; ci++, k++) {
        const c = cols[ci]!;
        source[k] = ctx.sourceId;
        tableNo[k] = t.spec.table_no;
        rowNo[k] = r + 1;
        colNo[k] = ci + 1;
        colName[k] = c.name;
        text[k] = c.text[r]!;
        first[k] = c.lineFirst[r]!;
        last[k] = c.lineLast[r]!;
      }
    }
  }
}
