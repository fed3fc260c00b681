// Downloads verify, in process: files that match SHA256SUMS are kept, the others removed with any older copy;
// a SHA256SUMS naming a path outside the folder is refused before anything is written. A fetch serves from a
// map, so these run without a build (tests/release/download.test.ts drives the CLI against a real release).

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { $ } from 'zx';
import { DataError, formatProblem } from '../../pipelines/lib/problems.ts';
import { parseSha256sums, sha256sums } from '../../pipelines/lib/release/checksums.ts';
import {
  claimableFolder,
  downloadRelease,
  failureProblems,
  MARKER,
  retryCommand,
  unsafeName,
  type FetchLike,
} from '../../pipelines/lib/release/download.ts';
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
    const fetch = fakeFetch(
      {
        SHA256SUMS: text(`${sha256(good)}  good.parquet\n${sha256(evil)}  ../evil\n`),
        'good.parquet': good,
        '..%2Fevil': evil,
      },
      asked,
    );
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

it('knows which names are file names a release holds', () => {
  for (const bad of [
    '../evil',
    '..',
    '.',
    'a/b',
    '/etc/passwd',
    'a\\b',
    'SHA256SUMS',
    'Makefile',
    'package-lock.json',
    '.lme-download.json',
    'models.parquet.part',
    '.bashrc',
    'x.sh',
    'models.parquet/',
    'vitest.config.ts',
    'CHANGELOG.md',
    'LICENSE',
  ])
    expect(unsafeName(bad), bad).toBeDefined();
  for (const ok of [
    'models.parquet',
    'models.csv',
    'models.json',
    'large-model-ecosystem-0.1.0-csv.zip',
    'large-model-ecosystem-1.2.3-rc.1-arrow.zip',
    'README.md',
    'RELEASE_NOTES.md',
    'datapackage.json',
    'croissant.json',
    'CITATION.cff',
    'site.zip',
    'large_model_ecosystem.duckdb',
  ])
    expect(unsafeName(ok), ok).toBeUndefined();
});

it('keeps the files that verify and removes, with any older copy of its own, those that do not', async () => {
  const root = tempRoot();
  try {
    const [a, b, c] = [text('a'), text('b'), text('c')];
    // An earlier download of the release left its copies of b and c, which the server has changed since.
    const older = `${sha256(a)}  a.parquet\n${sha256(text('older b'))}  b.parquet\n${sha256(text('older c'))}  c.parquet\n`;
    await downloadRelease({
      base: 'http://mirror.test',
      version: 'v1.0.0',
      dir: root,
      fetch: fakeFetch({
        SHA256SUMS: text(older),
        'a.parquet': a,
        'b.parquet': text('older b'),
        'c.parquet': text('older c'),
      }),
    });
    expect(files(root)).toEqual(['.lme-download.json', 'SHA256SUMS', 'a.parquet', 'b.parquet', 'c.parquet']);
    const sums = `${sha256(a)}  a.parquet\n${sha256(text('not b'))}  b.parquet\n${sha256(c)}  c.parquet\n`;
    const fetch = fakeFetch({
      SHA256SUMS: text(sums),
      'a.parquet': a,
      'b.parquet': b,
      'c.parquet': new TypeError('fetch failed'),
    });
    const summary = await downloadRelease({ base: 'http://mirror.test', version: 'v1.0.0', dir: root, fetch });
    expect(summary.verified).toEqual([{ ok: true, name: 'a.parquet', bytes: 1 }]);
    expect(summary.failures.map((f) => [f.name, f.kind])).toEqual([
      ['b.parquet', 'checksum'],
      ['c.parquet', 'network'],
    ]);
    expect(summary.failures[0]).toMatchObject({ expected: sha256(text('not b')), actual: sha256(b) });
    expect(files(root)).toEqual(['.lme-download.json', 'SHA256SUMS', 'a.parquet']);
    expect(readFileSync(path.join(root, 'SHA256SUMS'), 'utf8')).toBe(sums);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

describe('the download folder', () => {
  const good = text('good');
  const release = (extra = '') =>
    fakeFetch({ SHA256SUMS: text(`${sha256(good)}  models.parquet\n${extra}`), 'models.parquet': good });

  it('may be new or empty; once made, it is marked as the download of its release, naming the files it may hold', async () => {
    const root = tempRoot();
    try {
      await downloadRelease({ base: 'http://mirror.test', version: 'v1.0.0', dir: root, fetch: release() });
      expect(files(root)).toEqual(['.lme-download.json', 'SHA256SUMS', 'models.parquet']);
      expect(JSON.parse(readFileSync(path.join(root, '.lme-download.json'), 'utf8'))).toMatchObject({
        version: 'v1.0.0',
        files: ['models.parquet'],
      });
      // A retry into the same folder is welcome, and may add files.
      const again = await downloadRelease({
        base: 'http://mirror.test',
        version: 'v1.0.0',
        dir: root,
        fetch: release(`${sha256(good)}  cells.parquet\n`),
      });
      expect(again.failures.map((f) => f.name)).toEqual(['cells.parquet']);
      expect(JSON.parse(readFileSync(path.join(root, '.lme-download.json'), 'utf8')).files).toEqual([
        'cells.parquet',
        'models.parquet',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('is refused, before anything is fetched and with every file left as it was, when it holds anything else', async () => {
    const root = tempRoot();
    try {
      // A checkout (DOWNLOAD_DIR=.): files a release also holds (README.md) and files it does not.
      for (const [f, t] of [
        ['README.md', "the project's own"],
        ['Makefile', 'all:'],
        ['notes.txt', 'mine'],
      ] as const)
        writeFileSync(path.join(root, f), t);
      const asked: string[] = [];
      const fetch = fakeFetch({ SHA256SUMS: text(`${sha256(good)}  README.md\n`), 'README.md': good }, asked);
      const msg = await refusal(
        downloadRelease({ base: 'http://mirror.test', version: 'v1.0.0', dir: root, fetch, shownDir: '.' }),
      );
      expect(msg).toBe(
        '.: holds files that are not of a download of v1.0.0 by make download (Makefile, README.md, notes.txt); nothing was fetched\n' +
          '  → Give a DOWNLOAD_DIR that does not exist yet or is empty (make download writes only into a folder it made, or into one holding an earlier ' +
          'download of the same release), or leave it out for downloads/<version>.',
      );
      expect(asked).toEqual([]);
      expect(files(root)).toEqual(['Makefile', 'README.md', 'notes.txt']);
      expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toBe("the project's own");
      // In a folder of its own, a file the user added is theirs: refused too, never removed.
      const dl = path.join(root, 'dl');
      await downloadRelease({ base: 'http://mirror.test', version: 'v1.0.0', dir: dl, fetch: release() });
      writeFileSync(path.join(dl, 'my-notes.md'), 'mine');
      expect(
        await refusal(downloadRelease({ base: 'http://mirror.test', version: 'v1.0.0', dir: dl, fetch: release() })),
      ).toContain('(my-notes.md)');
      expect(readFileSync(path.join(dl, 'my-notes.md'), 'utf8')).toBe('mine');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('is refused when it holds the download of another release, or is a file', async () => {
    const root = tempRoot();
    try {
      await downloadRelease({ base: 'http://mirror.test', version: 'v1.0.0', dir: root, fetch: release() });
      expect(
        await refusal(downloadRelease({ base: 'http://mirror.test', version: 'v2.0.0', dir: root, fetch: release() })),
      ).toMatch(
        /: holds the download of v1\.0\.0, not of v2\.0\.0\n {2}→ Give another DOWNLOAD_DIR for v2\.0\.0 \(the default is downloads\/v2\.0\.0\)\./,
      );
      expect(
        await refusal(
          downloadRelease({
            base: 'http://mirror.test',
            version: 'v1.0.0',
            dir: path.join(root, 'SHA256SUMS'),
            fetch: release(),
          }),
        ),
      ).toMatch(/SHA256SUMS: is a file, not a folder\n/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

it('refuses a SHA256SUMS that lists a file no release holds (the Makefile of a checkout), before writing anything', async () => {
  const root = tempRoot();
  try {
    const asked: string[] = [];
    const dir = path.join(root, 'dl');
    const fetch = fakeFetch({ SHA256SUMS: text(`${HASH}  Makefile\n${HASH}  models.parquet\n`) }, asked);
    const msg = await refusal(downloadRelease({ base: 'http://mirror.test', version: 'v1.0.0', dir, fetch }));
    expect(msg).toMatch(
      /"SHA256SUMS" lists "Makefile", which is no file a release of this dataset holds .*; nothing was downloaded/,
    );
    expect(asked).toEqual(['http://mirror.test/v1.0.0/SHA256SUMS']);
    expect(existsSync(dir)).toBe(false);
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
    const get = (files: Record<string, Uint8Array | Error>, version = 'v1.0.0') =>
      refusal(downloadRelease({ base: 'http://mirror.test', version, dir, fetch: fakeFetch(files) }));
    const missing = await get({}, 'v9.9.9');
    expect(missing).toMatch(/^http:\/\/mirror\.test\/v9\.9\.9\/SHA256SUMS: "SHA256SUMS" could not be fetched: .*404/);
    expect(missing).toContain('Check that v9.9.9 is a published release at http://mirror.test ');
    expect(await get({ SHA256SUMS: new TypeError('fetch failed') })).toContain(
      'Retry later: the server or the network failed.',
    );
    const failing: FetchLike = async () => ({
      status: 500,
      statusText: 'Internal Server Error',
      arrayBuffer: async () => new ArrayBuffer(0),
    });
    const serverError = await refusal(
      downloadRelease({ base: 'http://mirror.test', version: 'v1.0.0', dir, fetch: failing }),
    );
    expect(serverError).toMatch(/could not be fetched: .*500.*\n {2}→ Retry later: the server or the network failed\./);
    expect(await get({ SHA256SUMS: text('not a listing\n') })).toMatch(
      /^http:\/\/mirror\.test\/v1\.0\.0\/SHA256SUMS: "SHA256SUMS" cannot be read: SHA256SUMS line 1 is not "<sha256> {2}<file>": "not a listing"/,
    );
    expect(await get({ SHA256SUMS: text('\n  \n') })).toMatch(/SHA256SUMS: "SHA256SUMS" lists no files\n/);
    // SHA256SUMS is held in memory, so it is capped at 1 MiB whatever the limit for the files.
    const big = await refusal(
      downloadRelease({
        base: 'http://mirror.test',
        version: 'v1.0.0',
        dir,
        fetch: fakeFetch({ SHA256SUMS: text(`${HASH}  a.parquet\n`.repeat(20_000)) }),
        limits: { lowSpeedLimit: 1, lowSpeedMs: 5_000, deadlineMs: 10_000, maxBytes: 8 * 2 ** 20 },
      }),
    );
    expect(big).toContain('more than the limit of 1,048,576 bytes');
    expect(readdirSync(root)).toEqual([]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

it('names the listing and the refused name when SHA256SUMS lists SHA256SUMS itself or a name with a NUL', async () => {
  expect(unsafeName('SHA256SUMS')).toBe('is SHA256SUMS itself, which cannot list its own hash');
  expect(unsafeName('a\0b')).toBe('holds a NUL character');
  const msg = await refusal(
    downloadRelease({
      base: 'http://mirror.test',
      version: 'v1.0.0',
      dir: path.join(os.tmpdir(), 'lme-never-made'),
      fetch: fakeFetch({ SHA256SUMS: text(`${HASH}  SHA256SUMS\n`) }),
    }),
  );
  expect(msg).toMatch(
    /^http:\/\/mirror\.test\/v1\.0\.0\/SHA256SUMS: "SHA256SUMS" lists "SHA256SUMS", which is SHA256SUMS itself, .*; nothing was downloaded/,
  );
});

it('reads SHA256SUMS only in the format sha256sum writes, and writes it sorted', () => {
  const sums = sha256sums(
    new Map([
      ['b.parquet', text('b')],
      ['a.parquet', text('a')],
    ]),
  );
  expect(sums).toBe(`${sha256(text('a'))}  a.parquet\n${sha256(text('b'))}  b.parquet\n`);
  expect([...parseSha256sums(`${sums}\n`)]).toEqual([
    ['a.parquet', sha256(text('a'))],
    ['b.parquet', sha256(text('b'))],
  ]);
  expect([...parseSha256sums(`${HASH} *binary.bin\n`)]).toEqual([['binary.bin', HASH]]);
  for (const bad of [`x${HASH}  a.parquet`, `${HASH}  a.parquet extra`, `${HASH.toUpperCase()}  a.parquet`]) {
    expect(() => parseSha256sums(`${sums}${bad}\n`), bad).toThrow(
      `SHA256SUMS line 3 is not "<sha256>  <file>": ${JSON.stringify(bad)}`,
    );
  }
});

it('makes the download folder, lists every file in order, and says why each failure failed', async () => {
  const root = tempRoot();
  try {
    const [a, b] = [text('a'), text('b')];
    const sums = `${sha256(a)}  a.parquet\n${sha256(text('not b'))}  b.parquet\n${HASH}  gone.parquet\n${HASH}  net.parquet\n`;
    const dir = path.join(root, 'nested', 'dl');
    const summary = await downloadRelease({
      base: 'http://mirror.test',
      version: 'v1.0.0',
      dir,
      fetch: fakeFetch({
        SHA256SUMS: text(sums),
        'a.parquet': a,
        'b.parquet': b,
        'net.parquet': new TypeError('fetch failed'),
      }),
    });
    expect(summary.listed).toEqual(['a.parquet', 'b.parquet', 'gone.parquet', 'net.parquet']);
    expect(files(dir)).toEqual(['.lme-download.json', 'SHA256SUMS', 'a.parquet']);
    expect(summary.failures.map((f) => [f.name, f.kind, f.status])).toEqual([
      ['b.parquet', 'checksum', undefined],
      ['gone.parquet', 'http', 404],
      ['net.parquet', 'network', undefined],
    ]);
    expect(summary.failures[0]!.reason).toBe(`SHA-256 ${sha256(b)} is not the listed ${sha256(text('not b'))}`);
    const messages = failureProblems(summary).map(formatProblem);
    expect(messages[0]).toMatch(
      new RegExp(
        `dl/b\\.parquet: "b\\.parquet" has SHA-256 ${sha256(b)}, but SHA256SUMS lists ${sha256(text('not b'))}; the file was removed\\n  → Run \`make download VERSION=v1\\.0\\.0\` again\\. If the hash differs again`,
      ),
    );
    expect(messages[1]).toMatch(
      /^http:\/\/mirror\.test\/v1\.0\.0\/gone\.parquet: "gone\.parquet" could not be fetched: .*404.*; no file of that name was kept\n {2}→ SHA256SUMS lists a file that the release does not have/,
    );
    expect(messages[2]).toMatch(
      /^http:\/\/mirror\.test\/v1\.0\.0\/net\.parquet: "net\.parquet" could not be fetched: .*; no file of that name was kept\n {2}→ Check the network connection, then run `make download VERSION=v1\.0\.0` again\./,
    );
    const failing = { ...summary, failures: [{ ...summary.failures[1]!, status: 503 }] };
    expect(failureProblems(failing).map(formatProblem)[0]).toContain(
      '→ Run `make download VERSION=v1.0.0` again later: the server failed.',
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

it('refuses a download folder that cannot be made, naming it', async () => {
  const root = tempRoot();
  try {
    writeFileSync(path.join(root, 'file'), 'in the way');
    const msg = await refusal(
      downloadRelease({
        base: 'http://mirror.test',
        version: 'v1.0.0',
        dir: path.join(root, 'file', 'dl'),
        fetch: fakeFetch({ SHA256SUMS: text(`${HASH}  a.parquet\n`) }),
      }),
    );
    expect(msg).toMatch(/file\/dl: cannot be made: .*\n {2}→ Choose another folder with DOWNLOAD_DIR=<folder>\./);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

// The folder checks of issue 33 in process, where the mutation run sees them (tests/release/download.test.ts drives
// the same cases through make, which Stryker's per-test coverage cannot follow).
describe('the folder a download may write into', () => {
  const claim = (dir: string, version = 'v0.1.0'): string[] | string => {
    try {
      return claimableFolder(dir, version, 'dl');
    } catch (e) {
      if (e instanceof DataError) return e.problems[0]!.message;
      throw e;
    }
  };
  const put = (dir: string, names: string[]) => {
    for (const n of names) writeFileSync(path.join(dir, n), 'x');
  };

  it('is a new or empty folder, or one holding only its own earlier download of the same release (and its leftovers)', () => {
    const root = tempRoot();
    expect(claim(path.join(root, 'new'))).toEqual([]);
    expect(claim(root)).toEqual([]);
    writeFileSync(path.join(root, MARKER), JSON.stringify({ version: 'v0.1.0', files: ['models.csv'] }));
    put(root, ['models.csv', 'models.csv.part', 'SHA256SUMS', 'SHA256SUMS.part', `${MARKER}.part`]);
    expect(claim(root)).toEqual(['models.csv']);
    rmSync(root, { recursive: true });
  });

  it("refuses a file, another release's download, and files of yours, naming five and counting the rest", () => {
    const root = tempRoot();
    put(root, ['file']);
    expect(claim(path.join(root, 'file'))).toBe('is a file, not a folder');
    const other = path.join(root, 'other');
    mkdirSync(other);
    writeFileSync(path.join(other, MARKER), JSON.stringify({ version: 'v0.0.9', files: [] }));
    expect(claim(other)).toBe('holds the download of v0.0.9, not of v0.1.0');
    const yours = path.join(root, 'yours');
    mkdirSync(yours);
    put(yours, ['g', 'f', 'e', 'd', 'c', 'b', 'a']);
    expect(claim(yours)).toBe(
      'holds files that are not of a download of v0.1.0 by make download (a, b, c, d, e and 2 more); nothing was fetched',
    );
    rmSync(path.join(yours, 'a'));
    rmSync(path.join(yours, 'b'));
    expect(claim(yours)).toMatch(/\(c, d, e, f, g\); nothing/);
    rmSync(root, { recursive: true });
  });

  it('takes a marker it cannot read as no marker: the files it would vouch for are then not its own', () => {
    for (const marker of [
      { version: 1, files: ['models.csv'] },
      { version: 'v0.1.0', files: 'models.csv' },
      { version: 'v0.1.0', files: [1] },
    ]) {
      const root = tempRoot();
      writeFileSync(path.join(root, MARKER), JSON.stringify(marker));
      put(root, ['models.csv']);
      expect(claim(root), JSON.stringify(marker)).toMatch(/\(models\.csv\); nothing was fetched$/);
      rmSync(root, { recursive: true });
    }
  });
});

it('names the rule a bad name breaks: a path, a NUL, SHA256SUMS itself, a file no release holds', () => {
  const PATH = 'is not a plain file name (it would be written outside the folder)';
  for (const name of ['a/models.csv', 'a\\models.csv', '..models.csv', '.']) expect(unsafeName(name), name).toBe(PATH);
  expect(unsafeName('x.sh')).toMatch(/^is no file a release of this dataset holds/);
});
