// Joining the pieces of a wrapped cell. The export drops the space the paper prints between a Chinese
// character and a Latin word when the line wraps there ("汉字" + "Word"); we put back exactly one space at
// such a wrap and add nothing anywhere else.

const HAN = /^\p{Script=Han}$/u;
const LATIN_OR_DIGIT = /^[A-Za-z0-9]$/;

function firstChar(s: string): string {
  const cp = s.codePointAt(0);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

function lastChar(s: string): string {
  if (s.length === 0) return '';
  const low = s.charCodeAt(s.length - 1);
  const isLowSurrogate = low >= 0xdc00 && low <= 0xdfff;
  return isLowSurrogate && s.length >= 2 ? s.slice(-2) : s.slice(-1);
}

/** True when the paper prints a space at this wrap that the export lost. */
export function spaceLostAtWrap(left: string, right: string): boolean {
  const a = lastChar(left);
  const b = firstChar(right);
  return (HAN.test(a) && LATIN_OR_DIGIT.test(b)) || (LATIN_OR_DIGIT.test(a) && HAN.test(b));
}

export function joinWrapped(pieces: readonly string[]): string {
  let out = pieces[0] ?? '';
  for (let i = 1; i < pieces.length; i++) {
    const next = pieces[i]!;
    out += (spaceLostAtWrap(out, next) ? ' ' : '') + next;
  }
  return out;
}
