// Loads the quantity vocabulary (registry.json) into the shapes the parser and formatter use.

import registryJson from './registry.json' with { type: 'json' };

export type QuantityKind = 'exact' | 'range' | 'order_of_magnitude' | 'lower_bound' | 'approximate' | 'not_reported';
/** Which cells a grammar reads: counts (parameters) take no unit; data sizes take bytes or counted nouns. */
export type Grammar = 'count' | 'data_size';

export interface Magnitude {
  text: string;
  multiplier: bigint;
  word: boolean;
}
export interface Unit {
  text: string;
  unit: string;
  multiplier: bigint;
}
/** Words before or after a single figure that make it a lower bound or an approximate figure. */
export interface Qualifier {
  kind: 'lower_bound' | 'approximate';
  prefixes: string[];
  suffixes: string[];
  printed: string;
}

export interface Registry {
  notReported: string[];
  rangeSeparators: string[];
  magnitudes: Magnitude[];
  wordPrefixes: { text: string; multiplier: bigint }[];
  wordSuffix: string;
  /** The lower-bound and approximate qualifiers, each list longest first; `printed` is the form formatQuantity uses. */
  qualifiers: Qualifier[];
  /** Byte units and counted nouns, each with the unit id it yields and its multiplier (1 for nouns). */
  units: Unit[];
  examples: Record<Grammar, string[]>;
}

const byLengthDesc = <T extends { text: string }>(xs: T[]): T[] =>
  [...xs].sort((a, b) => b.text.length - a.text.length);
const byLength = (xs: string[]): string[] => [...xs].sort((a, b) => b.length - a.length);

export function loadRegistry(json: typeof registryJson = registryJson): Registry {
  return {
    notReported: json.not_reported,
    rangeSeparators: json.range_separators,
    magnitudes: byLengthDesc(
      json.magnitudes.map((m) => ({ text: m.text, multiplier: BigInt(m.multiplier), word: m.word })),
    ),
    wordPrefixes: byLengthDesc(json.word_prefixes.map((p) => ({ text: p.text, multiplier: BigInt(p.multiplier) }))),
    wordSuffix: json.word_suffix,
    qualifiers: (['lower_bound', 'approximate'] as const).map((kind) => ({
      kind,
      prefixes: byLength(json[kind].prefixes),
      suffixes: byLength(json[kind].suffixes),
      printed: json[kind].prefixes[0]!,
    })),
    units: byLengthDesc([
      ...json.byte_units.map((u) => ({ text: u.text, unit: 'bytes', multiplier: BigInt(u.bytes) })),
      ...json.nouns.map((n) => ({ text: n.text, unit: n.unit, multiplier: 1n })),
    ]),
    examples: json.examples as Record<Grammar, string[]>,
  };
}

export const REGISTRY = loadRegistry();

/** Every unit id a data-size cell can yield, for the schema enum test. */
export function unitIds(r: Registry = REGISTRY): string[] {
  return [...new Set(['unspecified', ...r.units.map((u) => u.unit)])].sort();
}
