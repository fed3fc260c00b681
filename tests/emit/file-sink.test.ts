// Output files written in pieces and hashed as written (pipelines/lib/emit/file-sink.ts): the bytes and SHA-256
// returned are the file's, for text and binary pieces alike; abandon() closes the file, also twice or after close;
// hashFile reads a file of several chunks.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HashingFile } from '../../pipelines/lib/emit/file-sink.ts';
import { hashFile } from '../../pipelines/lib/hash.ts';
import { openFiles } from '../helpers/tiny-dataset.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-sink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('HashingFile', () => {
  it('writes text as UTF-8 and binary pieces as they are, returning the bytes and SHA-256 of the file', () => {
    const file = path.join(dir, 'mixed.bin');
    const f = new HashingFile(file);
    f.write('中文,"a"\n');
    f.write(Uint8Array.from([0, 255, 10]));
    f.write('');
    const big = Buffer.alloc(3 << 20, 'x');
    f.write(big);
    const w = f.close();
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 14)).toEqual(Buffer.concat([Buffer.from('中文,"a"\n'), Buffer.from([0, 255, 10])]));
    expect(bytes.byteLength).toBe(14 + big.byteLength);
    expect(w).toEqual({ bytes: bytes.byteLength, sha256: sha256(bytes) });
    expect(f.bytes).toBe(bytes.byteLength);
  });

  it("names its file in a write's error: a full disk (/dev/full) gives ENOSPC with the path", () => {
    const f = new HashingFile('/dev/full');
    try {
      expect(() => f.write('x')).toThrow(expect.objectContaining({ code: 'ENOSPC', path: '/dev/full' }));
    } finally {
      f.abandon();
    }
  });

  it('replaces a file that was there', () => {
    const file = path.join(dir, 'replaced.txt');
    writeFileSync(file, 'a longer text that was there before');
    const f = new HashingFile(file);
    f.write('new');
    expect(f.close()).toEqual({ bytes: 3, sha256: sha256(Buffer.from('new')) });
    expect(readFileSync(file, 'utf8')).toBe('new');
  });

  it('closes its file when abandoned, and an abandon after close or a second abandon does nothing', () => {
    const before = openFiles(dir);
    const f = new HashingFile(path.join(dir, 'abandoned.txt'));
    f.write('partial');
    expect(openFiles(dir)).toBe(before + 1);
    f.abandon();
    expect(openFiles(dir)).toBe(before);
    expect(() => f.abandon()).not.toThrow();
    const g = new HashingFile(path.join(dir, 'closed.txt'));
    g.close();
    expect(() => g.abandon()).not.toThrow();
    expect(openFiles(dir)).toBe(before);
  });
});

describe('hashFile', () => {
  it('gives the bytes and SHA-256 of a file read in several chunks, and of an empty file', async () => {
    const file = path.join(dir, 'large.bin');
    const bytes = Buffer.from(Array.from({ length: (1 << 20) * 2 + 5 }, (_, i) => i % 251));
    writeFileSync(file, bytes);
    expect(await hashFile(file)).toEqual({ bytes: bytes.byteLength, sha256: sha256(bytes) });
    writeFileSync(path.join(dir, 'empty'), '');
    expect(await hashFile(path.join(dir, 'empty'))).toEqual({ bytes: 0, sha256: sha256(Buffer.alloc(0)) });
  });
});
