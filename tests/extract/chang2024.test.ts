// The four tables of the real paper against golden files checked by hand against the paper, plus the
// "nothing lost, nothing invented" checks on every table's region.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractSources } from '../../pipelines/stages/extract.ts';
import type { ExtractedTable } from '../../pipelines/lib/extract/types.ts';
import { Schemas } from '../../pipelines/lib/schemas.ts';
import { loadSource } from '../../pipelines/lib/source.ts';
import { isBlank } from '../../pipelines/lib/text/lines.ts';
import { CHANG2024, GOLDEN } from '../helpers/project.ts';

/** The labels of the tables the spec lists, read without pipeline code (the tests below are named after them). */
const LABELS: string[] = JSON.parse(readFileSync(path.join(CHANG2024, 'tables.json'), 'utf8')).tables.map(
  (t: { label: string }) => t.label,
);

/**
 * The paper read and extracted inside each test rather than once when the file loads: mutation testing runs, for
 * each mutant, only the tests that reached its code, and code run while the file loads belongs to no test.
 */
function extracted() {
  const source = loadSource(CHANG2024, new Schemas());
  return { source, tables: extractSources([source]).get('chang2024')! };
}
const table = (label: string) => {
  const { source, tables } = extracted();
  return { source, t: tables.find((x) => x.spec.label === label)! };
};

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
      cells: Object.fromEntries(
        t.columns.map((c) => [c.name, { text: c.text[r], lines: [c.lineFirst[r], c.lineLast[r]] }]),
      ),
    })),
  };
}

describe.each(LABELS)('%s', (label) => {
  it('matches its golden file, checked by hand against the paper', () => {
    const { t } = table(label);
    const golden = JSON.parse(readFileSync(path.join(GOLDEN, 'chang2024', `table${t.spec.table_no}.json`), 'utf8'));
    expect(asGolden(t)).toEqual(golden);
  });

  it('accounts for every non-blank line of its region exactly once', () => {
    const { source, t } = table(label);
    const accounted = new Map<number, string>();
    t.accountLines.forEach((l, i) => {
      expect(accounted.has(l), `line ${l} accounted twice`).toBe(false);
      accounted.set(l, t.accountRoles[i]!);
    });
    for (let line = t.lineFirst; line <= t.lineLast; line++) {
      if (isBlank(source.lines[line - 1]!)) expect(accounted.has(line)).toBe(false);
      else expect(accounted.get(line), `line ${line}: ${source.lines[line - 1]}`).toBeDefined();
    }
    // The captions and the header are accounted as what they are, at the lines that print them.
    expect([t.captionEn, t.captionZh, t.header].map((p) => [accounted.get(p.line), p.text])).toEqual([
      ['caption', source.lines[t.captionEn.line - 1]!.trim()],
      ['caption', source.lines[t.captionZh.line - 1]!.trim()],
      ['header', source.lines[t.header.line - 1]!.trim()],
    ]);
  });

  it('reproduces the text of its body from its cells (ignoring white space)', () => {
    const { source, t } = table(label);
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
  expect(extracted().tables.map((t) => [t.spec.label, t.rowCount, t.groupCount])).toEqual([
    ['表1', 4, 0],
    ['表2', 4, 0],
    ['表3', 23, 4],
    ['表4', 5, 0],
  ]);
});
