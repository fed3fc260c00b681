// The quantity grammar. A printed cell such as "12B", "30 亿", "万亿级", "7B-13B", "2TB" or
// "3 亿张图片" becomes a Quantity with exact integer bounds; anything else becomes a typed
// QuantityError with the reason. parseQuantity never throws.
//
//   cell   := not_reported | single (separator single)?
//   single := number " "? magnitude? " "? unit?       → exact
//           | prefix? magnitude suffix? " "? unit?    → order_of_magnitude (only magnitudes marked "word")
//
// Bounds: for every kind, low ≤ true value ≤ high (both inclusive).
//   exact                value = low = high
//   range                low and high as printed ("7B-65B": 7e9 and 65e9); value NULL
//   order_of_magnitude   a word of magnitude M (十万 = 10 × 1e4) means "of the order of M": low = M, high = 10 × M
//   not_reported         value, low and high NULL
//
// Full-width forms: the full-width ASCII block (１７５Ｂ, －, ．) and the ideographic space are read as their ASCII
// equivalents and the no-break space as a space, because typesetters use them interchangeably; the raw cell keeps
// what was printed. Invisible characters (zero-width space, joiners, BOM) and controls are errors: they hide in
// a cell and are never intended.

import { REGISTRY, type Grammar, type QuantityKind, type Registry } from './registry.ts';

export interface Quantity {
  kind: QuantityKind;
  value: bigint | null;
  low: bigint | null;
  high: bigint | null;
  /** 'bytes', a counted noun's unit, 'unspecified' (a number with no unit), or null when not reported. */
  unit: string | null;
}

export interface QuantityError {
  /** Completes the sentence `"<raw>" …`. */
  reason: string;
}

export type QuantityResult = { ok: true; quantity: Quantity } | { ok: false; error: QuantityError };

/** Largest value a BIGINT column holds. */
export const INT64_MAX = 2n ** 63n - 1n;

const INVISIBLE = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Folds full-width ASCII and typographic spaces to ASCII (see the header comment). */
export function foldWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e\u3000\u00a0]/g, (c) => {
    const code = c.charCodeAt(0);
    return code === 0x3000 || code === 0x00a0 ? ' ' : String.fromCharCode(code - 0xfee0);
  });
}

const NUMBER = /^(\d+)(?:\.(\d+))?/;
const BARE_NUMBER = /^\d+(?:\.\d+)?$/;
/** Longer digit strings cannot be a BIGINT anyway; refusing them early keeps parsing linear. */
const MAX_DIGITS = 40;

interface Single { kind: 'exact' | 'order_of_magnitude'; low: bigint; high: bigint; unit: string }

const err = (reason: string): { ok: false; error: QuantityError } => ({ ok: false, error: { reason } });

function startsWithAny<T extends { text: string }>(s: string, xs: readonly T[]): T | undefined {
  return xs.find((x) => s.startsWith(x.text));
}

/** Parses one side of a cell; returns a reason string on failure. */
function parseSingle(s: string, grammar: Grammar, r: Registry): Single | string {
  let rest = s;
  let value: bigint | undefined; // numerator
  let scale = 1n; // denominator from decimals
  let kind: Single['kind'] = 'exact';
  let multiplier = 1n;

  const num = NUMBER.exec(rest);
  if (num && num[0].length > MAX_DIGITS) return `has more than ${MAX_DIGITS} digits`;
  if (num) {
    value = BigInt(num[1]! + (num[2] ?? ''));
    scale = 10n ** BigInt((num[2] ?? '').length);
    rest = rest.slice(num[0].length);
    if (rest.startsWith(' ')) rest = rest.slice(1);
    const mag = startsWithAny(rest, r.magnitudes);
    // A magnitude is taken only when what follows is not a longer unit starting with the same letters (T vs TB).
    const unitHere = startsWithAny(rest, r.units);
    if (mag && !(unitHere && unitHere.text.length > mag.text.length)) {
      multiplier = mag.multiplier;
      rest = rest.slice(mag.text.length);
    }
  } else {
    const prefix = startsWithAny(rest, r.wordPrefixes);
    const afterPrefix = prefix ? rest.slice(prefix.text.length) : rest;
    const mag = startsWithAny(afterPrefix, r.magnitudes.filter((m) => m.word));
    if (!mag) return 'is not a quantity';
    kind = 'order_of_magnitude';
    multiplier = (prefix?.multiplier ?? 1n) * mag.multiplier;
    rest = afterPrefix.slice(mag.text.length);
    if (rest.startsWith(r.wordSuffix)) rest = rest.slice(r.wordSuffix.length);
  }

  if (rest.startsWith(' ')) rest = rest.slice(1);
  let unit = 'unspecified';
  if (rest !== '') {
    const u = startsWithAny(rest, r.units);
    if (!u || rest !== u.text) return `has an unknown unit ${JSON.stringify(rest)}`;
    if (grammar === 'count') return `has a unit (${u.text}) where a plain count is expected`;
    unit = u.unit;
    multiplier *= u.multiplier;
  }

  if (kind === 'order_of_magnitude') return { kind, low: multiplier, high: multiplier * 10n, unit };
  const total = value! * multiplier;
  if (total % scale !== 0n) return 'is not a whole number once its multiplier is applied';
  const v = total / scale;
  return { kind, low: v, high: v, unit };
}

function splitRange(s: string, r: Registry): [string, string] | undefined {
  for (let i = 1; i < s.length - 1; i++) {
    for (const sep of r.rangeSeparators) {
      if (s.startsWith(sep, i)) return [s.slice(0, i).trimEnd(), s.slice(i + sep.length).trimStart()];
    }
  }
  return undefined;
}

export function parseQuantity(raw: string, grammar: Grammar, r: Registry = REGISTRY): QuantityResult {
  if (typeof raw !== 'string') return err('is not text');
  if (INVISIBLE.test(raw)) return err('contains an invisible character (zero-width space, joiner or BOM)');
  if (CONTROL.test(raw)) return err('contains a control character');
  const s = foldWidth(raw).trim();
  if (s === '') return err('is empty');
  if (r.notReported.includes(s)) return { ok: true, quantity: { kind: 'not_reported', value: null, low: null, high: null, unit: null } };

  const parts = splitRange(s, r);
  if (parts) {
    const right = parseSingle(parts[1], grammar, r);
    if (typeof right === 'string') return err(right);
    let left = parseSingle(parts[0], grammar, r);
    // "7-65B", "1.5-3B": a bare left number, whole or decimal, borrows the right side's multiplier and unit.
    if (BARE_NUMBER.test(parts[0]) && right.kind === 'exact') {
      const borrowed = parseSingle(`${parts[0]}${parts[1].replace(/^[\d.]+ ?/, '')}`, grammar, r);
      if (typeof borrowed !== 'string') left = borrowed;
    }
    if (typeof left === 'string') return err(left);
    if (left.kind !== 'exact' || right.kind !== 'exact') return err('is a range whose ends are not both numbers');
    if (left.unit !== right.unit) return err(`is a range whose ends have different units (${left.unit}, ${right.unit})`);
    if (left.low > right.high) return err('is a range whose lower end is above its upper end');
    if (right.high > INT64_MAX) return err('is larger than a BIGINT can hold');
    return { ok: true, quantity: { kind: 'range', value: null, low: left.low, high: right.high, unit: left.unit } };
  }

  const one = parseSingle(s, grammar, r);
  if (typeof one === 'string') return err(one);
  if (one.high > INT64_MAX) return err('is larger than a BIGINT can hold');
  return {
    ok: true,
    quantity: { kind: one.kind, value: one.kind === 'exact' ? one.low : null, low: one.low, high: one.high, unit: one.unit },
  };
}

/** The examples shown in messages, from the registry. */
export function quantityExamples(grammar: Grammar, r: Registry = REGISTRY): string {
  return r.examples[grammar].join(', ');
}
