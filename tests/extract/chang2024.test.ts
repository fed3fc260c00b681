// The four tables of the real paper against golden files checked by hand against the paper, plus the
// "nothing lost, nothing invented" checks on every table's region.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractSources } from '../../pipelines/stages/extract.ts';
import type { ExtractedTable } from '../../pipelines/lib/extract/types.ts';
import { isBlank } from '../../pipelines/lib/text/lines.ts';
import { chang2024, GOLDEN } from '../helpers/project.ts';

const source = chang2024();
const tables = extractSources([source]).get('chang2024')!;

function asGolden(t: ExtractedTable) {
  return {
    table: t.spec.label,
    caption_en_line: t.captionEn.line,
    caption_zh_line: t.captionZh.line,
    header_line: t.header.line,
    region: [t.lineFirst, t.lineLast],
    rows: Array.from({ length: t.rowCount }, (_, r) => ({
      row: r + 1,
      lines: [t.rowLineFirst[r], t.rowLineLast[r]],
      cells: Object.fromEntries(t.columns.map((c) => [c.name, { text: c.text[r], lines: [c.lineFirst[r], c.lineLast[r]] }])),
    })),
  };
}

describe.each(tables.map((t) => [t.spec.label, t] as const))('%s', (_label, t) => {
  it('matches its golden file, checked by hand against the paper', () => {
    const golden = JSON.parse(readFileSync(path.join(GOLDEN, 'chang2024', `table${t.spec.table_no}.json`), 'utf8'));
    expect(asGolden(t)).toEqual(golden);
  });

  it('accounts for every non-blank line of its region exactly once', () => {
    const accounted = new Map<number, string>();
    t.accountLines.forEach((l, i) => {
      expect(accounted.has(l), `line ${l} accounted twice`).toBe(false);
      accounted.set(l, t.accountRoles[i]!);
    });
    for (let line = t.lineFirst; line <= t.lineLast; line++) {
      if (isBlank(source.lines[line - 1]!)) expect(accounted.has(line)).toBe(false);
      else expect(accounted.get(line), `line ${line}: ${source.lines[line - 1]}`).toBeDefined();
    }
  });

  it('reproduces the text of its body from its cells (ignoring white space)', () => {
    const squeeze = (s: string) => s.replace(/\s+/gu, '');
    const body = t.accountLines
      .filter((_, i) => t.accountRoles[i] === 'cell' || t.accountRoles[i] === 'group_label')
      .map((l) => source.lines[l - 1]!)
      .join('');
    let fromCells = '';
    let lastLabelLine = -1;
    for (let r = 0; r < t.rowCount; r++) {
      for (const c of t.columns) {
        const isLabel = c.name === t.spec.group_label?.column;
        if (isLabel && c.lineFirst[r] === lastLabelLine) continue;
        if (isLabel) lastLabelLine = c.lineFirst[r]!;
        fromCells += c.text[r];
      }
    }
    expect(squeeze(fromCells)).toBe(squeeze(body));
  });
});

// Counted by hand in the paper, not taken from the spec (the build already checks the spec's counts).
it('reads 表1 4 rows, 表2 4 rows, 表3 23 rows in 4 categories and 表4 5 rows', () => {
  expect(tables.map((t) => [t.spec.label, t.rowCount, t.groupCount])).toEqual([['表1', 4, 0], ['表2', 4, 0], ['表3', 23, 4], ['表4', 5, 0]]);
});
