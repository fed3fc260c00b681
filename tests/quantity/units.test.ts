// Every form of quantity the paper prints, and the forms the grammar promises beyond them.

import { describe, expect, it } from 'vitest';
import { parseQuantity, quantityExamples, type Quantity } from '../../pipelines/lib/quantity/parse.ts';
import { loadRegistry, unitIds, type Grammar } from '../../pipelines/lib/quantity/registry.ts';
import common from '../../schemas/common.schema.json' with { type: 'json' };

const q = (
  kind: Quantity['kind'],
  value: bigint | null,
  low: bigint | null,
  high: bigint | null,
  unit: string | null,
): Quantity => ({ kind, value, low, high, unit });
const exact = (v: bigint, unit = 'unspecified') => q('exact', v, v, v, unit);
const parse = (s: string, g: Grammar) => {
  const r = parseQuantity(s, g);
  if (!r.ok) throw new Error(`${s}: ${r.error.reason}`);
  return r.quantity;
};

describe('parameter counts as the paper prints them', () => {
  it.each([
    ['175B', exact(175_000_000_000n)],
    ['540B', exact(540_000_000_000n)],
    ['520 亿', exact(52_000_000_000n)],
    ['62 亿', exact(6_200_000_000n)],
    ['1000 亿', exact(100_000_000_000n)],
    ['1.8 万亿', exact(1_800_000_000_000n)],
    ['5620 亿', exact(562_000_000_000n)],
    ['2600 亿', exact(260_000_000_000n)],
    ['100 万亿', exact(100_000_000_000_000n)],
    ['9300 万', exact(93_000_000n)],
    ['7B-65B', q('range', null, 7_000_000_000n, 65_000_000_000n, 'unspecified')],
    ['百亿', q('order_of_magnitude', null, 10_000_000_000n, 99_999_999_999n, 'unspecified')],
    ['千亿级', q('order_of_magnitude', null, 100_000_000_000n, 999_999_999_999n, 'unspecified')],
    ['/', q('not_reported', null, null, null, null)],
  ] as const)('%s', (raw, expected) => {
    expect(parse(raw, 'count')).toEqual(expected);
  });
});

describe('training-data sizes as the paper prints them', () => {
  it.each([
    ['45TB', exact(45_000_000_000_000n, 'bytes')],
    ['3.6TB', exact(3_600_000_000_000n, 'bytes')],
    ['0.78TB', exact(780_000_000_000n, 'bytes')],
    ['2.5 亿个图像文本对', exact(250_000_000n, 'image_text_pairs')],
    ['21 亿张图片', exact(2_100_000_000n, 'images')],
    ['17 万个蛋白质结构', exact(170_000n, 'protein_structures')],
    ['亿级', q('order_of_magnitude', null, 100_000_000n, 999_999_999n, 'unspecified')],
    ['/', q('not_reported', null, null, null, null)],
  ] as const)('%s', (raw, expected) => {
    expect(parse(raw, 'data_size')).toEqual(expected);
  });
});

describe('forms beyond the paper', () => {
  it.each([
    ['9300万', 'count', exact(93_000_000n)],
    ['1.5K', 'count', exact(1500n)],
    ['7M', 'count', exact(7_000_000n)],
    ['2T', 'count', exact(2_000_000_000_000n)],
    ['7-65B', 'count', q('range', null, 7_000_000_000n, 65_000_000_000n, 'unspecified')],
    ['7B～65B', 'count', q('range', null, 7_000_000_000n, 65_000_000_000n, 'unspecified')],
    ['十万', 'count', q('order_of_magnitude', null, 100_000n, 999_999n, 'unspecified')],
    ['万亿级', 'count', q('order_of_magnitude', null, 1_000_000_000_000n, 9_999_999_999_999n, 'unspecified')],
    ['500GB', 'data_size', exact(500_000_000_000n, 'bytes')],
    ['1.4T', 'data_size', exact(1_400_000_000_000n, 'unspecified')],
    ['45 TB', 'data_size', exact(45_000_000_000_000n, 'bytes')],
  ] as const)('%s (%s)', (raw, grammar, expected) => {
    expect(parse(raw, grammar)).toEqual(expected);
  });

  it('keeps 1e14 an exact integer end to end', () => {
    expect(parse('100 万亿', 'count').value!.toString()).toBe('100000000000000');
  });
});

describe('lower bounds and approximate figures (超, 以上, 约, …)', () => {
  const lower = (low: bigint, unit = 'unspecified') => q('lower_bound', null, low, null, unit);
  const about = (v: bigint, unit = 'unspecified') => q('approximate', v, null, null, unit);
  it.each([
    // Tencent's 超千亿 (over 100 billion) and 超 2 万亿 (over two trillion), as a paper may print them.
    ['超千亿', 'count', lower(100_000_000_000n)],
    ['超 1000 亿', 'count', lower(100_000_000_000n)],
    ['超过1000亿', 'count', lower(100_000_000_000n)],
    ['逾 2 万亿', 'count', lower(2_000_000_000_000n)],
    ['1000 亿以上', 'count', lower(100_000_000_000n)],
    ['千亿级以上', 'count', lower(100_000_000_000n)],
    ['>100B', 'count', lower(100_000_000_000n)],
    ['＞100B', 'count', lower(100_000_000_000n)],
    ['100B+', 'count', lower(100_000_000_000n)],
    ['超 2TB', 'data_size', lower(2_000_000_000_000n, 'bytes')],
    ['超 2 亿张图片', 'data_size', lower(200_000_000n, 'images')],
    ['约 175B', 'count', about(175_000_000_000n)],
    ['大约1750亿', 'count', about(175_000_000_000n)],
    ['175B 左右', 'count', about(175_000_000_000n)],
    ['~175B', 'count', about(175_000_000_000n)],
    ['～175B', 'count', about(175_000_000_000n)],
    ['约千亿', 'count', about(100_000_000_000n)],
    ['约 2.5 亿个图像文本对', 'data_size', about(250_000_000n, 'image_text_pairs')],
    // The largest a BIGINT holds is a bound like any other; one more is refused (below).
    ['超9223372036854775807', 'count', lower(9_223_372_036_854_775_807n)],
  ] as const)('%s (%s)', (raw, grammar, expected) => {
    expect(parse(raw, grammar)).toEqual(expected);
  });

  it.each([
    ['约 7B-65B', 'count', 'is a range with a qualifier (such as 超 or 约); print the bounds alone'],
    ['超 7B-65B', 'count', 'is a range with a qualifier (such as 超 or 约); print the bounds alone'],
    ['超', 'count', 'has a qualifier (such as 超 or 约) but no figure'],
    ['约', 'count', 'has a qualifier (such as 超 or 约) but no figure'],
    ['以上', 'count', 'has a qualifier (such as 超 or 约) but no figure'],
    ['左右', 'count', 'has a qualifier (such as 超 or 约) but no figure'],
    ['约 100B 以上', 'count', 'has more than one qualifier (such as 超, 以上, 约)'],
    ['超过 100B 以上', 'count', 'has more than one qualifier (such as 超, 以上, 约)'],
    ['超 100X', 'count', 'has an unknown unit "X"'],
    ['超 2TB', 'count', 'has a unit (TB) where a plain count is expected'],
    ['超 99999999999B', 'count', 'is larger than a BIGINT can hold'],
    ['超9223372036854775808', 'count', 'is larger than a BIGINT can hold'],
  ] as const)('%j (%s) is refused', (raw, grammar, reason) => {
    expect(parseQuantity(raw, grammar)).toEqual({ ok: false, error: { reason } });
  });
});

describe('full-width forms are read as their ASCII equivalents', () => {
  it.each([
    ['１７５Ｂ', '175B'],
    ['７Ｂ－６５Ｂ', '7B-65B'],
    ['０．７８ＴＢ', '0.78TB'],
    ['５２０\u3000亿', '520 亿'],
    ['520\u00a0亿', '520 亿'],
  ])('%s = %s', (full, ascii) => {
    const grammar: Grammar = ascii.endsWith('TB') ? 'data_size' : 'count';
    expect(parse(full, grammar)).toEqual(parse(ascii, grammar));
  });
});

describe('what is not a quantity gets a typed reason', () => {
  it.each([
    ['175X', 'count', 'has an unknown unit "X"'],
    ['abc', 'count', 'is not a quantity'],
    ['', 'count', 'is empty'],
    ['1.5', 'count', 'is not a whole number once its multiplier is applied'],
    ['45TB', 'count', 'has a unit (TB) where a plain count is expected'],
    ['65B-7B', 'count', 'is a range whose lower end is above its upper end'],
    ['1TB-5 亿张图片', 'data_size', 'is a range whose ends have different units (bytes, images)'],
    ['百亿-千亿', 'count', 'is a range whose ends are not both numbers'],
    ['175\u200bB', 'count', 'contains an invisible character (zero-width space, joiner or BOM)'],
    ['175\u0000B', 'count', 'contains a control character'],
    ['99999999999B', 'count', 'is larger than a BIGINT can hold'],
    ['1'.repeat(50), 'count', 'has more than 40 digits'],
    ['1,000', 'count', 'has an unknown unit ",000"'],
  ] as const)('%j (%s)', (raw, grammar, reason) => {
    expect(parseQuantity(raw, grammar)).toEqual({ ok: false, error: { reason } });
  });
});

// The check is written /\p{Cc}/u: the code points it refuses are exactly U+0000–U+001F and U+007F–U+009F.
it('refuses a control character: C0 and C1, and no other code point of the BMP', () => {
  const refused: number[] = [];
  for (let c = 0; c <= 0xffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const r = parseQuantity(`175${String.fromCharCode(c)}B`, 'count');
    if (!r.ok && r.error.reason === 'contains a control character') refused.push(c);
  }
  const c0c1 = [...Array(0x20).keys(), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)];
  expect(refused).toEqual(c0c1);
});

describe('edges of the grammar (each a mutant that once survived)', () => {
  it.each([
    // Bounds are inclusive: the largest BIGINT is a quantity, a range may have equal ends.
    ['9223372036854775807', 'count', exact(2n ** 63n - 1n)],
    ['1-9223372036854775807', 'count', q('range', null, 1n, 2n ** 63n - 1n, 'unspecified')],
    ['7B-7B', 'count', q('range', null, 7_000_000_000n, 7_000_000_000n, 'unspecified')],
    // A left end with its own magnitude keeps it; it borrows only when bare (7-65B).
    ['7万-65 亿', 'count', q('range', null, 70_000n, 6_500_000_000n, 'unspecified')],
    ['1.5-3B', 'count', q('range', null, 1_500_000_000n, 3_000_000_000n, 'unspecified')],
    ['0.5-2 亿张图片', 'data_size', q('range', null, 50_000_000n, 200_000_000n, 'images')],
    // Spaces around a range separator, before a unit after a magnitude, and around the cell.
    ['7B - 65B', 'count', q('range', null, 7_000_000_000n, 65_000_000_000n, 'unspecified')],
    ['7B  ～  65B', 'count', q('range', null, 7_000_000_000n, 65_000_000_000n, 'unspecified')],
    ['21 亿 张图片', 'data_size', exact(2_100_000_000n, 'images')],
    [' 175B ', 'count', exact(175_000_000_000n)],
    // A word of magnitude with a counted noun and no suffix.
    ['亿张图片', 'data_size', q('order_of_magnitude', null, 100_000_000n, 999_999_999n, 'images')],
  ] as const)('%j (%s)', (raw, grammar, expected) => {
    expect(parse(raw, grammar)).toEqual(expected);
  });

  it.each([
    // 40 digits are read (and are too large); only more are refused unread.
    [`1${'0'.repeat(39)}`, 'count', 'is larger than a BIGINT can hold'],
    ['1-99999999999B', 'count', 'is larger than a BIGINT can hold'],
    // Each end's own reason, not a generic one.
    ['7X-65B', 'count', 'has an unknown unit "X"'],
    ['7B-65X', 'count', 'has an unknown unit "X"'],
    ['7B-百亿', 'count', 'is a range whose ends are not both numbers'],
    ['百亿-7B', 'count', 'is a range whose ends are not both numbers'],
    // A separator at the end is not a range; a unit must be the whole rest of the cell.
    ['7-', 'count', 'has an unknown unit "-"'],
    // A bare left end that is not a number borrows nothing.
    ['1.5-3', 'count', 'is not a whole number once its multiplier is applied'],
    ['7.-65B', 'count', 'has an unknown unit "."'],
    ['45TBX', 'data_size', 'has an unknown unit "TBX"'],
    // Only words of magnitude stand without a number; a full-width space separates like a space.
    ['B', 'count', 'is not a quantity'],
    ['1\u30002', 'count', 'has an unknown unit "2"'],
  ] as const)('%j (%s) is refused', (raw, grammar, reason) => {
    expect(parseQuantity(raw, grammar)).toEqual({ ok: false, error: { reason } });
  });

  it('refuses what is not text with a reason, without throwing', () => {
    expect(parseQuantity(175 as unknown as string, 'count')).toEqual({ ok: false, error: { reason: 'is not text' } });
  });
});

describe('the vocabulary', () => {
  it('shows only examples that parse in their grammar', () => {
    for (const g of ['count', 'data_size'] as const) {
      const examples = quantityExamples(g).split(', ');
      expect(examples.length).toBeGreaterThan(2);
      for (const e of examples) expect(parseQuantity(e, g).ok, e).toBe(true);
    }
  });

  it('is loaded with longer texts first, so that 万亿 wins over 万 and TB over T', () => {
    const r = loadRegistry();
    for (const list of [r.magnitudes, r.wordPrefixes, r.units]) {
      const lengths = list.map((x) => x.text.length);
      expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
    }
    expect(r.magnitudes[0]).toEqual({ text: '万亿', multiplier: 1_000_000_000_000n, word: true });
    expect(r.wordPrefixes.map((p) => [p.text, p.multiplier])).toEqual([
      ['十', 10n],
      ['百', 100n],
      ['千', 1000n],
    ]);
    expect(parseQuantity('1.8 万亿', 'count', r)).toEqual({ ok: true, quantity: exact(1_800_000_000_000n) });
    expect(parseQuantity('百亿', 'count', r)).toEqual({
      ok: true,
      quantity: q('order_of_magnitude', null, 10_000_000_000n, 99_999_999_999n, 'unspecified'),
    });
  });

  it('lists every unit id a data-size cell can yield, once, sorted', () => {
    expect(unitIds()).toEqual(['bytes', 'image_text_pairs', 'images', 'protein_structures', 'unspecified']);
  });

  it('has a data_counted value for every unit a cell can print, so that what a figure counts can follow its unit', () => {
    const counted = common.$defs.data_counted.enum as (string | null)[];
    for (const u of unitIds()) expect(counted, u).toContain(u === 'unspecified' ? 'unknown' : u);
    expect(counted).toContain('tokens');
  });
});
