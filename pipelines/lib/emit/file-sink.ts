// Writing an output file in pieces, hashing as it goes: the datapackage needs each file's SHA-256, and reading
// a large file back just to hash it would cost a second pass.

import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { aboutFile } from '../environment.ts';
import type { Written } from '../hash.ts';

export type { Written };

export class HashingFile {
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'w');
  }

  write(chunk: string | Uint8Array): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.hash.update(buf);
    let at = 0;
    try {
      while (at < buf.byteLength) at += writeSync(this.fd, buf, at);
    } catch (e) {
      throw aboutFile(e, this.file); // a write's error (a full disk, ENOSPC) names no file, unlike an open's
    }
    this.bytes += buf.byteLength;
  }

  close(): Written {
    closeSync(this.fd);
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Closes without a result, e.g. after a failure. */
  abandon(): void {
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
  }
}
