// Fetches a release and verifies every file against its SHA256SUMS; a file that fails is removed and reported,
// the others are kept. Exits 0 only when every file verified.
//
//   node --import tsx pipelines/download.ts --version vX.Y.Z [--dir <folder>]   (default folder: downloads/<version>)
//
// Releases are fetched from the GitHub repository named in package.json, or from RELEASE_BASE_URL when set
// (a mirror, or a local server in tests): <base>/<version>/<file>.
// Each file streams to disk within limits (LME_DOWNLOAD_IDLE_SECONDS, default 30; LME_DOWNLOAD_DEADLINE_SECONDS,
// default 1800; LME_DOWNLOAD_MAX_BYTES, default 2 GiB); a large file prints a line every 16 MiB.

import { realpathSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { plural, progress, runCli } from './lib/cli.ts';
import { packageJson } from './lib/package-info.ts';
import { DIFF_DIR, DIST_DIR, OUT_DIR, ROOT, shown } from './lib/paths.ts';
import { DataError, fail } from './lib/problems.ts';
import { downloadRelease, failureProblems, retryCommand, type DownloadSummary, type Outcome } from './lib/release/download.ts';
import { releaseBaseUrl } from './lib/release/texts.ts';

const USAGE = 'Run `make download VERSION=vX.Y.Z [DOWNLOAD_DIR=<folder>]`.';
const VERSION = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/;

function args(): { version: string; dir: string; givenDir?: string } {
  let values: { version?: string; dir?: string };
  try {
    ({ values } = parseArgs({ options: { version: { type: 'string' }, dir: { type: 'string' } } }));
  } catch (e) {
    // A bad command line is the user's to fix, not a bug: no stack trace.
    fail({ file: 'make download' }, `has bad arguments: ${(e as Error).message}`, USAGE);
  }
  const version = values.version;
  if (!version) fail({ file: 'make download' }, 'needs VERSION, the tag of a release', USAGE);
  if (!VERSION.test(version)) fail({ file: 'make download' }, 'is not a release tag like v1.2.3', USAGE, version);
  const dir = path.resolve(values.dir ?? path.join(ROOT, 'downloads', version));
  // out/, dist/ and diff/ are the build's, the release's and the diff's: each is replaced whole by its command (and
  // removed by `make clean`), and until then its files would mix with the release's.
  for (const [folder, by] of [[OUT_DIR, 'make all'], [DIST_DIR, 'make release'], [DIFF_DIR, 'make diff']] as const) {
    if (isWithin(dir, folder)) {
      fail({ file: 'make download' }, `would write into ${shown(folder)}/, which the next \`${by}\` replaces whole`,
        'Give a DOWNLOAD_DIR outside it, or leave it out for downloads/<version>.', values.dir);
    }
  }
  return { version, dir, givenDir: values.dir };
}

/** Whether `dir` is `folder` or inside it, links followed where they exist. */
function isWithin(dir: string, folder: string): boolean {
  const real = (p: string): string => {
    try { return realpathSync(p); } catch { return path.dirname(p) === p ? p : path.join(real(path.dirname(p)), path.basename(p)); }
  };
  const [d, f] = [real(dir), real(folder)];
  return d === f || d.startsWith(f + path.sep);
}

function fileLine(o: Outcome): string {
  return o.ok ? `${o.name}: ${plural(o.bytes, 'byte')}, verified` : `${o.name}: FAILED (${o.kind === 'checksum' ? 'SHA-256 differs' : o.reason})`;
}

const STEP = 16 * 2 ** 20;
const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;

/** A progress line each time a file passes another 16 MiB. */
function progressLines(): (name: string, bytes: number, total: number | undefined) => void {
  const shownUpTo = new Map<string, number>();
  return (name, bytes, total) => {
    const step = Math.floor(bytes / STEP);
    if (step === 0 || step === shownUpTo.get(name)) return;
    shownUpTo.set(name, step);
    if (process.env['LME_QUIET'] !== '1') process.stderr.write(`download   ${name}: ${mib(bytes)}${total ? ` of ${mib(total)}` : ''}\n`);
  };
}

function summaryLine(s: DownloadSummary): string {
  const bytes = s.verified.reduce((n, v) => n + v.bytes, 0);
  const got = s.failures.length === 0 ? plural(s.verified.length, 'file') : `${s.verified.length} of ${plural(s.listed.length, 'file')}`;
  const kept = s.failures.length === 0 ? '' : '; the verified files are kept, but the folder is not the whole release until a retry verifies every file';
  return `${s.version}: ${got} verified, ${plural(bytes, 'byte')}, in ${shown(s.dir)}/${kept}`;
}

await runCli(async () => {
  const { version, dir, givenDir } = args();
  const givenBase = process.env['LME_RELEASE_BASE_URL'] || process.env['RELEASE_BASE_URL'] || undefined;
  const base = givenBase ?? releaseBaseUrl(packageJson());
  // fetch reads only http(s): anything else would fail file by file with "retry later", which no retry mends.
  if (!/^https?:\/\//i.test(base)) {
    fail({ file: 'make download' }, 'RELEASE_BASE_URL is not an http:// or https:// address', 'Give the address of a mirror laid out as <RELEASE_BASE_URL>/<version>/<file>, or leave it out for GitHub.', base);
  }
  const t0 = performance.now();
  const summary = await downloadRelease({ base, version, dir, fetch, onFile: (o, ms) => progress('download', fileLine(o), ms), onProgress: progressLines() });
  progress('download', summaryLine(summary), performance.now() - t0);
  if (summary.failures.length > 0) throw new DataError(failureProblems(summary, retryCommand(version, { dir: givenDir, base: givenBase })));
});
