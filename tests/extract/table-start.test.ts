// Finding a table by its captions and header, and the layout's line matchers, in process (found by the mutation
// run: a caption on the file's first line, a caption printed twice, a file that ends after a caption, and
// Unicode patterns were never read by a test).

import { describe, expect, it } from 'vitest';
import { lineMatchers } from '../../pipelines/lib/extract/layout.ts';
import { extractError, paperLines, wrappedSpec } from '../helpers/layouts.ts';

const spec = wrappedSpec();
const NOTE = '资料来源：示例。 ';

describe('finding a table', () => {
  it('names the first line when it holds the caption among other characters, or the Chinese caption', () => {
    expect(extractError(spec, ['Table 1. Example policies（续）', '正文'])).toContain(
      'example.txt:1 表1: caption "Table 1. Example policies" is not a line of the file; line 1 holds it with other characters',
    );
    expect(extractError(spec, ['表 1. 示例政策 ', '正文'])).toContain(
      'example.txt:1 表1: caption "Table 1. Example policies" is not a line of the file; line 1 is its Chinese caption',
    );
  });

  it('refuses a caption printed twice, at its second line, naming both', () => {
    const lines = [...paperLines(spec, ['甲地 ', '政策。 ', '特点。 ', NOTE]), 'Table 1. Example policies '];
    expect(extractError(spec, lines)).toMatch(
      new RegExp(
        `^example\\.txt:${lines.length} 表1: caption "Table 1\\. Example policies" appears more than once \\(lines 3, ${lines.length}\\)\\n`,
      ),
    );
  });

  it('refuses a missing Chinese caption at the line that should hold it, or at the end of the file', () => {
    expect(extractError(spec, ['正文', 'Table 1. Example policies ', '', '表 2. 别的 '])).toMatch(
      /^example\.txt:4 表1: "表 2\. 别的 " should be the Chinese caption "表 1\. 示例政策"\n/,
    );
    expect(extractError(spec, ['正文', 'Table 1. Example policies ', ''])).toMatch(
      /^example\.txt:4 表1: "\(end of file\)" should be the Chinese caption/,
    );
  });

  it('refuses a file that ends before the header, quoting the end of the file', () => {
    expect(extractError(spec, ['Table 1. Example policies ', '表 1. 示例政策 '])).toMatch(
      /^example\.txt:3 表1: "\(end of file\)" should be the header "地区 政策 特点"/,
    );
  });
});

describe('line matchers', () => {
  it("read the layout's patterns as Unicode, on the line without its surrounding white space", () => {
    const m = lineMatchers({ page_furniture: ['^\\p{Lu}+ \\d+$'], source_note: '^\\p{Script=Han}+：' });
    expect(m.isFurniture('  ABC 715  ')).toBe(true);
    expect(m.isFurniture('abc 715')).toBe(false);
    expect(m.isSourceNote('  资料来源：示例。 ')).toBe(true);
  });
});
