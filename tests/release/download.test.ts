// make download: a real release, served from 127.0.0.1, is fetched and every file verified against SHA256SUMS;
// a tampered file and a file missing on the server are refused, and only files that verified are left in the
// download folder; a folder holding anything else (a checkout, DOWNLOAD_DIR=.) is refused and left as it was; SIGTERM
// to the command or SIGINT to make's process group removes the file being fetched. The library's checks in process
// (no build): download-verify.test.ts.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseSha256sums } from '../../pipelines/lib/release/checksums.ts';
import { sha256 } from '../../pipelines/lib/hash.ts';
import { pipeline, script } from '../helpers/commands.ts';
import { startMake } from '../helpers/make-process.ts';
import { make, repoCopy } from '../helpers/repo-copy.ts';
import { builtRelease } from '../helpers/built-release.ts';
import { builtSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { ROOT } from '../helpers/project.ts';

let s: Sandbox;
let server: Server;
let base: string;
const releases = () => path.join(s.root, 'releases');
const served = (version: string) => path.join(releases(), version);
const TAMPERED = 'models.parquet';
const MISSING = 'RELEASE_NOTES.md';
/** A version whose TAMPERED file stops after half its bytes, and never ends. */
const STALLING = 'v0.1.0-stalling';
const MARKER = '.lme-download.json';

/** Serves the files under `root` as <base>/<version>/<file>; 404 for anything else. */
function serve(root: string): Promise<Server> {
  const srv = createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (url === `/${STALLING}/${TAMPERED}`) {
      const bytes = readFileSync(path.join(root, 'v0.1.0', TAMPERED));
      res.writeHead(200, { 'content-length': String(bytes.length) });
      res.write(bytes.subarray(0, bytes.length >> 1));
      return;
    }
    const file = path.join(root, url);
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

/** Runs the download CLI as a user would. Asynchronous: the server answers from this process's event loop. */
async function download(version: string, dir: string): Promise<{ status: number | null; stderr: string }> {
  const r = await pipeline('download.ts', ['--version', version, '--dir', dir], {
    LME_QUIET: '0',
    RELEASE_BASE_URL: base,
  }).nothrow();
  return { status: r.exitCode, stderr: r.stderr };
}

/** The download command started from `cwd` as a user would, left running for a test to signal. */
function startDownload(version: string, dir: string, cwd: string) {
  // script() names the bundle, or tsx, by its file: from outside the checkout `--import tsx` would not resolve.
  const child = spawn(process.execPath, [...script('download.ts'), '--version', version, '--dir', dir], {
    cwd,
    env: { ...process.env, LME_QUIET: '0', RELEASE_BASE_URL: base, LME_DOWNLOAD_LOW_SPEED_TIME: '600' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return { child, stderr: () => stderr };
}

/** Waits until `file` exists and holds something. */
async function appears(file: string): Promise<void> {
  while (!(existsSync(file) && statSync(file).size > 0)) await new Promise((resolve) => setTimeout(resolve, 20));
}

const files = (dir: string) => readdirSync(dir).sort();
/** What a download folder holds besides the release's files: its mark. */
const withMarker = (names: string[]) => [...names, MARKER].sort();
/** How many files the served release lists in its SHA256SUMS (the release's layout decides, not this test). */
const listedCount = () => parseSha256sums(readFileSync(path.join(served('v0.1.0'), 'SHA256SUMS'), 'utf8')).size;
const same = (a: string, b: string) => readFileSync(a).equals(readFileSync(b));
const noStackTrace = (stderr: string) => {
  expect(stderr).not.toContain('Bug:');
  expect(stderr).not.toMatch(/^\s+at /m);
};

beforeAll(async () => {
  s = await builtSandbox();
  await builtRelease(s, served('v0.1.0'));
  // Broken copies of the release, served as other versions so that each test has its own.
  cpSync(served('v0.1.0'), served('v0.1.0-tampered'), { recursive: true });
  const bytes = readFileSync(path.join(served('v0.1.0-tampered'), TAMPERED));
  const middle = bytes.length >> 1;
  bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle);
  writeFileSync(path.join(served('v0.1.0-tampered'), TAMPERED), bytes);
  cpSync(served('v0.1.0'), served('v0.1.0-incomplete'), { recursive: true });
  cpSync(served('v0.1.0'), served(STALLING), { recursive: true });
  rmSync(path.join(served('v0.1.0-incomplete'), MISSING));
  server = await serve(releases());
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  s?.remove();
});

it('downloads every file of a release and verifies it, its limits stated in the first line', async () => {
  const dl = path.join(s.root, 'dl');
  const r = await download('v0.1.0', dl);
  expect(r.status, r.stderr).toBe(0);
  const release = files(served('v0.1.0'));
  const n = listedCount();
  expect(release.length).toBe(n + 1); // every listed file and SHA256SUMS
  expect(files(dl)).toEqual(withMarker(release)); // so also no .part file is left
  for (const f of release) expect(same(path.join(dl, f), path.join(served('v0.1.0'), f)), f).toBe(true);
  const listed = release.filter((f) => f !== 'SHA256SUMS');
  const bytes = listed.reduce((n, f) => n + statSync(path.join(dl, f)).size, 0);
  expect(r.stderr.split('\n')[0]).toBe(
    `download   v0.1.0 from ${base}/v0.1.0/ into ${dl}: each file must arrive within 1800 s (LME_DOWNLOAD_DEADLINE_SECONDS) ` +
      'and fails below 1,024 bytes/s over 30 s (LME_DOWNLOAD_LOW_SPEED_LIMIT, LME_DOWNLOAD_LOW_SPEED_TIME); progress every 16 MiB and 10 s',
  );
  expect(r.stderr).toContain(`v0.1.0: ${n} files verified, ${bytes.toLocaleString('en-US')} bytes, in ${dl}`);
  for (const f of listed) expect(r.stderr).toMatch(new RegExp(`${f.replace(/\./g, '\\.')}: [\\d,]+ bytes, verified`));
  expect(r.stderr).not.toContain('problem');
});

it('takes DOWNLOAD_DIR and RELEASE_BASE_URL through make, as the README documents', async () => {
  const repo = repoCopy();
  try {
    const dl = path.join(repo.dir, 'elsewhere');
    await make(repo.dir, 'download', 'VERSION=v0.1.0', `DOWNLOAD_DIR=${dl}`, `RELEASE_BASE_URL=${base}`);
    expect(files(dl)).toEqual(withMarker(files(served('v0.1.0'))));
    expect(existsSync(path.join(repo.dir, 'downloads'))).toBe(false);
  } finally {
    repo.remove();
  }
});

it('removes a tampered file, and an older copy of its own under that name, keeps the others, and names both hashes', async () => {
  const dl = path.join(s.root, 'dl-tampered');
  expect((await download('v0.1.0-tampered', dl)).status).toBe(1);
  writeFileSync(path.join(dl, TAMPERED), 'an older copy, which must not survive a failed download');
  const r = await download('v0.1.0-tampered', dl);
  expect(r.status, r.stderr).toBe(1);
  const release = files(served('v0.1.0-tampered'));
  expect(files(dl)).toEqual(withMarker(release.filter((f) => f !== TAMPERED)));
  for (const f of release.filter((x) => x !== TAMPERED))
    expect(same(path.join(dl, f), path.join(served('v0.1.0-tampered'), f)), f).toBe(true);
  const expected = parseSha256sums(readFileSync(path.join(served('v0.1.0-tampered'), 'SHA256SUMS'), 'utf8')).get(
    TAMPERED,
  )!;
  const actual = sha256(readFileSync(path.join(served('v0.1.0-tampered'), TAMPERED)));
  expect(expected).not.toBe(actual);
  expect(r.stderr).toContain(
    `${path.join(dl, TAMPERED)}: "${TAMPERED}" has SHA-256 ${actual}, but SHA256SUMS lists ${expected}; the file was removed`,
  );
  expect(r.stderr).toContain('tampered with: do not use it');
  expect(r.stderr).toContain(`v0.1.0-tampered: ${listedCount() - 1} of ${listedCount()} files verified`);
  expect(r.stderr).toContain(
    'the verified files are kept, but the folder is not the whole release until a retry verifies every file',
  );
  // The retry hint repeats the folder and the server this download was given.
  expect(r.stderr).toContain(
    `Run \`make download VERSION=v0.1.0-tampered DOWNLOAD_DIR=${dl} RELEASE_BASE_URL=${base}\` again.`,
  );
  expect(r.stderr).toContain('1 problem found.');
  noStackTrace(r.stderr);
});

it('reports a listed file that the server does not have', async () => {
  const dl = path.join(s.root, 'dl-incomplete');
  const r = await download('v0.1.0-incomplete', dl);
  expect(r.status, r.stderr).toBe(1);
  expect(files(dl)).toEqual(withMarker(files(served('v0.1.0-incomplete'))));
  expect(existsSync(path.join(dl, MISSING))).toBe(false);
  expect(r.stderr).toContain(`${base}/v0.1.0-incomplete/${MISSING}: "${MISSING}" could not be fetched: HTTP 404`);
  expect(r.stderr).toContain('1 problem found.');
  noStackTrace(r.stderr);
});

it('refuses DOWNLOAD_DIR=. in a checkout, fetching nothing and changing no file; into an empty folder, `.` stays `.`', async () => {
  const checkout = mkdtempSync(path.join(os.tmpdir(), 'lme-checkout-'));
  try {
    for (const f of ['README.md', 'Makefile']) cpSync(path.join(ROOT, f), path.join(checkout, f));
    const { child, stderr } = startDownload('v0.1.0-incomplete', '.', checkout);
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr()).toContain(
      '.: holds files that are not of a download of v0.1.0-incomplete by make download (Makefile, README.md); nothing was fetched\n',
    );
    noStackTrace(stderr());
    expect(files(checkout)).toEqual(['Makefile', 'README.md']);
    for (const f of ['README.md', 'Makefile']) expect(same(path.join(checkout, f), path.join(ROOT, f)), f).toBe(true);
    const empty = path.join(checkout, 'empty');
    mkdirSync(empty);
    const into = startDownload('v0.1.0', '.', empty);
    const [ok] = await once(into.child, 'exit');
    expect(ok, into.stderr()).toBe(0);
    expect(into.stderr()).toContain(' into .: each file must arrive');
    expect(into.stderr()).toMatch(
      new RegExp(`v0\\.1\\.0: ${listedCount()} files verified, [\\d,]+ bytes, in \\. +\\d+ ms\\n`),
    );
    expect(files(empty)).toEqual(withMarker(files(served('v0.1.0'))));
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
});

it('fails a file that stops arriving at the low-speed limit, saying so, rather than waiting for the deadline', async () => {
  const dl = path.join(s.root, 'dl-slow');
  const r = await pipeline('download.ts', ['--version', STALLING, '--dir', dl], {
    LME_QUIET: '0',
    RELEASE_BASE_URL: base,
    LME_DOWNLOAD_LOW_SPEED_TIME: '1',
  }).nothrow();
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toContain(
    ' and fails below 1,024 bytes/s over 1 s (LME_DOWNLOAD_LOW_SPEED_LIMIT, LME_DOWNLOAD_LOW_SPEED_TIME)',
  );
  expect(r.stderr).toContain(
    `${base}/${STALLING}/${TAMPERED}: "${TAMPERED}" could not be fetched: sent nothing in the last 1 s, below the low-speed limit of 1,024 bytes/s`,
  );
  expect(files(dl)).not.toContain(TAMPERED);
  expect(files(dl).filter((f) => f.endsWith('.part'))).toEqual([]);
});

it("removes the file being fetched on SIGTERM, and on SIGINT to make's process group; the verified files stay", async () => {
  const dl = path.join(s.root, 'dl-signalled');
  const { child, stderr } = startDownload(STALLING, dl, ROOT);
  await appears(path.join(dl, `${TAMPERED}.part`));
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  expect(code).toBe(143);
  expect(stderr()).toContain(
    `\nInterrupted (SIGTERM). ${path.join(dl, TAMPERED)}.part was removed; the files verified so far are kept.\n`,
  );
  expect(files(dl).filter((f) => f.endsWith('.part'))).toEqual([]);
  expect(files(dl)).toContain('cells.parquet');

  const repo = repoCopy();
  try {
    const viaMake = path.join(repo.dir, 'dl');
    const running = startMake(repo.dir, 'download', {
      VERSION: STALLING,
      DOWNLOAD_DIR: viaMake,
      RELEASE_BASE_URL: base,
      LME_DOWNLOAD_LOW_SPEED_TIME: '600',
    });
    await appears(path.join(viaMake, `${TAMPERED}.part`));
    process.kill(-running.pid, 'SIGINT');
    const ended = await running.exited;
    expect(ended.stderr).toContain('Interrupted (SIGINT).');
    expect(files(viaMake).filter((f) => f.endsWith('.part'))).toEqual([]);
  } finally {
    repo.remove();
  }
});

it('refuses a version that is not published, writing nothing', async () => {
  const dl = path.join(s.root, 'dl-unknown');
  const r = await download('v9.9.9', dl);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toContain(`${base}/v9.9.9/SHA256SUMS: "SHA256SUMS" could not be fetched: HTTP 404`);
  expect(existsSync(dl)).toBe(false);
  noStackTrace(r.stderr);
});

it('refuses a version that is not a release tag as a usage error (exit 2)', async () => {
  const r = await download('0.1.0', path.join(s.root, 'dl-bad'));
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toContain('"0.1.0" is not a release tag like v1.2.3');
  noStackTrace(r.stderr);
});

it('refuses a folder inside out/, dist/ or diff/, which their commands replace whole, before fetching anything', async () => {
  // An unpublished version: were the guard gone, nothing would be fetched into the checkout's folders either.
  for (const [folder, by] of [
    ['out', 'make all'],
    ['dist', 'make release'],
    ['diff', 'make diff'],
  ] as const) {
    const inside = path.join(ROOT, folder, 'lme-download-refused');
    try {
      const r = await download('v9.9.9', inside);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toContain(
        `make download: ${JSON.stringify(inside)} would write into ${folder}/, which the next \`${by}\` replaces whole`,
      );
      expect(r.stderr).toContain('Give a DOWNLOAD_DIR outside it');
      expect(existsSync(inside)).toBe(false);
      noStackTrace(r.stderr);
    } finally {
      rmSync(inside, { recursive: true, force: true });
    }
  }
});
