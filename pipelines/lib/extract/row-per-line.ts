// Reads a table printed one row per line (表3 of chang2024), with single spaces both between columns and
// inside cells ("Model X 2 SomeLab / 3 亿张图片 是"). The spec says how many tokens each column takes:
// one, a number with its unit word ("30 亿"), or the rest (exactly one column, e.g. the model name). Lines
// that match the group-label pattern ("文本类") label the rows under them.
//
// Tokens are runs of non-white-space (any Unicode white space separates them, as in the regular expression
// \S+), kept as offsets in reused arrays: a table of a million rows makes no object per token or per row.

import { fail } from '../problems.ts';
import { isBlank, isSpace } from '../text/lines.ts';
import { checkControls, endsCell, tableHint, whereAt, type ReadContext, type ReadOutcome } from './context.ts';
import type { ColumnSpec } from './spec.ts';

/** Token offsets of one line, in arrays reused from line to line. */
export class Tokens {
  starts = new Int32Array(32);
  ends = new Int32Array(32);
  count = 0;

  read(line: string): this {
    this.count = 0;
    let i = 0;
    const n = line.length;
    while (i < n) {
      while (i < n && isSpace(line.charCodeAt(i))) i++;
      if (i >= n) break;
      const start = i;
      while (i < n && !isSpace(line.charCodeAt(i))) i++;
      if (this.count === this.starts.length) {
        const grow = (a: Int32Array) => {
          const b = new Int32Array(a.length * 2);
          b.set(a);
          return b;
        };
        this.starts = grow(this.starts);
        this.ends = grow(this.ends);
      }
      this.starts[this.count] = start;
      this.ends[this.count] = i;
      this.count++;
    }
    return this;
  }
}

const isDigit = (c: number) => (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19);
const isPoint = (c: number) => c === 46 || c === 0xff0e;

/** A token that is a bare number (ASCII or full-width digits, one optional decimal point): it takes a unit word. */
function isBareNumber(line: string, start: number, end: number): boolean {
  let i = start;
  if (i >= end || !isDigit(line.charCodeAt(i))) return false;
  while (i < end && isDigit(line.charCodeAt(i))) i++;
  if (i === end) return true;
  if (!isPoint(line.charCodeAt(i))) return false;
  i++;
  if (i >= end) return false;
  while (i < end && isDigit(line.charCodeAt(i))) i++;
  return i === end;
}

/**
 * Assigns tokens to columns: columns before the `rest` column from the left, those after it from the right.
 * Writes each column's first and last+1 token into `first`/`after`; returns a reason when the line is no row.
 */
export function splitRow(
  line: string,
  tk: Tokens,
  columns: readonly ColumnSpec[],
  first: Int32Array,
  after: Int32Array,
): string | undefined {
  const restAt = columns.findIndex((c) => c.tokens === 'rest');
  const num = (t: number) => t >= 0 && t < tk.count && isBareNumber(line, tk.starts[t]!, tk.ends[t]!);
  const tooFew = `has ${tk.count} tokens, too few for the columns`;
  let lo = 0;
  let hi = tk.count; // exclusive
  for (let c = 0; c < restAt; c++) {
    const n = columns[c]!.tokens === 'number_and_unit' && num(lo) && lo + 1 < hi && !num(lo + 1) ? 2 : 1;
    if (lo + n > hi) return tooFew;
    first[c] = lo;
    after[c] = lo + n;
    lo += n;
  }
  for (let c = columns.length - 1; c > restAt; c--) {
    const n = columns[c]!.tokens === 'number_and_unit' && hi - 2 >= lo && !num(hi - 1) && num(hi - 2) ? 2 : 1;
    if (hi - n < lo) return tooFew;
    first[c] = hi - n;
    after[c] = hi;
    hi -= n;
  }
  if (hi <= lo) return tooFew;
  first[restAt] = lo;
  after[restAt] = hi;
  return undefined;
}

export function readRowPerLine(ctx: ReadContext): ReadOutcome {
  const { lines, spec, matchers, builder } = ctx;
  const rowColumns = spec.columns.filter((c) => c.from !== 'group_label');
  const columnIndex = rowColumns.map((c) => builder.indexOf(c.name));
  const group = spec.group_label;
  const groupIndex = group ? builder.indexOf(group.column) : -1;
  const label = group ? new RegExp(group.pattern, 'u') : undefined;
  const tk = new Tokens();
  const first = new Int32Array(rowColumns.length);
  const after = new Int32Array(rowColumns.length);
  let current: { text: string; line: number } | undefined;
  let last = ctx.body - 1;

  /** Tokenizes and splits line i into `tk`, `first`, `after`; a reason when it is not a row. */
  const parse = (i: number): string | undefined => {
    const l = lines[i]!;
    if (!endsCell(l)) return 'does not end with the trailing space that ends a row';
    return splitRow(l, tk.read(l), rowColumns, first, after);
  };
  /** The next line that is neither blank nor furniture. */
  const peek = (from: number): number => {
    let j = from;
    while (j < lines.length && (isBlank(lines[j]!) || matchers.isFurniture(lines[j]!))) j++;
    return j;
  };

  for (let i = ctx.body; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    checkControls(ctx, i);
    if (matchers.isFurniture(line)) {
      builder.account(i + 1, 'page_furniture');
      last = i;
      continue;
    }
    if (matchers.isSourceNote(line)) {
      builder.account(i + 1, 'source_note');
      return { end: i };
    }

    let reason = parse(i);
    // A group label has too few tokens to be a row, and a row follows it (a lone word of prose after the table
    // is not a label).
    if (reason !== undefined && label && endsCell(line) && label.test(line.trim())) {
      const next = peek(i + 1);
      // At the start of the table a label is a label even if the row under it is broken (that row then fails).
      if (builder.rowCount === 0 || (next < lines.length && parse(next) === undefined)) {
        current = { text: line.trim(), line: i + 1 };
        builder.groupCount++;
        builder.account(i + 1, 'group_label');
        last = i;
        continue;
      }
      reason = parse(i);
    }
    if (reason !== undefined) {
      if (spec.ends_with === 'last_row' && builder.rowCount > 0)
        return { end: last, stop: { line: i + 1, text: line, reason } };
      fail(
        whereAt(ctx, i, { row: builder.rowCount + 1 }),
        `is not a row of ${spec.label}: it ${reason}`,
        tableHint(ctx),
        line,
      );
    }
    const row = builder.rowCount + 1;
    if (group && !current) {
      fail(
        whereAt(ctx, i, { row }),
        `comes before any ${group.column} label line`,
        `${tableHint(ctx)} Each row must sit under a label line that matches ${group.pattern}.`,
        line,
      );
    }
    for (let c = 0; c < rowColumns.length; c++) {
      builder.cellAt(columnIndex[c]!, line.slice(tk.starts[first[c]!]!, tk.ends[after[c]! - 1]!), i + 1, i + 1);
    }
    if (current) builder.cellAt(groupIndex, current.text, current.line, current.line);
    builder.account(i + 1, 'cell');
    builder.row(i + 1, i + 1);
    last = i;
  }
  if (spec.ends_with === 'source_note') {
    fail(
      whereAt(ctx, lines.length - 1),
      "the file ends before the table's source note",
      `${tableHint(ctx)} If the table has no source note, set ends_with to "last_row".`,
    );
  }
  return { end: last };
}
