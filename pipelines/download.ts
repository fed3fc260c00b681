// Fetches a release and verifies every file against its SHA256SUMS; a file that fails is removed and reported,
// the others are kept. Exits 0 only when every file verified.
//
//   node --import tsx pipelines/download.ts --version vX.Y.Z [--dir <folder>]   (default folder: downloads/<version>)
//
// Releases are fetched from the GitHub repository named in package.json, or from RELEASE_BASE_URL when set
// (a mirror, or a local server in tests): <base>/<version>/<file>.
// It writes only into a new or empty folder, or one holding an earlier download of the same release (lib/release/
// download.ts). Each file streams to disk within limits, stated in the first line: below 1 KB/s over 30 s it fails
// (LME_DOWNLOAD_LOW_SPEED_LIMIT in bytes a second, LME_DOWNLOAD_LOW_SPEED_TIME in seconds, as curl's -Y and -y), and
// after 30 minutes (LME_DOWNLOAD_DEADLINE_SECONDS) or 2 GiB (LME_DOWNLOAD_MAX_BYTES); a file prints a line every
// 16 MiB and every 10 s. Ctrl-C or SIGTERM removes the file being fetched.

import { realpathSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { plural, progress, runCli } from './lib/cli.ts';
import { packageJson } from './lib/package-info.ts';
import { DIFF_DIR, DIST_DIR, OUT_DIR, ROOT, shown } from './lib/paths.ts';
import { DataError, fail, usage } from './lib/problems.ts';
import {
  downloadRelease,
  failureProblems,
  releaseFileUrl,
  retryCommand,
  type DownloadSummary,
  type Outcome,
} from './lib/release/download.ts';
import { describeLimits, limitsFromEnv } from './lib/release/fetch-stream.ts';
import { releaseBaseUrl } from './lib/release/texts.ts';

const COMMAND = 'make download';
const USAGE = 'Run `make download VERSION=vX.Y.Z [DOWNLOAD_DIR=<folder>] [RELEASE_BASE_URL=<url>]`.';
const VERSION = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/;

function args(): { version: string; dir: string; givenDir?: string } {
  const { values } = parseArgs({ options: { version: { type: 'string' }, dir: { type: 'string' } } });
  const version = values.version;
  if (!version) usage(COMMAND, 'needs VERSION, the tag of a release', USAGE);
  if (!VERSION.test(version)) usage(COMMAND, 'is not a release tag like v1.2.3', USAGE, version);
  const dir = path.resolve(values.dir ?? path.join(ROOT, 'downloads', version));
  // out/, dist/ and diff/ are the build's, the release's and the diff's: each is replaced whole by its command (and
  // removed by `make clean`), and until then its files would mix with the release's.
  for (const [folder, by] of [
    [OUT_DIR, 'make all'],
    [DIST_DIR, 'make release'],
    [DIFF_DIR, 'make diff'],
  ] as const) {
    if (isWithin(dir, folder)) {
      fail(
        { file: COMMAND },
        `would write into ${shown(folder)}/, which the next \`${by}\` replaces whole`,
        'Give a DOWNLOAD_DIR outside it, or leave it out for downloads/<version>.',
        values.dir,
      );
    }
  }
  return { version, dir, givenDir: values.dir };
}

/** Whether `dir` is `folder` or inside it, links followed where they exist. */
function isWithin(dir: string, folder: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return path.dirname(p) === p ? p : path.join(real(path.dirname(p)), path.basename(p));
    }
  };
  const [d, f] = [real(dir), real(folder)];
  return d === f || d.startsWith(f + path.sep);
}

function fileLine(o: Outcome): string {
  return o.ok
    ? `${o.name}: ${plural(o.bytes, 'byte')}, verified`
    : `${o.name}: FAILED (${o.kind === 'checksum' ? 'SHA-256 differs' : o.reason})`;
}

const STEP = 16 * 2 ** 20;
const EVERY_MS = 10_000;
const size = (n: number) =>
  n < 1024 ? plural(n, 'byte') : n < 2 ** 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 2 ** 20).toFixed(0)} MiB`;

/** A progress line each time a file passes another 16 MiB, and at least every 10 s while it arrives. */
function progressLines(): (name: string, bytes: number, total: number | undefined) => void {
  const shownUpTo = new Map<string, { step: number; at: number; bytes: number }>();
  return (name, bytes, total) => {
    const now = performance.now();
    const last = shownUpTo.get(name) ?? { step: 0, at: now, bytes: 0 };
    if (!shownUpTo.has(name)) shownUpTo.set(name, last);
    const step = Math.floor(bytes / STEP);
    if (step === last.step && now - last.at < EVERY_MS) return;
    const rate = (bytes - last.bytes) / ((now - last.at) / 1000 || 1);
    shownUpTo.set(name, { step, at: now, bytes });
    if (process.env.LME_QUIET !== '1')
      process.stderr.write(
        `download   ${name}: ${size(bytes)}${total ? ` of ${size(total)}` : ''}, ${size(Math.round(rate))}/s\n`,
      );
  };
}

function summaryLine(s: DownloadSummary, dir: string): string {
  const bytes = s.verified.reduce((n, v) => n + v.bytes, 0);
  const got =
    s.failures.length === 0
      ? plural(s.verified.length, 'file')
      : `${s.verified.length} of ${plural(s.listed.length, 'file')}`;
  const kept =
    s.failures.length === 0
      ? ''
      : '; the verified files are kept, but the folder is not the whole release until a retry verifies every file';
  return `${s.version}: ${got} verified, ${plural(bytes, 'byte')}, in ${dir}${kept}`;
}

void runCli(
  async () => {
    const { version, dir, givenDir } = args();
    const givenBase = process.env.LME_RELEASE_BASE_URL || process.env.RELEASE_BASE_URL || undefined;
    const base = givenBase ?? releaseBaseUrl(packageJson());
    // fetch reads only http(s): anything else would fail file by file with "retry later", which no retry mends.
    if (!/^https?:\/\//i.test(base)) {
      usage(
        COMMAND,
        'RELEASE_BASE_URL is not an http:// or https:// address',
        'Give the address of a mirror laid out as <RELEASE_BASE_URL>/<version>/<file>, or leave it out for GitHub.',
        base,
      );
    }
    // The folder as the user typed it (`.` stays `.`), or the default as a path from here.
    const shownDir = givenDir ?? shown(dir);
    const limits = limitsFromEnv();
    if (process.env.LME_QUIET !== '1') {
      process.stderr.write(
        `download   ${version} from ${releaseFileUrl(base, version, '')} into ${shownDir}: ${describeLimits(limits)}; progress every 16 MiB and 10 s\n`,
      );
    }
    const t0 = performance.now();
    const summary = await downloadRelease({
      base,
      version,
      dir,
      shownDir,
      fetch,
      limits,
      onFile: (o, ms) => progress('download', fileLine(o), ms),
      onProgress: progressLines(),
    });
    progress('download', summaryLine(summary, shownDir), performance.now() - t0);
    if (summary.failures.length > 0)
      throw new DataError(
        failureProblems(summary, retryCommand(version, { dir: givenDir, base: givenBase }), shownDir),
      );
  },
  { command: COMMAND, usage: USAGE },
);
