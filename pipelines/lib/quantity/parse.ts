// The quantity grammar. A printed cell such as "12B", "30 亿", "万亿级", "7B-13B", "2TB", "3 亿张图片", "超千亿"
// or "约 175B" becomes a Quantity with exact integer bounds; anything else becomes a typed QuantityError with the
// reason. parseQuantity never throws.
//
//   cell      := not_reported | single (separator single)? | qualified
//   qualified := lb_prefix " "? single | single " "? lb_suffix       → lower_bound   (超千亿, 1000 亿以上, >100B)
//              | ab_prefix " "? single | single " "? ab_suffix       → approximate   (约 175B, 175B 左右)
//   single    := number " "? magnitude? " "? unit?                  → exact
//              | prefix? magnitude suffix? " "? unit?               → order_of_magnitude (only magnitudes marked "word")
//
// Bounds, for every kind: low ≤ true value ≤ high, both inclusive; a NULL bound is one the cell does not state.
//   exact                value = low = high
//   range                low and high as printed ("7B-65B": 7e9 and 65e9); value NULL
//   order_of_magnitude   a word of magnitude M (十万 = 10 × 1e4) means "of the order of M", M ≤ true value < 10 × M:
//                        low = M, high = 10 × M − 1 (the largest whole number below the next order); value NULL
//   lower_bound          "over X" or "X or more": low = X (over X implies at least X), high NULL, value NULL; a
//                        word of magnitude gives its low (超千亿: low = 1e11)
//   approximate          "about X": value = X as printed, low and high NULL (the cell states no bounds)
//   not_reported         value, low and high NULL
//
// The qualifiers (超, 以上, 约, …) are data in registry.json. A qualified range ("约 7B-65B") is refused: its
// meaning is not one of the kinds above.
//
// Full-width forms: the full-width ASCII block (１７５Ｂ, －, ．) and the ideographic space are read as their ASCII
// equivalents and the no-break space as a space, because typesetters use them interchangeably; the raw cell keeps
// what was printed. Invisible characters (zero-width space, joiners, BOM) and controls are errors: they hide in
// a cell and are never intended.

import { REGISTRY, type Grammar, type Qualifier, type QuantityKind, type Registry } from './registry.ts';

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
// C0 and C1 controls, U+0000–U+001F and U+007F–U+009F: Unicode's general category Cc is exactly these.
const CONTROL = /\p{Cc}/u;

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

interface Single {
  kind: 'exact' | 'order_of_magnitude';
  low: bigint;
  high: bigint;
  unit: string;
}

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
    const mag = startsWithAny(
      afterPrefix,
      r.magnitudes.filter((m) => m.word),
    );
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

  if (kind === 'order_of_magnitude') return { kind, low: multiplier, high: multiplier * 10n - 1n, unit };
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

/** The qualifier around a cell ("超千亿", "1000 亿以上", "约 175B") and what is left inside it, or undefined. */
function qualifierOf(s: string, r: Registry): { kind: Qualifier['kind']; rest: string } | string | undefined {
  const found: { kind: Qualifier['kind']; rest: string }[] = [];
  let rest = s;
  for (const q of r.qualifiers) {
    const pre = q.prefixes.find((p) => rest.startsWith(p));
    if (pre !== undefined) {
      rest = rest.slice(pre.length).trimStart();
      found.push({ kind: q.kind, rest });
    }
    const suf = q.suffixes.find((p) => rest.endsWith(p));
    if (suf !== undefined) {
      rest = rest.slice(0, -suf.length).trimEnd();
      found.push({ kind: q.kind, rest });
    }
  }
  if (found.length === 0) return undefined;
  if (found.length > 1) return 'has more than one qualifier (such as 超, 以上, 约)';
  return { kind: found[0]!.kind, rest };
}

function parseQualified(kind: Qualifier['kind'], inner: string, grammar: Grammar, r: Registry): QuantityResult {
  if (inner === '') return err('has a qualifier (such as 超 or 约) but no figure');
  if (splitRange(inner, r)) return err('is a range with a qualifier (such as 超 or 约); print the bounds alone');
  const one = parseSingle(inner, grammar, r);
  if (typeof one === 'string') return err(one);
  if (one.low > INT64_MAX) return err('is larger than a BIGINT can hold');
  // A word of magnitude stands for its lower end: 超千亿 is over 1e11, 约千亿 about 1e11.
  return kind === 'lower_bound'
    ? { ok: true, quantity: { kind, value: null, low: one.low, high: null, unit: one.unit } }
    : { ok: true, quantity: { kind, value: one.low, low: null, high: null, unit: one.unit } };
}

export function parseQuantity(raw: string, grammar: Grammar, r: Registry = REGISTRY): QuantityResult {
  if (typeof raw !== 'string') return err('is not text');
  if (INVISIBLE.test(raw)) return err('contains an invisible character (zero-width space, joiner or BOM)');
  if (CONTROL.test(raw)) return err('contains a control character');
  const s = foldWidth(raw).trim();
  if (s === '') return err('is empty');
  if (r.notReported.includes(s))
    return { ok: true, quantity: { kind: 'not_reported', value: null, low: null, high: null, unit: null } };

  const qualified = qualifierOf(s, r);
  if (typeof qualified === 'string') return err(qualified);
  if (qualified) return parseQualified(qualified.kind, qualified.rest, grammar, r);

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
    if (left.unit !== right.unit)
      return err(`is a range whose ends have different units (${left.unit}, ${right.unit})`);
    if (left.low > right.high) return err('is a range whose lower end is above its upper end');
    if (right.high > INT64_MAX) return err('is larger than a BIGINT can hold');
    return { ok: true, quantity: { kind: 'range', value: null, low: left.low, high: right.high, unit: left.unit } };
  }

  const one = parseSingle(s, grammar, r);
  if (typeof one === 'string') return err(one);
  if (one.high > INT64_MAX) return err('is larger than a BIGINT can hold');
  return {
    ok: true,
    quantity: {
      kind: one.kind,
      value: one.kind === 'exact' ? one.low : null,
      low: one.low,
      high: one.high,
      unit: one.unit,
    },
  };
}

/** The examples shown in messages, from the registry. */
export function quantityExamples(grammar: Grammar, r: Registry = REGISTRY): string {
  return r.examples[grammar].join(', ');
}
