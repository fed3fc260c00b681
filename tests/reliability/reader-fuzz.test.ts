// Fuzz and adversarial input for the table reader (and the normalisation behind it): damaged input is either
// refused with problems that each name a line, or proven harmless (it gives the undamaged dataset, line numbers
// mapped back through the edits); nothing crashes, nothing hangs, nothing changes silently.
//
// Decisions tested here: CRLF line ends and a leading byte-order mark read like LF and no mark; invalid UTF-8 is
// refused with its line; a control character in a table is refused with its line; any Unicode white space
// (NBSP, ideographic space) separates the columns of a one-row-per-line table, and cells keep what was printed.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../pipelines/lib/problems.ts';
import { Schemas, loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { readTextLines } from '../../pipelines/lib/text/lines.ts';
import type { Source } from '../../pipelines/lib/source.ts';
import { extractSources } from '../../pipelines/stages/extract.ts';
import { normalise } from '../../pipelines/stages/normalise.ts';
import type { Dataset } from '../../pipelines/lib/table-data.ts';
import { chang2024, CHANG2024, epochSnapshot } from '../helpers/project.ts';
import { hangGuardMs } from '../helpers/hang-guard.ts';

const real = chang2024();
const bytes = readFileSync(path.join(CHANG2024, 'paper.txt'));
const schemas = new Schemas();
const defs = loadTableDefs();

function sourceWith(lines: string[]): Source {
  return { ...real, lines };
}

function cellsOf(s: Source) {
  return extractSources([s])
    .get('chang2024')!
    .map((t) => t.columns.map((c) => c.text));
}

/** Every table of a normalised dataset as rows of strings, line numbers mapped through `origin` (1-based in). */
function datasetRows(dataset: Dataset, origin: (number | null)[]): Record<string, (string | null)[][]> {
  return Object.fromEntries(
    [...dataset.values()].map((t) => {
      const lineCols = new Set(t.def.columns.flatMap((c, i) => (c.unit === 'line' ? [i] : [])));
      return [
        t.name,
        Array.from({ length: t.rowCount }, (_, r) =>
          t.columns.map((col, i) => {
            const v = col[r];
            if (v === null || v === undefined) return null;
            if (!lineCols.has(i)) return String(v);
            const o = origin[Number(v) - 1];
            return o === null || o === undefined ? `inserted line ${String(v)}` : String(o);
          }),
        ),
      ];
    }),
  );
}

const identity = real.lines.map((_, i) => i + 1);
const undamagedSources = [real, epochSnapshot()];
const undamaged = datasetRows(
  normalise(undamagedSources, extractSources(undamagedSources), defs, schemas).dataset,
  identity,
);

/** Runs extraction and normalisation; returns the dataset or the problems, and fails the test on any other exception. */
function outcome(lines: string[]): Dataset | DataError {
  try {
    // The paper's crosswalk is checked against the Epoch AI snapshot, so both sources are normalised.
    const both = [sourceWith(lines), epochSnapshot()];
    return normalise(both, extractSources(both), defs, schemas).dataset;
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
}

/** A file, a line and a fix for every problem. */
function expectLocated(e: DataError): void {
  expect(e.problems.length).toBeGreaterThan(0);
  for (const p of e.problems) {
    expect(p.where.file).toBeTruthy();
    expect(p.where.line, `${e.message}\n${JSON.stringify(p.where)}`).toBeGreaterThan(0);
    expect(p.fix.length).toBeGreaterThan(0);
  }
}

/**
 * The one harmless change to provenance: a source note ("资料来源：…") after a table's last row, with only blank lines
 * between it and the printed note, ends the table there, whether it is an inserted line or text added to a blank
 * line. Its rows are the same; the table's last line is that note, which is where the file now says the table ends.
 * That line is mapped back to the printed note's, so that every other difference still fails the comparison.
 */
function endsAtInsertedNote(
  rows: ReturnType<typeof datasetRows>,
  lines: string[],
  origin: (number | null)[],
): ReturnType<typeof datasetRows> {
  const t = rows.source_tables;
  if (!t) return rows;
  const last = defs.find((d) => d.name === 'source_tables')!.columns.findIndex((c) => c.name === 'line_last');
  return {
    ...rows,
    source_tables: t.map((row, r) => {
      const given = row[last] ?? '';
      const inserted = /^inserted line (\d+)$/.exec(given);
      // An inserted line is named by its place in the damaged file; a line of the paper by its own number.
      const at = inserted ? Number(inserted[1]) - 1 : origin.indexOf(Number(given));
      if (at < 0 || !/^\s*资料来源/.test(lines[at]!)) return row;
      let next = at + 1;
      while (next < lines.length && lines[next]!.trim() === '') next++;
      const printed = undamaged.source_tables![r]![last];
      if (origin[next] === null || String(origin[next]) !== printed) return row;
      return row.map((v, i) => (i === last ? printed : v));
    }),
  };
}

/** Damaged input is refused with located problems, or is harmless: the same dataset, lines mapped back. */
function expectRefusedOrHarmless(lines: string[], origin: (number | null)[]): void {
  const r = outcome(lines);
  if (r instanceof DataError) expectLocated(r);
  else expect(endsAtInsertedNote(datasetRows(r, origin), lines, origin)).toEqual(undamaged);
}

describe('line ends, byte-order marks and encodings', () => {
  it('reads CRLF line ends like LF', () => {
    const crlf = Buffer.from(bytes.toString('utf8').replace(/\n/g, '\r\n'));
    expect(cellsOf(sourceWith(readTextLines(crlf, real.file).lines))).toEqual(cellsOf(real));
  });

  it('reads a file with a byte-order mark like one without, with the same line numbers', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    const lines = readTextLines(bom, real.file).lines;
    expect(lines).toEqual(real.lines);
  });

  it('refuses invalid UTF-8 with the line it is on', () => {
    const lines = bytes.toString('utf8').split('\n');
    const broken = Buffer.concat([
      Buffer.from(`${lines.slice(0, 269).join('\n')}\n`),
      Buffer.from([0x47, 0xff, 0x20]),
      Buffer.from(`\n${lines.slice(269).join('\n')}`),
    ]);
    expect(() => readTextLines(broken, real.file)).toThrow(/paper\.txt:270: "0xff" is not valid UTF-8/);
  });

  it('refuses an empty file, naming the first table it cannot find', () => {
    const e = outcome([]);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).message).toContain('表1: caption "Table 1.');
  });

  it('refuses a file truncated inside each table, with a located problem', () => {
    for (const cut of [150, 175, 230, 270, 300, 318, 380, 420]) {
      const e = outcome(real.lines.slice(0, cut));
      expect(e, `cut at ${cut}`).toBeInstanceOf(DataError);
      expectLocated(e as DataError);
    }
  });

  it('reads the file truncated after its last table', () => {
    const r = outcome(real.lines.slice(0, 427));
    expect(r).not.toBeInstanceOf(DataError);
    expect(datasetRows(r as Dataset, identity)).toEqual(undamaged);
  });
});

describe('adversarial characters in a table', () => {
  const at = (line: number, edit: (l: string) => string) => real.lines.map((l, i) => (i === line - 1 ? edit(l) : l));

  it('refuses a control character with its line', () => {
    const e = outcome(at(272, (l) => l.replace('Anthropic', 'Anth\u0001ropic')));
    expect((e as DataError).message).toMatch(/paper\.txt:272 表3: .* contains the control character U\+0001/);
  });

  it('keeps a zero-width space in the cell, where the name check then reports it', () => {
    const e = outcome(at(266, (l) => l.replace('GPT-3', 'GPT\u200b-3')));
    expect((e as DataError).message).toContain(
      'paper.txt:266 表3 row 1 (GPT\\u200b-3) column model: "GPT\\u200b-3" has no curated English name',
    );
  });

  it('separates columns at a no-break space and keeps it in the cell, where the quantity grammar reads it as a space', () => {
    const lines = at(272, (l) => l.replace('520 亿', '520\u00a0亿'));
    const t3 = extractSources([sourceWith(lines)]).get('chang2024')![2]!;
    expect(t3.columns.find((c) => c.name === 'parameters')!.text[3]).toBe('520\u00a0亿');
    expect(outcome(lines)).not.toBeInstanceOf(DataError);
  });

  it('reads full-width digits and letters in a quantity as their ASCII equivalents', () => {
    const r = outcome(at(266, (l) => l.replace('175B', '１７５Ｂ')));
    expect(r).not.toBeInstanceOf(DataError);
    expect((r as Dataset).get('models')!.column('parameters')[0]).toBe(175_000_000_000n);
  });

  it('refuses a very long line in a table with its line, quickly', () => {
    const t0 = performance.now();
    const e = outcome(at(268, () => `PaLM Google ${'5'.repeat(1_000_000)}B 3.6TB 否 `));
    expect((e as DataError).message).toMatch(/paper\.txt:268 表3 row 2 \(PaLM\) column parameters/);
    expect(performance.now() - t0).toBeLessThan(hangGuardMs(10_000)); // a hang guard, not a speed target
  });
});

describe('random damage to the tables', () => {
  const regions = [
    [147, 199],
    [217, 250],
    [259, 316],
    [366, 425],
  ] as const;
  const line = fc.constantFrom(...regions).chain(([a, b]) => fc.integer({ min: a, max: b }));
  const junk = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom(
      '',
      ' ',
      '\u3000',
      '\u200b',
      '\u00a0',
      '\t',
      '资料来源：x ',
      'Table 3. Typical large models at home and abroad (incomplete statistics)',
      '科学计算 ',
      'X Y 1B 1TB 是 ',
      '１７５Ｂ',
      '－',
      '．',
      '\r',
      'x'.repeat(10_000),
    ),
  );
  const edit = fc.oneof(
    fc.record({ op: fc.constant('delete' as const), line }),
    fc.record({ op: fc.constant('insert' as const), line, text: junk }),
    fc.record({ op: fc.constant('replace' as const), line, text: junk }),
    fc.record({ op: fc.constant('append' as const), line, text: junk }),
    fc.record({ op: fc.constant('trim' as const), line }),
  );

  it('ends a table at a source note inserted between its last row and its printed note, and reads the same rows', () => {
    const lines = [...real.lines];
    lines.splice(248, 0, '资料来源：x ');
    const origin: (number | null)[] = [...identity];
    origin.splice(248, 0, null);
    expectRefusedOrHarmless(lines, origin);
  });

  it('ends a table at a source note added to the blank line before its printed note, and reads the same rows', () => {
    // Found by the property below (seed 1846491730): text appended to the blank line 198, before 表1's note at 199.
    const lines = [...real.lines];
    expect(lines[197]!.trim()).toBe('');
    expect(lines[198]).toMatch(/^资料来源/);
    lines[197] += '资料来源：x ';
    expectRefusedOrHarmless(lines, [...identity]);
  });

  it('refuses with problems that name their line, or reads the same data, never crashing or hanging', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const lines = [...real.lines];
        // The line of the real paper each line came from (null for an inserted line), to map line numbers back.
        const origin: (number | null)[] = [...identity];
        for (const e of [...edits].sort((x, y) => y.line - x.line)) {
          const i = e.line - 1;
          if (e.op === 'delete') {
            lines.splice(i, 1);
            origin.splice(i, 1);
          } else if (e.op === 'insert') {
            lines.splice(i, 0, e.text);
            origin.splice(i, 0, null);
          } else if (e.op === 'replace') lines[i] = e.text;
          else if (e.op === 'append') lines[i] = lines[i] + e.text;
          else lines[i] = lines[i]!.trimEnd();
        }
        const t0 = performance.now();
        expectRefusedOrHarmless(lines, origin);
        expect(performance.now() - t0).toBeLessThan(hangGuardMs(5_000)); // a hang guard, not a speed target
      }),
      { numRuns: 300 },
    );
  });
});
