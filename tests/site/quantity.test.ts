// The explorer's one formatting function for counts, and its reading of what a person types into a range filter.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactCount, formatQuantity, parseQuantity } from '../../site/src/quantity.ts';

describe('formatQuantity', () => {
  it.each([
    [175e9, '175 B', '1750 亿'],
    [1.8e12, '1.8 T', '1.8 万亿'],
    [5.62e11, '562 B', '5620 亿'],
    [6.2e9, '6.2 B', '62 亿'],
    [1e14, '100 T', '100 万亿'],
    [9.3e7, '93 M', '9300 万'],
    [1.7e5, '170 K', '17 万'],
    [2.5e8, '250 M', '2.5 亿'],
    [1.085e12, '1.085 T', '1.085 万亿'],
    [520, '520', '520'],
    [9999, '9.999 K', '9999'],
    [0, '0', '0'],
  ])('%d reads %s in English and %s in Chinese', (n, en, zh) => {
    expect(formatQuantity(n, 'en')).toBe(en);
    expect(formatQuantity(n, 'zh')).toBe(zh);
  });

  it('rounds to four significant digits and moves up a unit rather than print 1000 of one', () => {
    expect(formatQuantity(1_234_567, 'en')).toBe('1.235 M');
    expect(formatQuantity(999_950_000, 'en')).toBe('1 B');
    expect(formatQuantity(999_995_000_000, 'zh')).toBe('1 万亿');
    expect(formatQuantity(-175e9, 'en')).toBe('-175 B');
  });

  it('writes sizes in bytes as the paper does, TB and GB, in both languages', () => {
    expect(formatQuantity(45e12, 'en', 'bytes')).toBe('45 TB');
    expect(formatQuantity(45e12, 'zh', 'bytes')).toBe('45 TB');
    expect(formatQuantity(7.8e11, 'zh', 'bytes')).toBe('780 GB');
    expect(formatQuantity(512, 'en', 'bytes')).toBe('512 bytes');
    // Any other unit is a count of things: the language's scale.
    expect(formatQuantity(2.1e9, 'zh', 'images')).toBe('21 亿');
  });

  it('keeps NULL as NULL and takes BigInt', () => {
    expect(formatQuantity(null, 'en')).toBe('NULL');
    expect(formatQuantity(175_000_000_000n, 'en')).toBe('175 B');
    expect(exactCount(175_000_000_000n)).toBe('175,000,000,000');
    expect(exactCount(1.8e12)).toBe('1,800,000,000,000');
  });
});

describe('parseQuantity', () => {
  it.each([
    ['1e11', 1e11],
    ['100,000,000,000', 1e11],
    ['100B', 1e11],
    ['100 b', 1e11],
    ['1000亿', 1e11],
    ['1.8 万亿', 1.8e12],
    ['45TB', 45e12],
    ['0.78 TB', 7.8e11],
    ['  62 亿 ', 6.2e9],
    ['2.5e2 亿', 2.5e10],
    ['千亿', undefined],
    ['', undefined],
    ['abc', undefined],
    ['10 parsecs', undefined],
  ])('reads %j as %d', (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });

  it('reads back what formatQuantity writes, to its four significant digits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 53 - 1 }),
        fc.constantFrom('en' as const, 'zh' as const),
        fc.boolean(),
        (n, lang, bytes) => {
          const back = parseQuantity(formatQuantity(n, lang, bytes ? 'bytes' : undefined))!;
          expect(Math.abs(back - n)).toBeLessThanOrEqual(Math.max(1, n * 5e-4));
        },
      ),
    );
  });
});
