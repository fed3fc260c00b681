// The one-row-per-line reader's tokens and column split, in process (found by the mutation run: tokens at a line's
// end, full-width digits and points, a number-and-unit column left of the model name, and the table's ends were
// never read by a test).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitRow, Tokens } from '../../pipelines/lib/extract/row-per-line.ts';
import type { ColumnSpec } from '../../pipelines/lib/extract/spec.ts';
import { BODY, cells, extract, extractError, paperLines, rowPerLineSpec } from '../helpers/layouts.ts';

const col = (name: string, tokens: ColumnSpec['tokens']): ColumnSpec => ({
  name,
  header_zh: name,
  header_en: name,
  tokens,
});
const RIGHT = [col('name', 'rest'), col('size', 'number_and_unit'), col('flag', 'one')];
const LEFT = [col('size', 'number_and_unit'), col('name', 'rest'), col('flag', 'one')];

/** The cells splitRow gives a line, or its reason when the line is no row. */
function split(line: string, columns: ColumnSpec[], tk = new Tokens()): string[] | string {
  tk.read(line);
  const first = new Int32Array(columns.length);
  const after = new Int32Array(columns.length);
  const reason = splitRow(line, tk, columns, first, after);
  return reason ?? columns.map((_, c) => line.slice(tk.starts[first[c]!], tk.ends[after[c]! - 1]));
}

const tokensOf = (tk: Tokens) => Array.from({ length: tk.count }, (_, k) => [tk.starts[k], tk.ends[k]]);

describe('tokens', () => {
  it("are the runs that \\S+ finds, at a line's end too, over any Unicode white space and more than 32 tokens", () => {
    const tk = new Tokens();
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', '中', '1', ' ', '\u3000', '\t', '\u00a0', '\u2003'), { maxLength: 150 }),
        (chars) => {
          const line = chars.join('');
          expect(tokensOf(tk.read(line))).toEqual(
            [...line.matchAll(/\S+/gu)].map((m) => [m.index, m.index + m[0].length]),
          );
        },
      ),
    );
    const many = 'a '.repeat(40).trim();
    expect(tokensOf(new Tokens().read(many))).toEqual(Array.from({ length: 40 }, (_, k) => [2 * k, 2 * k + 1]));
  });
});

describe('the column split', () => {
  it('gives a number its unit word only when the unit is not a number itself', () => {
    expect(split('X 30 40 是', RIGHT)).toEqual(['X 30', '40', '是']);
    expect(split('X 30 亿 是', RIGHT)).toEqual(['X', '30 亿', '是']);
    expect(split('X Org 45TB 是', RIGHT)).toEqual(['X Org', '45TB', '是']);
  });

  it('reads full-width digits and points as numbers', () => {
    expect(split('X ９０ 亿 是', RIGHT)).toEqual(['X', '９０ 亿', '是']);
    expect(split('X ２．５ 亿 是', RIGHT)).toEqual(['X', '２．５ 亿', '是']);
    expect(split('X 2.5 亿 是', RIGHT)).toEqual(['X', '2.5 亿', '是']);
  });

  it('does not take a token that is only partly a number for a number', () => {
    for (const t of ['2x5', '5a', '2.', '.5', '2.5x', '2.5.1', '９Ａ'])
      expect(split(`X ${t} 亿 是`, RIGHT)).toEqual([`X ${t}`, '亿', '是']);
  });

  it('splits a number-and-unit column left of the rest column from the left', () => {
    expect(split('30 亿 Model X 是', LEFT)).toEqual(['30 亿', 'Model X', '是']);
    expect(split('30 40 Model 是', LEFT)).toEqual(['30', '40 Model', '是']);
    expect(split('30B Model 是', LEFT)).toEqual(['30B', 'Model', '是']);
    expect(split('３０ 亿 M 是', LEFT)).toEqual(['３０ 亿', 'M', '是']);
    expect(split('30 亿 X', [col('flag', 'one'), col('name', 'rest')])).toEqual(['30', '亿 X']);
  });

  it('refuses a number and unit that leave the rest column empty, naming the tokens it has', () => {
    expect(split('30 亿', [col('name', 'rest'), col('size', 'number_and_unit')])).toBe(
      'has 2 tokens, too few for the columns',
    );
    expect(split('30 亿 是', LEFT)).toBe('has 3 tokens, too few for the columns');
  });

  it('reads a shorter line after a longer one with the same tokens', () => {
    const tk = new Tokens();
    split('A B C D E F G 30 亿 是', RIGHT, tk);
    expect(split('X 30 亿 是', RIGHT, tk)).toEqual(['X', '30 亿', '是']);
  });
});

describe('the ends of a table read one row per line', () => {
  it('reports an empty table at its header line', () => {
    const spec = rowPerLineSpec();
    expect(extractError(spec, paperLines(spec, [], []))).toMatch(
      /^example\.txt:6 表3: has 0 rows where the spec expects 1/,
    );
  });

  it('reads a table that ends with the file', () => {
    const spec = rowPerLineSpec();
    const t = extract(spec, paperLines(spec, ['甲类 ', 'A Org 1B 1TB 是 '], []));
    expect([t.rowCount, t.lineLast, t.stop]).toEqual([1, BODY + 1, undefined]);
  });

  it('does not take a lone word at the end of the file for a label', () => {
    const spec = rowPerLineSpec();
    const t = extract(spec, paperLines(spec, ['甲类 ', 'A Org 1B 1TB 是 '], ['结论 ']));
    expect([t.groupCount, t.stop?.line]).toEqual([1, BODY + 2]);
  });

  it('ends at a source note, accounted as one, when the spec says so', () => {
    const spec = rowPerLineSpec({ ends_with: 'source_note' });
    const t = extract(
      spec,
      paperLines(spec, ['甲类 ', 'A Org 1B 1TB 是 ', 'https://doi.org/10.0000/example', '资料来源：示例。 ']),
    );
    expect(t.lineLast).toBe(BODY + 3);
    expect(t.accountLines.map((l, i) => [l, t.accountRoles[i]])).toEqual(
      expect.arrayContaining([
        [BODY + 2, 'page_furniture'],
        [BODY + 3, 'source_note'],
      ]),
    );
  });

  it('refuses a line that is no row before the source note, rather than ending the table there', () => {
    const spec = rowPerLineSpec({ ends_with: 'source_note' });
    const msg = extractError(spec, paperLines(spec, ['甲类 ', 'A Org 1B 1TB 是 ', 'B Org 否 ', '资料来源：示例。 ']));
    expect(msg).toContain(
      `example.txt:${BODY + 2} 表3 row 2: "B Org 否 " is not a row of 表3: it has 3 tokens, too few for the columns`,
    );
  });

  it('reports a file that ends before the source note at its last line', () => {
    const spec = rowPerLineSpec({ ends_with: 'source_note' });
    expect(extractError(spec, paperLines(spec, ['甲类 ', 'A Org 1B 1TB 是 '], []))).toMatch(
      new RegExp(`^example\\.txt:${BODY + 1} 表3: the file ends before the table's source note`),
    );
  });
});

describe('category labels', () => {
  it('reads a table without category labels', () => {
    const spec = rowPerLineSpec({
      group_label: undefined,
      expected_groups: undefined,
      columns: rowPerLineSpec().columns.slice(1),
    });
    expect(cells(extract(spec, paperLines(spec, ['A Org 1B 1TB 是 '])))[0]!.model).toEqual({
      text: 'A',
      lines: [BODY, BODY],
    });
  });

  it('takes a line that parses as a row for a row, even when the label pattern would match it', () => {
    const spec = rowPerLineSpec({ expected_rows: 2, group_label: { column: 'category', pattern: '^\\S.*$' } });
    const t = extract(spec, paperLines(spec, ['甲类 ', 'A Org 1B 1TB 是 ', 'B Org 2B 2TB 否 ']));
    expect([t.rowCount, t.groupCount]).toEqual([2, 1]);
  });

  it('does not take a label line without its trailing space for a label', () => {
    const spec = rowPerLineSpec();
    expect(extractError(spec, paperLines(spec, ['甲类', 'A Org 1B 1TB 是 ']))).toContain(
      `example.txt:${BODY} 表3 row 1: "甲类" is not a row of 表3: it does not end with the trailing space`,
    );
  });

  it('reads the label pattern as Unicode', () => {
    const spec = rowPerLineSpec({ group_label: { column: 'category', pattern: '^\\p{Script=Han}+$' } });
    expect(extract(spec, paperLines(spec, ['甲类 ', 'A Org 1B 1TB 是 '])).groupCount).toBe(1);
  });

  it('locates a row before any label at its line and row number', () => {
    const spec = rowPerLineSpec();
    expect(extractError(spec, paperLines(spec, ['A Org 1B 1TB 是 ']))).toContain(
      `example.txt:${BODY} 表3 row 1: "A Org 1B 1TB 是 " comes before any category label line`,
    );
  });
});
