// Reads a table whose cells wrap over several lines (as 表1, 表2 and 表4 of chang2024 are). The export ends each cell's
// last piece with a trailing space; earlier pieces have none. A row starts with its key (first column), which
// may wrap over lines ("甲乙" / "模式") or share its line with the start of the next cell ("甲地 政策…"),
// so the spec gives a pattern that a whole key matches.

import { fail } from '../problems.ts';
import { isBlank } from '../text/lines.ts';
import { joinWrapped } from '../text/join.ts';
import { checkControls, endsCell, tableHint, whereAt, type ReadContext, type ReadOutcome } from './context.ts';

interface Piece {
  text: string;
  index: number;
  ends: boolean;
}

type KeyRead = { ok: true; text: string; first: number; last: number; rest?: Piece } | { ok: false; reason: string };

function readKey(ctx: ReadContext, start: number, whole: RegExp, split: RegExp, maxLines: number): KeyRead {
  const { lines, matchers } = ctx;
  const pieces: string[] = [];
  for (let j = start, used = 0; j < lines.length && used < maxLines; j++) {
    const l = lines[j]!;
    if (isBlank(l) || matchers.isFurniture(l)) continue;
    if (used > 0 && matchers.isSourceNote(l)) break;
    const ends = endsCell(l);
    const piece = ends ? l.trimEnd() : l;
    const candidate = joinWrapped([...pieces, piece]);
    used++;
    const m = split.exec(candidate);
    if (ends && whole.test(candidate)) return { ok: true, text: candidate, first: start, last: j };
    if (m) return { ok: true, text: m[1]!, first: start, last: j, rest: { text: m[2]!, index: j, ends } };
    if (ends) return { ok: false, reason: `does not start with a row key (pattern ${ctx.spec.row_key!.pattern})` };
    pieces.push(piece);
  }
  return {
    ok: false,
    reason: `does not start with a row key (pattern ${ctx.spec.row_key!.pattern}) within ${maxLines} lines`,
  };
}

export function readWrappedCells(ctx: ReadContext): ReadOutcome {
  const { lines, spec, matchers, builder } = ctx;
  const key = spec.row_key!;
  const whole = new RegExp(`^(?:${key.pattern})$`, 'u');
  const split = new RegExp(`^(${key.pattern}) (.+)$`, 'u');
  const names = spec.columns.map((c) => c.name);
  let last = ctx.body - 1;
  let i = ctx.body;

  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    checkControls(ctx, i);
    if (matchers.isFurniture(line)) {
      builder.account(i + 1, 'page_furniture');
      last = i;
      i++;
      continue;
    }
    if (matchers.isSourceNote(line)) {
      builder.account(i + 1, 'source_note');
      return { end: i };
    }

    const k = readKey(ctx, i, whole, split, key.max_lines);
    if (!k.ok) {
      if (spec.ends_with === 'last_row' && builder.rowCount > 0)
        return { end: last, stop: { line: i + 1, text: line, reason: k.reason } };
      const expect = spec.ends_with === 'source_note' ? 'a row or the source note' : 'a row';
      fail(
        whereAt(ctx, i, { row: builder.rowCount + 1 }),
        `${k.reason}; expected ${expect}`,
        `${tableHint(ctx)} A missing trailing space on an earlier line (the mark of a cell's end) makes cells run together.`,
        line,
      );
    }

    const row = builder.rowCount + 1;
    const rowLabel = k.text;
    for (let j = k.first; j <= k.last; j++) {
      if (isBlank(lines[j]!)) continue;
      checkControls(ctx, j);
      builder.account(j + 1, matchers.isFurniture(lines[j]!) ? 'page_furniture' : 'cell');
    }
    builder.cellAt(0, k.text, k.first + 1, k.last + 1);
    i = k.last + 1;
    let rest = k.rest;

    for (let c = 1; c < names.length; c++) {
      const pieces: string[] = [];
      let first = -1;
      let done = false;
      if (rest) {
        pieces.push(rest.ends ? rest.text.trimEnd() : rest.text);
        first = rest.index;
        last = rest.index;
        done = rest.ends;
        rest = undefined;
      }
      while (!done) {
        if (i >= lines.length) {
          fail(
            whereAt(ctx, lines.length - 1, { row, rowLabel, column: names[c] }),
            `the file ends inside this cell${first >= 0 ? ` (it starts at line ${first + 1})` : ''}`,
            "The text export is truncated, or the cell's last piece lacks its trailing space; restore the file.",
          );
        }
        const l = lines[i]!;
        if (isBlank(l)) {
          i++;
          continue;
        }
        checkControls(ctx, i);
        if (matchers.isFurniture(l)) {
          builder.account(i + 1, 'page_furniture');
          i++;
          continue;
        }
        if (matchers.isSourceNote(l)) {
          fail(
            whereAt(ctx, i, { row, rowLabel, column: names[c] }),
            `is the source note, but the row is not complete (column ${names[c]} is still open)`,
            `${tableHint(ctx)} A cell may be missing, or an earlier line lacks the trailing space that ends its cell.`,
            l,
          );
        }
        const ends = endsCell(l);
        pieces.push(ends ? l.trimEnd() : l);
        builder.account(i + 1, 'cell');
        if (first < 0) first = i;
        last = i;
        done = ends;
        i++;
      }
      builder.cellAt(c, joinWrapped(pieces), first + 1, last + 1);
    }
    builder.row(k.first + 1, last + 1);
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
