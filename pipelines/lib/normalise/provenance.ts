// The provenance tables: sources (citation and licence), source_tables (captions and regions) and cells (every
// extracted cell with its lines).

import { TableData } from '../table-data.ts';
import type { ExtractedTable } from '../extract/types.ts';
import type { SourceJson } from '../source.ts';
import type { NormaliseContext } from './context.ts';

export function sourcesRow(out: TableData, s: SourceJson, file: string): void {
  const c = s.citation;
  out.push({
    source_id: s.source_id,
    title: c.title,
    first_author: c.first_author,
    first_author_en: c.first_author_en,
    authors_as_printed: c.authors_as_printed ?? null,
    journal: c.journal,
    journal_en: c.journal_en,
    publisher: c.publisher,
    year: c.year,
    page_seen: c.page_seen ?? null,
    doi: c.doi,
    url: c.url,
    licence: s.licence.id,
    licence_url: s.licence.url,
    attribution: s.attribution,
    obtained: s.obtained,
    file,
    sha256: s.sha256,
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

/** Writes straight into the columns: a million-row table has millions of cells. */
export function cellsRows(out: TableData, tables: readonly ExtractedTable[], ctx: NormaliseContext): void {
  const [source, tableNo, rowNo, colNo, colName, text, first, last] = [
    'source_id', 'table_no', 'row_no', 'column_no', 'column_name', 'text', 'line_first', 'line_last',
  ].map((n) => out.column(n));
  for (const t of tables) {
    for (let r = 0; r < t.rowCount; r++) {
      t.columns.forEach((c, ci) => {
        source!.push(ctx.sourceId);
        tableNo!.push(t.spec.table_no);
        rowNo!.push(r + 1);
        colNo!.push(ci + 1);
        colName!.push(c.name);
        text!.push(c.text[r]!);
        first!.push(c.lineFirst[r]!);
        last!.push(c.lineLast[r]!);
      });
    }
  }
}
