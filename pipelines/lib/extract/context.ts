// Shared by the two table readers: the lines, the spec, and helpers for located failures.

import { fail, type Where } from '../problems.ts';
import { findControl, isSpace } from '../text/lines.ts';
import type { LineMatchers } from './layout.ts';
import type { TableSpec } from './spec.ts';
import type { Stop, TableBuilder } from './types.ts';

export interface ReadContext {
  lines: readonly string[];
  file: string;
  specFile: string;
  spec: TableSpec;
  matchers: LineMatchers;
  /** 0-based index of the first line after the header. */
  body: number;
  builder: TableBuilder;
}

export interface ReadOutcome {
  /** 0-based index of the region's last line. */
  end: number;
  stop?: Stop;
}

export function whereAt(ctx: ReadContext, index: number, extra: Partial<Where> = {}): Where {
  return { file: ctx.file, line: index + 1, table: ctx.spec.label, ...extra };
}

/** A table line may not hide control characters. */
export function checkControls(ctx: ReadContext, index: number): void {
  const line = ctx.lines[index]!;
  const c = findControl(line);
  if (c) {
    fail(
      whereAt(ctx, index),
      `contains the control character ${c.code} at character ${c.index + 1}`,
      'Remove the control character from the text export; it is not part of the printed table.',
      line,
    );
  }
}

/** A cell's last piece ends with white space; that space only marks the end and is not part of the text. */
export function endsCell(line: string): boolean {
  return line.length > 0 && isSpace(line.charCodeAt(line.length - 1));
}

export function tableHint(ctx: ReadContext): string {
  return `Check the text export around this line; if the table's layout differs, adjust ${ctx.spec.label} in ${ctx.specFile}.`;
}
