// Joining the pieces of a wrapped cell, in process (found by the mutation run: a Han character outside the Basic
// Multilingual Plane, written as a surrogate pair, at the end of a piece was never joined by a test).

import { describe, expect, it } from 'vitest';
import { joinWrapped } from '../../pipelines/lib/text/join.ts';

describe('joinWrapped', () => {
  it('puts back the space after a Han character written as a surrogate pair (U+20000, U+203FF)', () => {
    expect(joinWrapped(['\u{20000}', 'GPT'])).toBe('\u{20000} GPT');
    expect(joinWrapped(['成立\u{203FF}', 'GPT'])).toBe('成立\u{203FF} GPT');
    expect(joinWrapped(['GPT', '\u{20000}'])).toBe('GPT \u{20000}');
  });

  it('looks at the last character only, not the last two units, when they are no surrogate pair', () => {
    expect(joinWrapped(['ab', '中'])).toBe('ab 中');
  });

  it('puts back the space after a Han compatibility ideograph (U+F900), one UTF-16 unit above the surrogates', () => {
    expect(joinWrapped(['成立\uF900', 'GPT'])).toBe('成立\uF900 GPT');
  });

  it('joins no pieces as the empty text, and an empty piece as nothing', () => {
    expect(joinWrapped([])).toBe('');
    expect(joinWrapped(['汉', ''])).toBe('汉');
  });
});
