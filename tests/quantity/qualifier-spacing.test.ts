// The qualifiers of a quantity (超, 超过, 以上, 约, 左右) as the registry loads them and as a text export spaces them:
// the longer one of two sharing a start is tried first (超过 before 超), and white space of any length may stand
// between a qualifier and its figure, on either side.

import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../pipelines/lib/quantity/parse.ts';
import { loadRegistry } from '../../pipelines/lib/quantity/registry.ts';

const lower = (low: bigint) => ({
  ok: true,
  quantity: { kind: 'lower_bound', value: null, low, high: null, unit: 'unspecified' },
});
const about = (value: bigint) => ({
  ok: true,
  quantity: { kind: 'approximate', value, low: null, high: null, unit: 'unspecified' },
});

describe('the qualifiers', () => {
  it('are loaded longer texts first, so that 超过 wins over 超', () => {
    const r = loadRegistry();
    for (const q of r.qualifiers) {
      for (const list of [q.prefixes, q.suffixes]) {
        const lengths = list.map((x) => x.length);
        expect(lengths, q.kind).toEqual([...lengths].sort((a, b) => b - a));
      }
    }
    expect(parseQuantity('超过1000亿', 'count', r)).toEqual(lower(100_000_000_000n));
    expect(parseQuantity('大约 1750亿', 'count', r)).toEqual(about(175_000_000_000n));
  });

  it('may stand apart from the figure by more than one space, after it as before it', () => {
    for (const [raw, want] of [
      ['约  175B', about(175_000_000_000n)],
      ['175B  左右', about(175_000_000_000n)],
      ['1000亿\u3000\u3000以上', lower(100_000_000_000n)],
      ['超\u3000\u30001000亿', lower(100_000_000_000n)],
    ] as const) {
      expect(parseQuantity(raw, 'count'), raw).toEqual(want);
    }
  });
});
