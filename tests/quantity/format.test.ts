// formatQuantity prints a quantity the way papers print it (the benchmarks' synthetic papers and the round-trip
// property rely on it): the largest unit or magnitude that divides the value, decimals only when none does, the
// gap before a Chinese magnitude only when asked. The round-trip property alone accepts any form that parses back.

import { describe, expect, it } from 'vitest';
import { formatQuantity, type FormatStyle } from '../../pipelines/lib/quantity/format.ts';
import type { Quantity } from '../../pipelines/lib/quantity/parse.ts';
import registryJson from '../../pipelines/lib/quantity/registry.json' with { type: 'json' };
import { loadRegistry } from '../../pipelines/lib/quantity/registry.ts';

const exact = (v: bigint, unit = 'unspecified'): Quantity => ({ kind: 'exact', value: v, low: v, high: v, unit });
const range = (low: bigint, high: bigint): Quantity => ({ kind: 'range', value: null, low, high, unit: 'unspecified' });
const order = (low: bigint, unit = 'unspecified'): Quantity => ({
  kind: 'order_of_magnitude',
  value: null,
  low,
  high: low * 10n - 1n,
  unit,
});
const lower = (low: bigint, unit = 'unspecified'): Quantity => ({
  kind: 'lower_bound',
  value: null,
  low,
  high: null,
  unit,
});
const about = (v: bigint, unit = 'unspecified'): Quantity => ({
  kind: 'approximate',
  value: v,
  low: null,
  high: null,
  unit,
});
const latin: FormatStyle = { magnitudes: 'latin', space: false };
const chinese: FormatStyle = { magnitudes: 'chinese', space: true };

describe('formatQuantity', () => {
  it.each([
    ['175B', exact(175_000_000_000n), latin],
    ['175B', exact(175_000_000_000n), { magnitudes: 'latin', space: true }],
    ['1750 亿', exact(175_000_000_000n), chinese],
    ['1750亿', exact(175_000_000_000n), { magnitudes: 'chinese', space: false }],
    ['9300 万', exact(93_000_000n), chinese],
    ['7', exact(7n), latin],
    ['0', exact(0n), latin],
    ['1B', exact(1_000_000_000n), latin],
    ['1 万', exact(10_000n), chinese],
    ['45TB', exact(45_000_000_000_000n, 'bytes'), latin],
    ['780GB', exact(780_000_000_000n, 'bytes'), latin],
    ['0.5KB', exact(500n, 'bytes'), latin],
    ['1TB', exact(1_000_000_000_000n, 'bytes'), latin],
    ['0KB', exact(0n, 'bytes'), latin],
    ['21 亿张图片', exact(2_100_000_000n, 'images'), chinese],
    ['7B-65B', range(7_000_000_000n, 65_000_000_000n), latin],
    // A bare left end would borrow the right end's multiplier, so the right end is printed bare too.
    ['7-65000000000', range(7n, 65_000_000_000n), latin],
    ['12-65000000000', range(12n, 65_000_000_000n), latin],
    ['百亿级', order(10_000_000_000n), latin],
    ['亿级张图片', order(100_000_000n, 'images'), latin],
    ['超1000 亿', lower(100_000_000_000n), chinese],
    ['超2TB', lower(2_000_000_000_000n, 'bytes'), latin],
    ['约175B', about(175_000_000_000n), latin],
    ['/', { kind: 'not_reported', value: null, low: null, high: null, unit: null }, latin],
  ] as [string, Quantity, FormatStyle][])('%s', (printed, q, style) => {
    expect(formatQuantity(q, 'data_size', style)).toBe(printed);
  });

  it('prints bytes in the smallest unit, with exact decimals, when no unit divides the value', () => {
    expect(formatQuantity(exact(1_234_500n, 'bytes'), 'data_size')).toBe('1234.5KB');
  });

  it('refuses a unit or an order of magnitude it has no printed form for, naming it', () => {
    expect(() => formatQuantity(exact(5n, 'furlongs'), 'data_size')).toThrow('no printed form for unit furlongs');
    expect(() => formatQuantity(order(3n), 'count')).toThrow('no word of magnitude for 3');
    // 1000 is K, a Latin multiplier, not a word of magnitude: "K级" is not printed.
    expect(() => formatQuantity(order(1000n), 'count')).toThrow('no word of magnitude for 1000');
  });

  it("chooses by multiplier, whatever the order of the registry's lists", () => {
    const reversed = loadRegistry({
      ...registryJson,
      magnitudes: [...registryJson.magnitudes].reverse(),
      byte_units: [...registryJson.byte_units].reverse(),
    });
    for (const r of [reversed, loadRegistry()]) {
      expect(formatQuantity(exact(45_000_000_000_000n, 'bytes'), 'data_size', latin, r)).toBe('45TB');
      expect(formatQuantity(exact(175_000_000_000n), 'count', latin, r)).toBe('175B');
      expect(formatQuantity(exact(175_000_000_000n), 'count', chinese, r)).toBe('1750 亿');
    }
  });
});
