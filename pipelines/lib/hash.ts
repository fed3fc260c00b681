// SHA-256, the checksum every source and output is pinned by: of bytes in memory (a source read once), and of a
// file read in a stream (an output someone else wrote: DuckDB, or a build being verified).

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface Written {
  bytes: number;
  sha256: string;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Size and SHA-256 of a file, read in a stream: it may be large. */
export async function hashFile(file: string): Promise<Written> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  return { bytes, sha256: hash.digest('hex') };
}
