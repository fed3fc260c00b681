// What extraction yields: for each table, its rows as columns of verbatim cell text with the lines each cell
// came from, and an account of every non-blank line of the table's region.

import type { TableSpec } from './spec.ts';

export type LineRole = 'caption' | 'header' | 'cell' | 'group_label' | 'source_note' | 'page_furniture';

export interface ExtractedColumn {
  name: string;
  text: string[];
  /** 1-based lines in the source file. */
  lineFirst: number[];
  lineLast: number[];
}

export interface PrintedLine {
  text: string;
  line: number;
}

/** Where a table that ends after its last row was found to end, and why that line is not a row. */
export interface Stop {
  line: number;
  text: string;
  reason: string;
}

export interface ExtractedTable {
  sourceId: string;
  /** The source file, as messages name it. */
  file: string;
  spec: TableSpec;
  captionEn: PrintedLine;
  captionZh: PrintedLine;
  header: PrintedLine;
  /** First and last line of the table's region (caption to last row, source note or trailing furniture). */
  lineFirst: number;
  lineLast: number;
  rowCount: number;
  rowLineFirst: number[];
  rowLineLast: number[];
  /** In the spec's column order. */
  columns: ExtractedColumn[];
  groupCount: number;
  /** Every non-blank line of the region with its role, in order. */
  accountLines: number[];
  accountRoles: LineRole[];
  stop?: Stop;
}

/** Accumulates cells row by row, column by column. */
export class TableBuilder {
  readonly columns: ExtractedColumn[];
  readonly rowLineFirst: number[] = [];
  readonly rowLineLast: number[] = [];
  readonly accountLines: number[] = [];
  readonly accountRoles: LineRole[] = [];
  groupCount = 0;
  private readonly byName: Map<string, number>;

  constructor(names: readonly string[]) {
    this.columns = names.map((name) => ({ name, text: [], lineFirst: [], lineLast: [] }));
    this.byName = new Map(names.map((name, i) => [name, i]));
  }

  get rowCount(): number {
    return this.rowLineFirst.length;
  }

  indexOf(column: string): number {
    return this.byName.get(column)!;
  }

  cellAt(index: number, text: string, first: number, last: number): void {
    const c = this.columns[index]!;
    c.text.push(text);
    c.lineFirst.push(first);
    c.lineLast.push(last);
  }

  row(first: number, last: number): void {
    this.rowLineFirst.push(first);
    this.rowLineLast.push(last);
  }

  account(line: number, role: LineRole): void {
    this.accountLines.push(line);
    this.accountRoles.push(role);
  }
}
