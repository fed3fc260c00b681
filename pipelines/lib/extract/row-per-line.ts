// Reads a table printed one row per line (表3 of chang2024), with single spaces both between columns and
// inside cells ("DALL-E 2 OpenAI / 2.5 亿个图像文本对 否"). The spec says how many tokens each column takes:
// one, a number with its unit word ("520 亿"), or the rest (exactly one column, e.g. the model name). Lines
// that match the group-label pattern ("NLP-文本生成") label the rows under them.

import { fail } from '../problems.ts';
import { isBlank } from '../text/lines.ts';
import { checkControls, endsCell, tableHint, whereAt, type ReadContext, type ReadOutcome } from './context.ts';
import type { ColumnSpec } from './spec.ts';

interface Token { start: number; end: number }

function tokenize(line: string): Token[] {
  const out: Token[] = [];
  const re = /\S+/gu;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

const BARE_NUMBER = /^[0-9０-９]+(?:[.．][0-9０-９]+)?$/u;

type Split = { ok: true; tokens: Token[]; spans: [number, number][] } | { ok: false; reason: string };

/** Assigns tokens to columns: columns before the `rest` column from the left, those after it from the right. */
export function splitRow(line: string, tokens: readonly Token[], columns: readonly ColumnSpec[]): Split {
  const restAt = columns.findIndex((c) => c.tokens === 'rest');
  const isNum = (t: Token | undefined) => t !== undefined && BARE_NUMBER.test(line.slice(t.start, t.end));
  const spans: [number, number][] = new Array(columns.length);
  let lo = 0;
  let hi = tokens.length; // exclusive
  for (let c = 0; c < restAt; c++) {
    const two = columns[c]!.tokens === 'number_and_unit' && isNum(tokens[lo]) && lo + 1 < hi && !isNum(tokens[lo + 1]);
    const n = two ? 2 : 1;
    if (lo + n > hi) return { ok: false, reason: `has ${tokens.length} tokens, too few for the columns` };
    spans[c] = [lo, lo + n];
    lo += n;
  }
  for (let c = columns.length - 1; c > restAt; c--) {
    const two = columns[c]!.tokens === 'number_and_unit' && hi - 2 >= lo && !isNum(tokens[hi - 1]) && isNum(tokens[hi - 2]);
    const n = two ? 2 : 1;
    if (hi - n < lo) return { ok: false, reason: `has ${tokens.length} tokens, too few for the columns` };
    spans[c] = [hi - n, hi];
    hi -= n;
  }
  if (hi <= lo) return { ok: false, reason: `has ${tokens.length} tokens, too few for the columns` };
  spans[restAt] = [lo, hi];
  return { ok: true, tokens: tokens as Token[], spans };
}

export function readRowPerLine(ctx: ReadContext): ReadOutcome {
  const { lines, spec, matchers, builder } = ctx;
  const rowColumns = spec.columns.filter((c) => c.from !== 'group_label');
  const group = spec.group_label;
  const label = group ? new RegExp(group.pattern, 'u') : undefined;
  let current: { text: string; line: number } | undefined;
  let last = ctx.body - 1;

  const parse = (i: number): Split => {
    const l = lines[i]!;
    if (!endsCell(l)) return { ok: false, reason: 'does not end with the trailing space that ends a row' };
    return splitRow(l, tokenize(l), rowColumns);
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
    if (matchers.isFurniture(line)) { builder.account(i + 1, 'page_furniture'); last = i; continue; }
    if (matchers.isSourceNote(line)) { builder.account(i + 1, 'source_note'); return { end: i }; }

    const text = line.trim();
    // A group label has too few tokens to be a row, and a row follows it (a lone word of prose after the table
    // is not a label).
    if (label && endsCell(line) && label.test(text) && !parse(i).ok) {
      const next = peek(i + 1);
      // At the start of the table a label is a label even if the row under it is broken (that row then fails).
      if (builder.rowCount === 0 || (next < lines.length && parse(next).ok)) {
        current = { text, line: i + 1 };
        builder.groupCount++;
        builder.account(i + 1, 'group_label');
        last = i;
        continue;
      }
    }
    const split = parse(i);
    if (!split.ok) {
      if (spec.ends_with === 'last_row' && builder.rowCount > 0) return { end: last, stop: { line: i + 1, text: line, reason: split.reason } };
      fail(whereAt(ctx, i, { row: builder.rowCount + 1 }), `is not a row of ${spec.label}: it ${split.reason}`, tableHint(ctx), line);
    }
    const row = builder.rowCount + 1;
    if (group && !current) {
      fail(whereAt(ctx, i, { row }), `comes before any ${group.column} label line`,
        `${tableHint(ctx)} Each row must sit under a label line that matches ${group.pattern}.`, line);
    }
    const tokens = split.tokens;
    split.spans.forEach(([a, b], c) => {
      builder.cell(rowColumns[c]!.name, line.slice(tokens[a]!.start, tokens[b - 1]!.end), i + 1, i + 1);
    });
    if (group && current) builder.cell(group.column, current.text, current.line, current.line);
    builder.account(i + 1, 'cell');
    builder.row(i + 1, i + 1);
    last = i;
  }
  if (spec.ends_with === 'source_note') {
    fail(whereAt(ctx, lines.length - 1), 'the file ends before the table\'s source note',
      `${tableHint(ctx)} If the table has no source note, set ends_with to "last_row".`);
  }
  return { end: last };
}
