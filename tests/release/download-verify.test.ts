// Downloads verify, in process: files that match SHA256SUMS are kept, the others removed with any older copy;
// a SHA256SUMS naming a path outside the folder is refused before anything is written. A fetch serves from a
// map, so these run without a build (tests/release/download.test.ts drives the CLI against a real release).

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { $ } from 'zx';
import { DataError, formatProblem } from '../../pipelines/lib/problems.ts';
import { parseSha256sums, sha256sums } from '../../pipelines/lib/release/checksums.ts';
import { downloadRelease, failureProblems, retryCommand, unsafeName, type FetchLike } from '../../pipelines/lib/release/download.ts';
import { sha256 } from '../../pipelines/lib/hash.ts';
import { rejection } from '../helpers/rejection.ts';

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
    expect((await rejection(run)).message).toContain('"../evil"');
    expect(asked).toEqual(['http://mirror.test/releases/v1.0.0/SHA256SUMS']);
    expect(readdirSync(root)).toEqual([]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

it('gives a retry command that a shell reads back as the same folder and server', async () => {
  expect(retryCommand('v1.2.3')).toBe('make download VERSION=v1.2.3');
  const dir = "my downloads/it's $(here)";
  const cmd = retryCommand('v1.2.3', { dir, base: 'https://mirror.example.org/lme' });
  const words = await $({ quiet: true })`bash -c ${`printf '%s\\n' ${cmd.replace(/^make download /, '')}`}`;
  expect(words.stdout).toBe(`VERSION=v1.2.3\nDOWNLOAD_DIR=${dir}\nRELEASE_BASE_URL=https://mirror.example.org/lme\n`);
  // A folder whose name only ends in plain characters is quoted too.
  const spaced = retryCommand('v1.2.3', { dir: 'my downloads/dl' });
  const read = await $({ quiet: true })`bash -c ${`printf '%s\\n' ${spaced.replace(/^make download /, '')}`}`;
  expect(read.stdout).toBe('VERSION=v1.2.3\nDOWNLOAD_DIR=my downloads/dl\n');
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

/** The DataError message of a download that must be refused. */
async function refusal(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (e) {
    if (e instanceof DataError) return e.message;
    throw e;
  }
  throw new Error('the download was not refused');
}

const HASH = 'a'.repeat(64);

it('refuses a release whose SHA256SUMS cannot be fetched, read or lists nothing, writing nothing', async () => {
  const root = tempRoot();
  try {
    const dir = path.join(root, 'dl');
    const get = (files: Record<string, Uint8Array | Error>, version = 'v1.0.0') => refusal(downloadRelease({ base: 'http://mirror.test', version, dir, fetch: fakeFetch(files) }));
    const missing = await get({}, 'v9.9.9');
    expect(missing).toMatch(/^http:\/\/mirror\.test\/v9\.9\.9\/SHA256SUMS: "SHA256SUMS" could not be fetched: .*404/);
    expect(missing).toContain('Check that v9.9.9 is a published release at http://mirror.test ');
    expect(await get({ SHA256SUMS: new TypeError('fetch failed') })).toContain('Retry later: the server or the network failed.');
    const failing: FetchLike = async () => ({ status: 500, statusText: 'Internal Server Error', arrayBuffer: async () => new ArrayBuffer(0) });
    const serverError = await refusal(downloadRelease({ base: 'http://mirror.test', version: 'v1.0.0', dir, fetch: failing }));
    expect(serverError).toMatch(/could not be fetched: .*500.*\n  → Retry later: the server or the network failed\./);
    expect(await get({ SHA256SUMS: text('not a listing\n') })).toMatch(/^http:\/\/mirror\.test\/v1\.0\.0\/SHA256SUMS: "SHA256SUMS" cannot be read: SHA256SUMS line 1 is not "<sha256>  <file>": "not a listing"/);
    expect(await get({ SHA256SUMS: text('\n  \n') })).toMatch(/SHA256SUMS: "SHA256SUMS" lists no files\n/);
    // SHA256SUMS is held in memory, so it is capped at 1 MiB whatever the limit for the files.
    const big = await refusal(downloadRelease({ base: 'http://mirror.test', version: 'v1.0.0', dir, fetch: fakeFetch({ SHA256SUMS: text(`${HASH}  a.txt\n`.repeat(20_000)) }),
      limits: { idleMs: 5_000, deadlineMs: 10_000, maxBytes: 8 * 2 ** 20 } }));
    expect(big).toContain('more than the limit of 1,048,576 bytes');
    expect(readdirSync(root)).toEqual([]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

it('names the listing and the refused name when SHA256SUMS lists SHA256SUMS itself or a name with a NUL', async () => {
  expect(unsafeName('SHA256SUMS')).toBe('is SHA256SUMS itself, which cannot list its own hash');
  expect(unsafeName('a\0b')).toBe('holds a NUL character');
  const msg = await refusal(downloadRelease({ base: 'http://mirror.test', version: 'v1.0.0', dir: path.join(os.tmpdir(), 'lme-never-made'),
    fetch: fakeFetch({ SHA256SUMS: text(`${HASH}  SHA256SUMS\n`) }) }));
  expect(msg).toMatch(/^http:\/\/mirror\.test\/v1\.0\.0\/SHA256SUMS: "SHA256SUMS" lists "SHA256SUMS", which is SHA256SUMS itself, .*; nothing was downloaded/);
});

it('reads SHA256SUMS only in the format sha256sum writes, and writes it sorted', () => {
  const sums = sha256sums(new Map([['b.txt', text('b')], ['a.txt', text('a')]]));
  expect(sums).toBe(`${sha256(text('a'))}  a.txt\n${sha256(text('b'))}  b.txt\n`);
  expect([...parseSha256sums(`${sums}\n`)]).toEqual([['a.txt', sha256(text('a'))], ['b.txt', sha256(text('b'))]]);
  expect([...parseSha256sums(`${HASH} *binary.bin\n`)]).toEqual([['binary.bin', HASH]]);
  for (const bad of [`x${HASH}  a.txt`, `${HASH}  a.txt extra`, `${HASH.toUpperCase()}  a.txt`]) {
    expect(() => parseSha256sums(`${sums}${bad}\n`), bad).toThrow(`SHA256SUMS line 3 is not "<sha256>  <file>": ${JSON.stringify(bad)}`);
  }
});

it('makes the download folder, lists every file in order, and says why each failure failed', async () => {
  const root = tempRoot();
  try {
    const [a, b] = [text('a'), text('b')];
    const sums = `${sha256(a)}  a.txt\n${sha256(text('not b'))}  b.txt\n${HASH}  gone.txt\n${HASH}  net.txt\n`;
    const dir = path.join(root, 'nested', 'dl');
    const summary = await downloadRelease({ base: 'http://mirror.test', version: 'v1.0.0', dir,
      fetch: fakeFetch({ SHA256SUMS: text(sums), 'a.txt': a, 'b.txt': b, 'net.txt': new TypeError('fetch failed') }) });
    expect(summary.listed).toEqual(['a.txt', 'b.txt', 'gone.txt', 'net.txt']);
    expect(files(dir)).toEqual(['SHA256SUMS', 'a.txt']);
    expect(summary.failures.map((f) => [f.name, f.kind, f.status])).toEqual([['b.txt', 'checksum', undefined], ['gone.txt', 'http', 404], ['net.txt', 'network', undefined]]);
    expect(summary.failures[0]!.reason).toBe(`SHA-256 ${sha256(b)} is not the listed ${sha256(text('not b'))}`);
    const messages = failureProblems(summary).map(formatProblem);
    expect(messages[0]).toMatch(new RegExp(`dl/b\\.txt: "b\\.txt" has SHA-256 ${sha256(b)}, but SHA256SUMS lists ${sha256(text('not b'))}; the file was removed\\n  → Run \`make download VERSION=v1\\.0\\.0\` again\\. If the hash differs again`));
    expect(messages[1]).toMatch(/^http:\/\/mirror\.test\/v1\.0\.0\/gone\.txt: "gone\.txt" could not be fetched: .*404.*; no file of that name was kept\n  → SHA256SUMS lists a file that the release does not have/);
    expect(messages[2]).toMatch(/^http:\/\/mirror\.test\/v1\.0\.0\/net\.txt: "net\.txt" could not be fetched: .*; no file of that name was kept\n  → Check the network connection, then run `make download VERSION=v1\.0\.0` again\./);
    const failing = { ...summary, failures: [{ ...summary.failures[1]!, status: 503 }] };
    expect(failureProblems(failing).map(formatProblem)[0]).toContain('→ Run `make download VERSION=v1.0.0` again later: the server failed.');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

it('refuses a download folder that cannot be made, naming it', async () => {
  const root = tempRoot();
  try {
    writeFileSync(path.join(root, 'file'), 'in the way');
    const msg = await refusal(downloadRelease({ base: 'http://mirror.test', version: 'v1.0.0', dir: path.join(root, 'file', 'dl'),
      fetch: fakeFetch({ SHA256SUMS: text(`${HASH}  a.txt\n`) }) }));
    expect(msg).toMatch(/file\/dl: cannot be made: .*\n  → Choose another folder with DOWNLOAD_DIR=<folder>\./);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
