// Reading a text export into lines, in process (found by the mutation run: the UTF-8 checks, line ends and white
// space of pipelines/lib/text/lines.ts were reached only by the fuzz test, which the mutation run leaves out).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../pipelines/lib/problems.ts';
import { findControl, firstInvalidUtf8, isSpace, readTextLines, splitLines } from '../../pipelines/lib/text/lines.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The longest prefix that a strict decoder reads: where the first invalid sequence starts. */
function strictPrefix(b: Uint8Array): number {
  for (let p = b.length; p > 0; p--) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, p));
      return p;
    } catch {
      /* shorter */
    }
  }
  return 0;
}

function problemOf(bytes: Uint8Array): string {
  try {
    readTextLines(bytes, 'paper.txt');
  } catch (e) {
    if (e instanceof DataError) return e.message;
    throw e;
  }
  throw new Error('read where it should have failed');
}

describe('invalid UTF-8', () => {
  // A lead byte above F4 whose bits would still spell a code point in range (F8 90 80 80 → U+10000 if read as a
  // four-byte form): the property below rarely draws such a sequence.
  it('is found at a lead byte above F4, even when three continuation bytes follow', () => {
    for (const lead of [0xf5, 0xf8, 0xfc, 0xff])
      expect(firstInvalidUtf8(Uint8Array.from([0x61, lead, 0x90, 0x80, 0x80])), lead.toString(16)).toBe(1);
  });

  it('is found where a strict decoder stops: overlong forms, surrogates, beyond U+10FFFF, cut sequences', () => {
    const edge = [
      0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xa0, 0x9f, 0xed, 0xef, 0xf0, 0x8f, 0x90, 0xf4, 0xf5, 0xff,
    ];
    const bytes = fc.array(fc.oneof(fc.constantFrom(...edge), fc.integer({ min: 0, max: 255 })), { maxLength: 10 });
    fc.assert(
      fc.property(bytes, (b) => {
        expect(firstInvalidUtf8(Uint8Array.from(b))).toBe(strictPrefix(Uint8Array.from(b)));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(firstInvalidUtf8(utf8(s))).toBe(utf8(s).length);
      }),
    );
    for (const b of [
      [0xe4, 0xb8, 0xad],
      [0xf0, 0x90, 0x80, 0x80],
      [0xf4, 0x8f, 0xbf, 0xbf],
      [0xee, 0x80, 0x80],
      [0xdf, 0xbf],
    ])
      expect(firstInvalidUtf8(Uint8Array.from(b))).toBe(b.length);
    for (const b of [
      [0xc0, 0x80],
      [0xe0, 0x9f, 0xbf],
      [0xed, 0xa0, 0x80],
      [0xed, 0xbf, 0xbf],
      [0xf0, 0x8f, 0xbf, 0xbf],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe4, 0xb8],
    ])
      expect(firstInvalidUtf8(Uint8Array.from([0x41, ...b]))).toBe(1);
  });

  it('is reported at its line, with its byte offset and the byte itself', () => {
    const bytes = Uint8Array.from([...utf8('第一行\n第二行\n正文'), 0xff, ...utf8('\n后面')]);
    expect(problemOf(bytes)).toMatch(/^paper\.txt:3: "0xff" is not valid UTF-8 \(byte 26 of the file\)/);
    expect(problemOf(Uint8Array.from([0x0a, 0x0a, 0x05, 0xc3]))).toMatch(
      /^paper\.txt:3: "0xc3" is not valid UTF-8 \(byte 3 of the file\)/,
    );
  });
});

describe('lines', () => {
  it('drop one byte-order mark at the start; a second one, or one elsewhere, is text', () => {
    expect(readTextLines(utf8('\uFEFF\uFEFFa\nb'), 'p').lines).toEqual(['\uFEFFa', 'b']);
    expect(readTextLines(utf8('\uFEFFa'), 'p').lines).toEqual(['a']);
    expect(splitLines('ab\uFEFF', 'p').lines).toEqual(['ab\uFEFF']);
  });

  it('end at LF or CRLF, a final line end starts no line, and a lone CR stays in the text', () => {
    expect(splitLines('a\r\nb\r\n', 'p').lines).toEqual(['a', 'b']);
    expect(splitLines('a\nb', 'p').lines).toEqual(['a', 'b']);
    expect(splitLines('a\n\n', 'p').lines).toEqual(['a', '']);
    expect(splitLines('', 'p').lines).toEqual([]);
    expect(splitLines('\rx\r\ny\rz\n', 'p').lines).toEqual(['\rx', 'y\rz']);
  });
});

describe('characters', () => {
  it("isSpace is JavaScript's \\s on every UTF-16 unit", () => {
    const differ: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isSpace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });

  it('a control character is named by its code point in upper-case hex', () => {
    expect(findControl('ab\u001bc')).toEqual({ index: 2, code: 'U+001B' });
  });
});
