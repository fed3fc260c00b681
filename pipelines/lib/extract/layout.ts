// Recognising the lines that are not table content: page furniture and source notes, from the paper's
// layout spec; and locating a table by its captions and header.

import { fail } from '../problems.ts';
import { isBlank } from '../text/lines.ts';
import type { DocumentLayout, TableSpec } from './spec.ts';

export interface LineMatchers {
  isFurniture(line: string): boolean;
  isSourceNote(line: string): boolean;
}

export function lineMatchers(layout: DocumentLayout): LineMatchers {
  const furniture = layout.page_furniture.map((p) => new RegExp(p, 'u'));
  const note = new RegExp(layout.source_note, 'u');
  return {
    isFurniture: (line) => {
      const t = line.trim();
      return furniture.some((re) => re.test(t));
    },
    isSourceNote: (line) => note.test(line.trim()),
  };
}

/** Index of the next non-blank line at or after `from`, or lines.length. */
export function nextContent(lines: readonly string[], from: number): number {
  let i = from;
  while (i < lines.length && isBlank(lines[i]!)) i++;
  return i;
}

export interface TableStart {
  /** 0-based indexes. */
  captionEn: number;
  captionZh: number;
  header: number;
  /** First index after the header. */
  body: number;
}

/** Finds the table by its English caption, then checks the Chinese caption and header that must follow. */
export function findTableStart(lines: readonly string[], spec: TableSpec, file: string, specFile: string): TableStart {
  const where = { file, table: spec.label };
  const hits: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i]!.trim() === spec.caption_en) hits.push(i);
  if (hits.length === 0) {
    // Name a line: the one holding the caption among other characters, else the Chinese caption's, else the last.
    const near = lines.findIndex((l) => l.includes(spec.caption_en));
    const zh = near >= 0 ? near : lines.findIndex((l) => l.trim() === spec.caption_zh);
    const line = zh >= 0 ? zh + 1 : Math.max(1, lines.length);
    const found =
      near >= 0
        ? `; line ${line} holds it with other characters`
        : zh >= 0
          ? `; line ${line} is its Chinese caption`
          : ` (read to its end, line ${line})`;
    fail(
      { ...where, line },
      `caption ${JSON.stringify(spec.caption_en)} is not a line of the file${found}`,
      `Check that this is the right text export; if the caption changed, update caption_en of ${spec.label} in ${specFile}.`,
    );
  }
  if (hits.length > 1) {
    fail(
      { ...where, line: hits[1]! + 1 },
      `caption ${JSON.stringify(spec.caption_en)} appears more than once (lines ${hits.map((h) => h + 1).join(', ')})`,
      `Make caption_en of ${spec.label} in ${specFile} match one line only.`,
    );
  }
  const captionEn = hits[0]!;
  const captionZh = nextContent(lines, captionEn + 1);
  if (lines[captionZh]?.trim() !== spec.caption_zh) {
    fail(
      { ...where, line: captionZh + 1 },
      `should be the Chinese caption ${JSON.stringify(spec.caption_zh)}`,
      `Update caption_zh of ${spec.label} in ${specFile}, or check the text export around this line.`,
      lines[captionZh] ?? '(end of file)',
    );
  }
  const header = nextContent(lines, captionZh + 1);
  const expected = spec.columns.map((c) => c.header_zh).join(' ');
  if (lines[header]?.trim() !== expected) {
    fail(
      { ...where, line: header + 1 },
      `should be the header ${JSON.stringify(expected)}`,
      `Update the columns' header_zh of ${spec.label} in ${specFile}, or check the text export around this line.`,
      lines[header] ?? '(end of file)',
    );
  }
  return { captionEn, captionZh, header, body: header + 1 };
}
