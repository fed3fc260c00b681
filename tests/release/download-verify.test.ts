// Downloads verify, in process: files that match SHA256SUMS are kept, the others removed with any older copy;
// a SHA256SUMS naming a path outside the folder is refused before anything is written. A fetch serves from a
// map, so these run without a build (tests/release/download.test.ts drives the CLI against a real release).

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { DataError } from '../../pipelines/lib/problems.ts';
import { downloadRelease, unsafeName, type FetchLike } from '../../pipelines/lib/release/download.ts';
import { sha256 } from '../../pipelines/lib/source.ts';

const files = (dir: string) => readdirSync(dir).sort();

const text = (t: string) => new TextEncoder().encode(t);
function fakeFetch(files: Record<string, Uint8Array | Error>, asked: string[] = []): FetchLike {
  return async (url) => {
    asked.push(url);
    const f = files[url.slice(url.lastIndexOf('/') + 1)];
    if (f instanceof Error) throw f;
    if (!f) return { status: 404, statusText: 'Not Found', arrayBuffer: async () => new ArrayBuffer(0) };
    return { status: 200, arrayBuffer: async () => f.slice().buffer };
  };
}

function tempRoot(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'lme-download-'));
}

it('refuses a SHA256SUMS that names a file outside the folder, before writing anything', async () => {
  const root = tempRoot();
  try {
    const good = text('good');
    const evil = text('evil');
    const asked: string[] = [];
    const fetch = fakeFetch({ SHA256SUMS: text(`${sha256(good)}  good.txt\n${sha256(evil)}  ../evil\n`), 'good.txt': good, '..%2Fevil': evil }, asked);
    const dir = path.join(root, 'a', 'dl');
    const run = downloadRelease({ base: 'http://mirror.test/releases/', version: 'v1.0.0', dir, fetch });
    await expect(run).rejects.toBeInstanceOf(DataError);
    await expect(run).rejects.toThrow('"../evil"');
    expect(asked).toEqual(['http://mirror.test/releases/v1.0.0/SHA256SUMS']);
    expect(readdirSync(root)).toEqual([]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

it('knows which names are plain file names', () => {
  for (const bad of ['../evil', '..', '.', 'a/b', '/etc/passwd', 'a\\b', 'SHA256SUMS']) expect(unsafeName(bad), bad).toBeDefined();
  for (const ok of ['models.parquet', 'large-model-ecosystem-0.1.0-csv.zip', 'README.md']) expect(unsafeName(ok), ok).toBeUndefined();
});

it('keeps the files that verify and removes, with any older copy, those that do not', async () => {
  const root = tempRoot();
  try {
    const [a, b, c] = [text('a'), text('b'), text('c')];
    const sums = `${sha256(a)}  a.txt\n${sha256(text('not b'))}  b.txt\n${sha256(c)}  c.txt\n`;
    const fetch = fakeFetch({ SHA256SUMS: text(sums), 'a.txt': a, 'b.txt': b, 'c.txt': new TypeError('fetch failed') });
    writeFileSync(path.join(root, 'b.txt'), 'older b');
    writeFileSync(path.join(root, 'c.txt'), 'older c');
    const summary = await downloadRelease({ base: 'http://mirror.test', version: 'v1.0.0', dir: root, fetch });
    expect(summary.verified).toEqual([{ ok: true, name: 'a.txt', bytes: 1 }]);
    expect(summary.failures.map((f) => [f.name, f.kind])).toEqual([['b.txt', 'checksum'], ['c.txt', 'network']]);
    expect(summary.failures[0]).toMatchObject({ expected: sha256(text('not b')), actual: sha256(b) });
    expect(files(root)).toEqual(['SHA256SUMS', 'a.txt']);
    expect(readFileSync(path.join(root, 'SHA256SUMS'), 'utf8')).toBe(sums);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
