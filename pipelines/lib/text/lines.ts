// Turning the bytes of a text export into numbered lines, strictly: invalid UTF-8 and control characters are
// located problems, not silent replacements. A byte-order mark is dropped and CRLF line ends count as LF, so a
// file saved by another editor still reads the same; neither changes line numbers.

import { fail } from '../problems.ts';

export interface TextLines {
  /** The file as the user would name it, for messages. */
  file: string;
  /** Lines without their line terminators; lines[0] is line 1. */
  lines: string[];
}

const BOM = '\uFEFF';

/** Decodes UTF-8, failing at the first invalid byte with its line number. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    return fail(
      { file, line },
      `is not valid UTF-8 (byte ${at} of the file)`,
      'Re-export the text as UTF-8; the source snapshot must be plain UTF-8 text.',
      `0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')}`,
    );
  }
}

/** Offset of the first byte that starts an invalid UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let need: number;
    let min: number;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return b.length;
}

export function splitLines(text: string, file: string): TextLines {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const lines = body.split('\n');
  // A final line terminator does not start another line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  return { file, lines };
}

export function readTextLines(bytes: Uint8Array, file: string): TextLines {
  return splitLines(decodeUtf8(bytes, file), file);
}

// C0 and C1 controls other than tab, and lone carriage returns. Invisible format characters (zero-width
// space and the like) are not controls: they stay in the text, where name and quantity checks report them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point (\p{Cc} would take tab and LF)
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** The first control character in a line, for a located problem, or undefined. */
export function findControl(line: string): { index: number; code: string } | undefined {
  const m = CONTROL.exec(line);
  if (!m) return undefined;
  return { index: m.index, code: `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` };
}

/** Blank means empty or only white space: the export puts such lines between the pieces of a cell. */
/** JavaScript's \s, as a test on one UTF-16 unit. */
export function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const NOT_SPACE = /\S/;

export function isBlank(line: string): boolean {
  return !NOT_SPACE.test(line);
}
