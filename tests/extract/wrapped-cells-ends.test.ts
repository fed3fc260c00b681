// The wrapped-cells reader at its edges, in process (found by the mutation run: keys wrapped past max_lines, a
// table that runs to the end of the file, furniture between rows and the lines of its problems were untested).

import { describe, expect, it } from 'vitest';
import { BODY, cells, extract, extractError, paperLines, wrappedSpec } from '../helpers/layouts.ts';

const NOTE = '资料来源：示例。 ';
const PATTERN = '[^\\s，。；、：]{1,8}';
const rolesOf = (t: ReturnType<typeof extract>) => t.accountLines.map((l, i) => [l, t.accountRoles[i]]);

describe('row keys', () => {
  it('refuses a key wrapped over more lines than max_lines, saying so', () => {
    const spec = wrappedSpec();
    const msg = extractError(spec, paperLines(spec, ['甲', '乙', '丙 ', '政策。 ', '特点。 ', NOTE]));
    expect(msg).toContain(
      `example.txt:${BODY} 表1 row 1: "甲" does not start with a row key (pattern ${PATTERN}) within 2 lines; expected a row or the source note`,
    );
  });

  it('refuses a key cut short by the source note, saying it read to the note', () => {
    const spec = wrappedSpec({ row_key: { pattern: PATTERN, max_lines: 3 } });
    expect(extractError(spec, paperLines(spec, ['甲', NOTE]))).toContain(
      `"甲" does not start with a row key (pattern ${PATTERN}) within 3 lines`,
    );
  });

  it('refuses a complete line that is no key at once, without reading on', () => {
    const spec = wrappedSpec();
    const msg = extractError(
      spec,
      paperLines(spec, ['甲地 ', '政策。 ', '特点。 ', '这是一行不属于任何单元格的长文字，包含标点。 ', NOTE]),
    );
    expect(msg).toContain(`does not start with a row key (pattern ${PATTERN}); expected a row or the source note`);
  });

  it('expects only a row in a table without source note', () => {
    const spec = wrappedSpec({ ends_with: 'last_row' });
    const msg = extractError(spec, paperLines(spec, ['这是一行不属于任何单元格的长文字，包含标点。 ']));
    expect(msg).toContain(
      `example.txt:${BODY} 表1 row 1: "这是一行不属于任何单元格的长文字，包含标点。 " does not start with a row key (pattern ${PATTERN}); expected a row\n`,
    );
  });

  it('reads the key pattern as Unicode', () => {
    const spec = wrappedSpec({ row_key: { pattern: '\\p{Script=Han}{1,4}', max_lines: 2 } });
    expect(cells(extract(spec, paperLines(spec, ['甲地 政策。 ', '特点。 ', NOTE])))[0]!.region!.text).toBe('甲地');
    expect(cells(extract(spec, paperLines(spec, ['甲地 ', '政策。 ', '特点。 ', NOTE])))[0]!.region!.text).toBe('甲地');
  });

  it("ends a cell that shares the key's line at its trailing space, which is not part of it", () => {
    const spec = wrappedSpec();
    expect(cells(extract(spec, paperLines(spec, ['甲地 政策。 ', '特点。 ', NOTE])))[0]!.policy).toEqual({
      text: '政策。',
      lines: [BODY, BODY],
    });
  });

  it('accounts for page furniture between the lines of a key', () => {
    const spec = wrappedSpec({ row_key: { pattern: '[^\\s，。]{0,6}模式', max_lines: 2 } });
    const t = extract(
      spec,
      paperLines(spec, ['产品封装', 'https://doi.org/10.0000/example', '模式 ', '介绍。 ', '优势。 ', NOTE]),
    );
    expect(rolesOf(t)).toContainEqual([BODY + 1, 'page_furniture']);
  });
});

describe('the ends of a wrapped table', () => {
  it('reports an empty table at its header line', () => {
    const spec = wrappedSpec({ ends_with: 'last_row' });
    expect(extractError(spec, paperLines(spec, [], []))).toMatch(
      /^example\.txt:6 表1: has 0 rows where the spec expects 1/,
    );
  });

  it('reads a table without source note that ends with the file', () => {
    const spec = wrappedSpec({ ends_with: 'last_row' });
    const t = extract(spec, paperLines(spec, ['甲地 ', '政策。 ', '特点。 '], []));
    expect([t.rowCount, t.lineLast, t.stop]).toEqual([1, BODY + 2, undefined]);
  });

  it('stops at a key cut by the end of the file, after its rows', () => {
    const spec = wrappedSpec({ ends_with: 'last_row' });
    const t = extract(spec, paperLines(spec, ['甲地 ', '政策。 ', '特点。 ', '结'], []));
    expect(t.stop).toEqual({
      line: BODY + 3,
      text: '结',
      reason: `does not start with a row key (pattern ${PATTERN}) within 2 lines`,
    });
  });

  it('accounts for page furniture between rows and the source note as what they are', () => {
    const spec = wrappedSpec({ expected_rows: 2 });
    const t = extract(
      spec,
      paperLines(spec, ['甲地 ', '政策。 ', '特点。 ', '作者 等 ', '乙地 ', '政策二。 ', '特点二。 ', NOTE]),
    );
    expect(rolesOf(t)).toEqual(
      expect.arrayContaining([
        [BODY + 3, 'page_furniture'],
        [BODY + 7, 'source_note'],
      ]),
    );
    expect(rolesOf(t).filter(([l]) => l === BODY + 3)).toHaveLength(1);
    expect(cells(t)[1]!.region!.lines).toEqual([BODY + 4, BODY + 4]);
  });

  it('reports a file that ends before the source note at its last line', () => {
    const spec = wrappedSpec();
    expect(extractError(spec, paperLines(spec, ['甲地 ', '政策。 ', '特点。 '], []))).toMatch(
      new RegExp(`^example\\.txt:${BODY + 2} 表1: the file ends before the table's source note`),
    );
  });

  it('reports a file that ends inside a cell at its last line, with the line where the cell starts', () => {
    const spec = wrappedSpec();
    expect(extractError(spec, paperLines(spec, ['甲地 ', '政策写到', '一半'], []))).toMatch(
      new RegExp(
        `^example\\.txt:${BODY + 2} 表1 row 1 \\(甲地\\) column policy: the file ends inside this cell \\(it starts at line ${BODY + 1}\\)\\n`,
      ),
    );
    expect(extractError(spec, paperLines(spec, ['甲地 ', '政策。 '], []))).toMatch(
      new RegExp(`^example\\.txt:${BODY + 1} 表1 row 1 \\(甲地\\) column features: the file ends inside this cell\\n`),
    );
  });
});
