// Property and fuzz tests of the quantity grammar: formatting then parsing returns the quantity; any string
// either parses or yields a typed error, never an exception, and quickly.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQuantity } from '../../pipelines/lib/quantity/format.ts';
import { parseQuantity, INT64_MAX, type Quantity } from '../../pipelines/lib/quantity/parse.ts';
import { REGISTRY, type Grammar } from '../../pipelines/lib/quantity/registry.ts';
import { hangGuardMs } from '../helpers/hang-guard.ts';

const grammar = fc.constantFrom<Grammar>('count', 'data_size');
/** Which of value, low and high each kind states (parse.ts's header). */
const STATED: Record<Quantity['kind'], boolean[]> = {
  exact: [true, true, true],
  range: [false, true, true],
  order_of_magnitude: [false, true, true],
  lower_bound: [false, true, false],
  approximate: [true, false, false],
  not_reported: [false, false, false],
};
const style = fc.record({ magnitudes: fc.constantFrom<'latin' | 'chinese'>('latin', 'chinese'), space: fc.boolean() });
const value = fc.bigInt({ min: 0n, max: 10n ** 15n });

function unitFor(g: Grammar): fc.Arbitrary<string> {
  return g === 'count'
    ? fc.constant('unspecified')
    : fc.constantFrom('unspecified', ...new Set(REGISTRY.units.map((u) => u.unit)));
}

/** Units as printed with their multipliers (a word of magnitude in TB multiplies both). */
function printedUnits(g: Grammar): { unit: string; multiplier: bigint }[] {
  return [
    { unit: 'unspecified', multiplier: 1n },
    ...(g === 'count' ? [] : REGISTRY.units.map((u) => ({ unit: u.unit, multiplier: u.multiplier }))),
  ];
}

const quantity: fc.Arbitrary<[Grammar, Quantity]> = grammar.chain((g) =>
  fc.oneof(
    fc
      .tuple(value, unitFor(g))
      .map(([v, unit]): [Grammar, Quantity] => [g, { kind: 'exact', value: v, low: v, high: v, unit }]),
    fc.tuple(value, value, unitFor(g)).map(([a, b, unit]): [Grammar, Quantity] => {
      const [low, high] = a <= b ? [a, b] : [b, a];
      return [g, { kind: 'range', value: null, low, high, unit }];
    }),
    fc
      .tuple(
        fc.constantFrom(...REGISTRY.magnitudes.filter((m) => m.word)),
        fc.constantFrom(1n, 10n, 100n, 1000n),
        fc.constantFrom(...printedUnits(g)),
      )
      .map(([m, p, u]) => ({ low: m.multiplier * p * u.multiplier, unit: u.unit }))
      .filter(({ low }) => low * 10n - 1n <= INT64_MAX)
      .map(({ low, unit }): [Grammar, Quantity] => [
        g,
        { kind: 'order_of_magnitude', value: null, low, high: low * 10n - 1n, unit },
      ]),
    fc
      .tuple(value, unitFor(g))
      .map(([v, unit]): [Grammar, Quantity] => [g, { kind: 'lower_bound', value: null, low: v, high: null, unit }]),
    fc
      .tuple(value, unitFor(g))
      .map(([v, unit]): [Grammar, Quantity] => [g, { kind: 'approximate', value: v, low: null, high: null, unit }]),
    fc.constant<[Grammar, Quantity]>([g, { kind: 'not_reported', value: null, low: null, high: null, unit: null }]),
  ),
);

describe('quantity grammar properties', () => {
  it('parse(format(q)) = q', () => {
    fc.assert(
      fc.property(quantity, style, ([g, q], s) => {
        const printed = formatQuantity(q, g, s);
        const back = parseQuantity(printed, g);
        expect(back, printed).toEqual({ ok: true, quantity: q });
      }),
      { numRuns: 2000 },
    );
  });

  it('any string parses or yields a typed error, never an exception', () => {
    const alphabet = fc.constantFrom(
      ...'0123456789.-–~～至 /亿万千百十级个张图片BKMTGPkb，０１９．－Ｂ超约逾>≥+≈＞\u3000\u00a0\u200b\u0000\r\n\ufeff\ud800'.split(
        '',
      ),
      'TB',
      '个图像文本对',
      '以上',
      '左右',
      '超过',
      '大约',
    );
    const input = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(alphabet, { maxLength: 30 }).map((a) => a.join('')),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    fc.assert(
      fc.property(input, grammar, (s, g) => {
        const r = parseQuantity(s, g);
        if (r.ok) {
          // Every stated bound is a BIGINT, low ≤ value ≤ high where stated, and each kind states what it promises.
          const { kind, value, low, high } = r.quantity;
          for (const b of [value, low, high]) if (b !== null) expect(b >= 0n && b <= INT64_MAX).toBe(true);
          if (low !== null && high !== null) expect(low <= high).toBe(true);
          if (value !== null && low !== null) expect(low <= value && value <= high!).toBe(true);
          expect([value !== null, low !== null, high !== null]).toEqual(STATED[kind]);
        } else {
          expect(typeof r.error.reason).toBe('string');
          expect(r.error.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('stays fast on very long and adversarial input', () => {
    for (const s of [
      '9'.repeat(1_000_000),
      '亿'.repeat(200_000),
      '-'.repeat(200_000),
      '1B-'.repeat(100_000),
      '\u200b'.repeat(100_000),
    ]) {
      const t0 = performance.now();
      const r = parseQuantity(s, 'count');
      expect(r.ok).toBe(false);
      // A bound on work, not a timing target: a quadratic scan over these inputs would take minutes.
      expect(performance.now() - t0).toBeLessThan(hangGuardMs(5_000));
    }
  });
});
