// The count checks of extraction, located: the row-count problem names the line where the table was taken to end
// (found by the mutation run: no test looked at the line of this problem, only its wording).

import { describe, expect, it } from 'vitest';
import { BODY, extractError, paperLines, rowPerLineSpec, wrappedSpec } from '../helpers/layouts.ts';

const NOTE = '资料来源：示例。 ';

describe('the row-count problem', () => {
  it("is reported at the line that ended the table early, not at the table's last line", () => {
    const spec = rowPerLineSpec({ expected_rows: 2 });
    const msg = extractError(spec, paperLines(spec, ['甲类 ', 'A Org 1B 1TB 是 ', 'B Org 2B 2TB 否'], []));
    expect(msg).toMatch(new RegExp(`^example\\.txt:${BODY + 2} 表3: has 1 rows where the spec expects 2\\.`));
  });

  it("is reported at the table's last line when nothing stopped it, with no word of a stop", () => {
    const spec = wrappedSpec({ expected_rows: 2 });
    const msg = extractError(spec, paperLines(spec, ['甲地 ', '政策。 ', '特点。 ', NOTE]));
    expect(msg).toMatch(new RegExp(`^example\\.txt:${BODY + 3} 表1: has 1 rows where the spec expects 2\\.\\n  → `));
  });
});

describe('the group-count problem', () => {
  it('counts "group" labels for a spec that expects groups but names no label column', () => {
    const spec = wrappedSpec({ expected_groups: 1 });
    const msg = extractError(spec, paperLines(spec, ['甲地 ', '政策。 ', '特点。 ', NOTE]));
    expect(msg).toContain('example.txt:3 表1: has 0 group labels where the spec expects 1');
  });
});

describe('a control character in a table line', () => {
  it('is located at its character, counted from 1', () => {
    const spec = wrappedSpec();
    const msg = extractError(spec, paperLines(spec, ['甲地 ', '政\u0007策。 ', '特点。 ', NOTE]));
    expect(msg).toContain('contains the control character U+0007 at character 2');
  });
});
