// The table reader on small synthetic layouts, one per layout fact of the export (see shared/sources/README).

import { describe, expect, it } from 'vitest';
import { BODY, cells, extract, extractError, paperLines, rowPerLineSpec, wrappedSpec } from '../helpers/layouts.ts';

const NOTE = '资料来源：示例。 ';

describe('wrapped cells', () => {
  it('joins a cell wrapped over several lines, with blank lines between the pieces', () => {
    const spec = wrappedSpec();
    const t = extract(
      spec,
      paperLines(spec, ['甲地 ', '第一段文字，', '', '第二段文字，', '', '第三段文字。 ', '', '特点。 ', '', NOTE]),
    );
    expect(cells(t)).toEqual([
      {
        region: { text: '甲地', lines: [BODY, BODY] },
        policy: { text: '第一段文字，第二段文字，第三段文字。', lines: [BODY + 1, BODY + 5] },
        features: { text: '特点。', lines: [BODY + 7, BODY + 7] },
      },
    ]);
    expect([t.lineFirst, t.lineLast]).toEqual([3, BODY + 9]);
  });

  it('splits a row key that shares its line with the start of the next cell', () => {
    const spec = wrappedSpec();
    const t = extract(spec, paperLines(spec, ['乙地 政策开始，', '', '政策结束。 ', '特点。 ', '', NOTE]));
    expect(cells(t)[0]).toEqual({
      region: { text: '乙地', lines: [BODY, BODY] },
      policy: { text: '政策开始，政策结束。', lines: [BODY, BODY + 2] },
      features: { text: '特点。', lines: [BODY + 3, BODY + 3] },
    });
  });

  it('joins a row key wrapped over two lines (产品封装 / 模式)', () => {
    const spec = wrappedSpec({
      expected_rows: 2,
      row_key: { pattern: '(?:[A-Za-z]+ )?[^\\s，。]{0,6}模式', max_lines: 2 },
    });
    const t = extract(
      spec,
      paperLines(spec, [
        '产品封装',
        '',
        '模式 ',
        '介绍。 ',
        '优势。 ',
        '',
        'API 模式 该模式封装成标准 API',
        '接口。 ',
        '',
        '优势二。 ',
        '',
        NOTE,
      ]),
    );
    expect(cells(t).map((r) => r.region!)).toEqual([
      { text: '产品封装模式', lines: [BODY, BODY + 2] },
      { text: 'API 模式', lines: [BODY + 6, BODY + 6] },
    ]);
    expect(cells(t)[1]!.policy!.text).toBe('该模式封装成标准 API 接口。');
  });

  it('accounts for page furniture inside a table and keeps it out of the cells', () => {
    const spec = wrappedSpec();
    const body = [
      '甲地 ',
      '政策前半，',
      '',
      'https://doi.org/10.0000/example',
      '',
      '作者 等 ',
      '',
      'DOI: 10.0000/example 715 期刊 ',
      '政策后半。 ',
      '特点。 ',
      NOTE,
    ];
    const t = extract(spec, paperLines(spec, body));
    expect(cells(t)[0]!.policy).toEqual({ text: '政策前半，政策后半。', lines: [BODY + 1, BODY + 8] });
    const roles = t.accountLines.map((l, i) => [l, t.accountRoles[i]]);
    expect(roles).toContainEqual([BODY + 3, 'page_furniture']);
    expect(roles).toContainEqual([BODY + 5, 'page_furniture']);
    expect(roles).toContainEqual([BODY + 7, 'page_furniture']);
  });

  it('restores the space a wrap drops between a Chinese character and a Latin word, and adds none elsewhere', () => {
    const spec = wrappedSpec();
    const body = [
      '甲地 ',
      '成立',
      'ChatGPT 工作组，标准 API',
      '接口，',
      '汉字',
      '相连，Chat',
      'GPT 相连，2023',
      '年。 ',
      '特点。 ',
      NOTE,
    ];
    const t = extract(spec, paperLines(spec, body));
    expect(cells(t)[0]!.policy!.text).toBe('成立 ChatGPT 工作组，标准 API 接口，汉字相连，ChatGPT 相连，2023 年。');
  });

  it('reports a missing trailing space with the line where the cells ran together', () => {
    const spec = wrappedSpec({ expected_rows: 2 });
    // The policy cell's last piece lacks its trailing space, so it swallows the features cell and the next key.
    const body = ['甲地 ', '政策。', '特点。 ', '乙地 ', '政策二。 ', '特点二。 ', NOTE];
    const msg = extractError(spec, paperLines(spec, body));
    expect(msg).toContain(`example.txt:${BODY + 4} 表1 row 2`);
    expect(msg).toContain('"政策二。 "');
    expect(msg).toContain('missing trailing space');
  });

  it('stops at an unknown line with its line number and text', () => {
    const spec = wrappedSpec();
    const body = ['甲地 ', '政策。 ', '特点。 ', '', '这是一行不属于任何单元格的长文字，包含标点。 ', NOTE];
    const msg = extractError(spec, paperLines(spec, body));
    expect(msg).toMatch(
      new RegExp(
        `^example\\.txt:${BODY + 4} 表1 row 2: "这是一行不属于任何单元格的长文字，包含标点。 " does not start with a row key`,
      ),
    );
  });

  it('reports a truncated file inside a cell', () => {
    const spec = wrappedSpec();
    const msg = extractError(spec, paperLines(spec, ['甲地 ', '政策写到一半'], []));
    expect(msg).toContain('the file ends inside this cell');
    expect(msg).toContain('column policy');
  });

  it('reports a source note that comes before the row is complete', () => {
    const spec = wrappedSpec();
    const msg = extractError(spec, paperLines(spec, ['甲地 ', '政策。 ', NOTE]));
    expect(msg).toContain(`example.txt:${BODY + 2} 表1 row 1 (甲地) column features`);
    expect(msg).toContain('is the source note');
  });

  it('refuses a control character in a table line', () => {
    const spec = wrappedSpec();
    const msg = extractError(spec, paperLines(spec, ['甲地 ', '政\u0007策。 ', '特点。 ', NOTE]));
    expect(msg).toContain(`example.txt:${BODY + 1} 表1: "政\\u0007策。 " contains the control character U+0007`);
  });

  it('stops when the row count differs from the spec, naming the counts and the fix', () => {
    const spec = wrappedSpec({ expected_rows: 2 });
    const msg = extractError(spec, paperLines(spec, ['甲地 ', '政策。 ', '特点。 ', NOTE]));
    expect(msg).toContain('has 1 rows where the spec expects 2');
    expect(msg).toContain('set expected_rows of 表1 to 1 in tables.json');
  });

  it('ends a table without source note at the first line that starts no row', () => {
    const spec = wrappedSpec({ ends_with: 'last_row' });
    const t = extract(
      spec,
      paperLines(
        spec,
        ['甲地 ', '政策。 ', '特点。 ', ''],
        ['另一方面，这是表格之后的正文，没有行首的键', '后续正文。'],
      ),
    );
    expect(t.rowCount).toBe(1);
    expect(t.lineLast).toBe(BODY + 2);
    expect(t.stop?.line).toBe(BODY + 4);
  });

  it('fails on a missing caption, naming the spec field to update', () => {
    const spec = wrappedSpec();
    const lines = paperLines(spec, ['甲地 ', '政策。 ', '特点。 ', NOTE]).map((l) =>
      l.replace('Example policies', 'Other'),
    );
    const msg = extractError(spec, lines);
    expect(msg).toContain(
      'example.txt:4 表1: caption "Table 1. Example policies" is not a line of the file; line 4 is its Chinese caption',
    );
    expect(msg).toContain('update caption_en of 表1 in tables.json');
    expect(extractError(spec, ['正文', 'Table 1. Example policies（续）', '正文'])).toContain(
      'example.txt:2 表1: caption "Table 1. Example policies" is not a line of the file; line 2 holds it with other characters',
    );
    expect(extractError(spec, ['正文', '正文'])).toContain(
      'example.txt:2 表1: caption "Table 1. Example policies" is not a line of the file (read to its end, line 2)',
    );
  });

  it('fails on a header that differs from the spec', () => {
    const spec = wrappedSpec();
    const lines = paperLines(spec, ['甲地 ', '政策。 ', '特点。 ', NOTE]).map((l) =>
      l.replace('政策 特点', '政策 特色'),
    );
    expect(extractError(spec, lines)).toContain(
      `example.txt:6 表1: "地区 政策 特色 " should be the header "地区 政策 特点"`,
    );
  });
});

describe('one row per line', () => {
  it('splits columns at single spaces, with spaces inside cells and numbers with separate units', () => {
    const spec = rowPerLineSpec({ expected_rows: 3 });
    const body = [
      'CV-图像 ',
      '',
      'DALL-E 2 OpenAI / 2.5 亿个图像文本对 否 ',
      '',
      'Model X 2 Org 520 亿 45TB 是 ',
      '',
      'Y 大模型 某机构 / / 是 ',
    ];
    const rows = cells(extract(spec, paperLines(spec, body)));
    expect(
      rows.map((r) => [
        r.model!.text,
        r.organisation!.text,
        r.parameters!.text,
        r.training_data!.text,
        r.open_source!.text,
      ]),
    ).toEqual([
      ['DALL-E 2', 'OpenAI', '/', '2.5 亿个图像文本对', '否'],
      ['Model X 2', 'Org', '520 亿', '45TB', '是'],
      ['Y 大模型', '某机构', '/', '/', '是'],
    ]);
  });

  it("gives each row the category label above it, with the label's line", () => {
    const spec = rowPerLineSpec({ expected_rows: 2, expected_groups: 2 });
    const t = extract(spec, paperLines(spec, ['甲类 ', '', 'A Org 1B 1TB 是 ', '', '乙类 ', '', 'B Org 2B 2TB 否 ']));
    expect(cells(t).map((r) => r.category)).toEqual([
      { text: '甲类', lines: [BODY, BODY] },
      { text: '乙类', lines: [BODY + 4, BODY + 4] },
    ]);
    expect(t.groupCount).toBe(2);
  });

  it('ends after the last row, through trailing page furniture, at the first line that is not a row', () => {
    const spec = rowPerLineSpec({ expected_rows: 1 });
    const body = ['甲类 ', 'A Org 1B 1TB 是 ', '', 'https://doi.org/10.0000/example', '', '作者 等 '];
    const t = extract(spec, paperLines(spec, body, ['', '正文继续。']));
    expect(t.lineLast).toBe(BODY + 5);
    expect(t.stop).toEqual({
      line: BODY + 7,
      text: '正文继续。',
      reason: 'does not end with the trailing space that ends a row',
    });
  });

  it('does not take a lone word of prose after the table for a label', () => {
    const spec = rowPerLineSpec({ expected_rows: 1 });
    const t = extract(spec, paperLines(spec, ['甲类 ', 'A Org 1B 1TB 是 '], ['结论。 ', '正文继续。']));
    expect(t.groupCount).toBe(1);
    expect(t.stop?.line).toBe(BODY + 2);
  });

  it('names the line that ended the table when rows are missing', () => {
    const spec = rowPerLineSpec({ expected_rows: 2 });
    const msg = extractError(spec, paperLines(spec, ['甲类 ', 'A Org 1B 1TB 是 ', 'B Org 2B 2TB 否'], []));
    expect(msg).toContain('has 1 rows where the spec expects 2');
    expect(msg).toContain(
      `taken to end before line ${BODY + 2} ("B Org 2B 2TB 否"), which does not end with the trailing space`,
    );
  });

  it('stops when the table has more rows than the spec expects, naming the counts and the fix', () => {
    const spec = rowPerLineSpec({ expected_rows: 1 });
    const msg = extractError(spec, paperLines(spec, ['甲类 ', 'A Org 1B 1TB 是 ', 'B Org 2B 2TB 否 ']));
    expect(msg).toContain('has 2 rows where the spec expects 1');
    expect(msg).toContain('set expected_rows of 表3 to 2 in tables.json');
  });

  it('stops when the table has more category labels than the spec expects', () => {
    const spec = rowPerLineSpec({ expected_rows: 2, expected_groups: 1 });
    const msg = extractError(spec, paperLines(spec, ['甲类 ', 'A Org 1B 1TB 是 ', '乙类 ', 'B Org 2B 2TB 否 ']));
    expect(msg).toContain(`example.txt:3 表3: has 2 category labels where the spec expects 1`);
    expect(msg).toContain('set expected_groups of 表3 to 2 in tables.json');
  });

  it('stops when the table has fewer category labels than the spec expects', () => {
    const spec = rowPerLineSpec({ expected_rows: 2, expected_groups: 2 });
    const msg = extractError(spec, paperLines(spec, ['甲类 ', 'A Org 1B 1TB 是 ', 'B Org 2B 2TB 否 ']));
    expect(msg).toContain('has 1 category labels where the spec expects 2');
  });

  it('refuses a row before any category label', () => {
    const spec = rowPerLineSpec();
    expect(extractError(spec, paperLines(spec, ['A Org 1B 1TB 是 ']))).toContain(
      'comes before any category label line',
    );
  });

  it('refuses a first line that is not a row, with its line number and text', () => {
    const spec = rowPerLineSpec();
    expect(extractError(spec, paperLines(spec, ['甲类 ', 'A Org 是 ']))).toContain(
      `example.txt:${BODY + 1} 表3 row 1: "A Org 是 " is not a row of 表3`,
    );
  });
});
