// Printing a Quantity the way papers print them, for the round-trip property (parse ∘ format = id) and for the
// synthetic papers of the benchmarks. Only the registry's vocabulary is used.

import type { Quantity } from './parse.ts';
import { REGISTRY, type Grammar, type Registry } from './registry.ts';

export interface FormatStyle {
  /** Which multipliers to print with: Latin letters (12B) or Chinese magnitudes (120 亿). */
  magnitudes: 'latin' | 'chinese';
  /** Put a space between the number and a Chinese magnitude, as chang2024 does ("30 亿"). */
  space: boolean;
}

const DEFAULT_STYLE: FormatStyle = { magnitudes: 'latin', space: false };

/** value / 10^k as a plain decimal string, exactly. */
function decimal(value: bigint, divisor: bigint): string {
  const whole = value / divisor;
  const frac = (value % divisor)
    .toString()
    .padStart(divisor.toString().length - 1, '0')
    .replace(/0+$/, '');
  return frac === '' ? whole.toString() : `${whole}.${frac}`;
}

function unitText(unit: string, v: bigint, r: Registry): { text: string; multiplier: bigint } | undefined {
  if (unit === 'unspecified') return undefined;
  const candidates = r.units.filter((u) => u.unit === unit).sort((a, b) => (a.multiplier > b.multiplier ? -1 : 1));
  if (candidates.length === 0) throw new Error(`no printed form for unit ${unit}`);
  // The largest unit that divides the value ("45TB"); else the smallest, with decimals ("0.5KB").
  return candidates.find((u) => v >= u.multiplier && v % u.multiplier === 0n) ?? candidates[candidates.length - 1];
}

function formatExact(v: bigint, unit: string, style: FormatStyle, r: Registry): string {
  const u = unitText(unit, v, r);
  if (u && u.multiplier > 1n) return `${decimal(v, u.multiplier)}${u.text}`;
  // Counts and counted nouns: the largest magnitude of the chosen style that divides the value.
  const mags = r.magnitudes
    .filter((m) => (style.magnitudes === 'chinese' ? m.word : !m.word))
    .sort((a, b) => (a.multiplier > b.multiplier ? -1 : 1));
  const mag = mags.find((m) => v >= m.multiplier && v % m.multiplier === 0n);
  const noun = u?.text ?? '';
  if (!mag) return `${v}${noun}`;
  const gap = style.space && mag.word ? ' ' : '';
  return `${v / mag.multiplier}${gap}${mag.text}${noun}`;
}

export function formatQuantity(
  q: Quantity,
  _grammar: Grammar,
  style: FormatStyle = DEFAULT_STYLE,
  r: Registry = REGISTRY,
): string {
  switch (q.kind) {
    case 'not_reported':
      return r.notReported[0]!;
    case 'exact':
      return formatExact(q.value!, q.unit!, style, r);
    case 'range': {
      const low = formatExact(q.low!, q.unit!, style, r);
      let high = formatExact(q.high!, q.unit!, style, r);
      // A bare left number borrows the right end's multiplier ("7-65B" is 7B-65B), so print both bare then.
      if (/^\d+$/.test(low) && !/^\d+$/.test(high)) high = q.high!.toString();
      return `${low}${r.rangeSeparators[0]}${high}`;
    }
    case 'lower_bound':
    case 'approximate': {
      const printed = r.qualifiers.find((x) => x.kind === q.kind)!.printed;
      return `${printed}${formatExact(q.kind === 'lower_bound' ? q.low! : q.value!, q.unit!, style, r)}`;
    }
    case 'order_of_magnitude': {
      const units =
        q.unit === 'unspecified' ? [{ text: '', multiplier: 1n }] : r.units.filter((u) => u.unit === q.unit);
      for (const m of r.magnitudes.filter((x) => x.word)) {
        for (const p of [{ text: '', multiplier: 1n }, ...r.wordPrefixes]) {
          for (const u of units) {
            if (p.multiplier * m.multiplier * u.multiplier === q.low)
              return `${p.text}${m.text}${r.wordSuffix}${u.text}`;
          }
        }
      }
      throw new Error(`no word of magnitude for ${q.low}`);
    }
  }
}
