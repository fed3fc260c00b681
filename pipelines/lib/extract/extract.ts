// The extract stage's logic: find each table of a paper by its captions, read its rows with the reader its
// layout names, and check the counts the spec expects.

import { fail } from '../problems.ts';
import { findTableStart, lineMatchers } from './layout.ts';
import { readRowPerLine } from './row-per-line.ts';
import type { TableSpec, TableSpecs } from './spec.ts';
import { TableBuilder, type ExtractedTable } from './types.ts';
import { readWrappedCells } from './wrapped-cells.ts';
import type { ReadContext } from './context.ts';

export interface PaperText {
  sourceId: string;
  /** The paper's path as messages name it. */
  file: string;
  /** The table specs' path as messages name it. */
  specFile: string;
  lines: readonly string[];
}

export function extractTable(paper: PaperText, specs: TableSpecs, spec: TableSpec): ExtractedTable {
  const { lines, file, specFile } = paper;
  const start = findTableStart(lines, spec, file, specFile);
  const builder = new TableBuilder(spec.columns.map((c) => c.name));
  builder.account(start.captionEn + 1, 'caption');
  builder.account(start.captionZh + 1, 'caption');
  builder.account(start.header + 1, 'header');
  const ctx: ReadContext = {
    lines,
    file,
    specFile,
    spec,
    matchers: lineMatchers(specs.layout),
    body: start.body,
    builder,
  };
  const outcome = spec.layout === 'wrapped_cells' ? readWrappedCells(ctx) : readRowPerLine(ctx);

  const table: ExtractedTable = {
    sourceId: paper.sourceId,
    file,
    spec,
    captionEn: { text: lines[start.captionEn]!.trim(), line: start.captionEn + 1 },
    captionZh: { text: lines[start.captionZh]!.trim(), line: start.captionZh + 1 },
    header: { text: lines[start.header]!.trim(), line: start.header + 1 },
    lineFirst: start.captionEn + 1,
    lineLast: outcome.end + 1,
    rowCount: builder.rowCount,
    rowLineFirst: builder.rowLineFirst,
    rowLineLast: builder.rowLineLast,
    columns: builder.columns,
    groupCount: builder.groupCount,
    accountLines: builder.accountLines,
    accountRoles: builder.accountRoles,
    ...(outcome.stop ? { stop: outcome.stop } : {}),
  };
  checkCounts(table, specFile);
  return table;
}

/** The spec's expected counts guard against a table that silently lost or gained rows. */
function checkCounts(t: ExtractedTable, specFile: string): void {
  const { spec } = t;
  const stopped = t.stop
    ? ` The table was taken to end before line ${t.stop.line} (${JSON.stringify(t.stop.text.trim())}), which ${t.stop.reason}.`
    : '';
  if (t.rowCount !== spec.expected_rows) {
    fail(
      { file: t.file, line: t.stop?.line ?? t.lineLast, table: spec.label },
      `has ${t.rowCount} rows where the spec expects ${spec.expected_rows}.${stopped}`,
      `If the paper really has ${t.rowCount} rows, set expected_rows of ${spec.label} to ${t.rowCount} in ${specFile}; otherwise fix the line that ends the table early.`,
    );
  }
  if (spec.expected_groups !== undefined && t.groupCount !== spec.expected_groups) {
    fail(
      { file: t.file, line: t.lineFirst, table: spec.label },
      `has ${t.groupCount} ${spec.group_label?.column ?? 'group'} labels where the spec expects ${spec.expected_groups}`,
      `If the paper really has ${t.groupCount}, set expected_groups of ${spec.label} to ${t.groupCount} in ${specFile}; otherwise check the label lines.`,
    );
  }
}
