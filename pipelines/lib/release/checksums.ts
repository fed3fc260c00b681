// SHA256SUMS in the format of GNU sha256sum ("<hex>  <name>"), so `sha256sum -c SHA256SUMS` verifies a download.

import { sha256 } from '../hash.ts';

export function sha256sums(files: ReadonlyMap<string, Uint8Array>): string {
  return [...files.keys()]
    .sort()
    .map((name) => `${sha256(files.get(name)!)}  ${name}\n`)
    .join('');
}

export function parseSha256sums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const m = /^([0-9a-f]{64}) [ *](\S+)$/.exec(line);
    if (!m) throw new Error(`SHA256SUMS line ${i + 1} is not "<sha256>  <file>": ${JSON.stringify(line)}`);
    out.set(m[2]!, m[1]!);
  }
  return out;
}
