// Fetches a release and verifies it against its SHA256SUMS. Each file is written to "<name>.part" and gets its
// real name only once its SHA-256 matches, so a folder never holds an unverified file under a release name: a
// file that fails (wrong hash, HTTP error, network error) is removed, along with any older copy of that name,
// and reported; the files that verified are kept. `fetch` is a parameter so that tests can serve the files.
// Bodies are streamed to disk and hashed on the way, within the limits of fetch-stream.ts (low-speed limit,
// deadline, size, no encoding).
//
// It writes only into a folder it makes, an empty one, or one it marked as holding a download of the same release
// (MARKER, naming the files it may write there), and only files a release holds (RELEASE_NAMES): so it never
// overwrites or removes a file it did not write, whatever folder or SHA256SUMS it is given.

import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { onInterrupt } from '../interrupt.ts';
import { shown } from '../paths.ts';
import { DataError, fail, problem, type Problem } from '../problems.ts';
import { parseSha256sums } from './checksums.ts';
import { limitsFromEnv, streamUrl, type FetchLike, type Limits, type Streamed } from './fetch-stream.ts';

export type { FetchLike, FetchResponse } from './fetch-stream.ts';

export const SUMS_FILE = 'SHA256SUMS';
const PART = '.part';
/** Marks a folder as make download's, for one release: its version and the files it may have written there. */
export const MARKER = '.lme-download.json';

/**
 * The names of the files a release holds, as pipelines/release.ts (and site-zip.ts) write them: each table as CSV,
 * Parquet and JSON (datapackage.json and croissant.json are of that form), the database, the two archives, the texts.
 * tests/release/download.test.ts downloads a real release, every one of whose names must pass. A checkout's own
 * names are mostly refused (Makefile, README.md aside); the folder rule (claimableFolder) is what keeps its files safe.
 */
export const RELEASE_NAMES: readonly RegExp[] = [
  /^[a-z0-9][a-z0-9_]*\.(csv|parquet|json)$/,
  /^[a-z0-9][a-z0-9_]*\.duckdb$/,
  /^[a-z0-9][a-z0-9-]*-\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?-(csv|arrow)\.zip$/,
  /^(README|RELEASE_NOTES)\.md$/,
  /^CITATION\.cff$/,
  /^site\.zip$/,
];

export interface DownloadOptions {
  /** Where releases are, e.g. https://github.com/<owner>/<repo>/releases/download. */
  base: string;
  /** The release tag, e.g. v0.1.0. */
  version: string;
  /** The folder the files go to; made when missing. */
  dir: string;
  fetch: FetchLike;
  /** Called once per listed file, when it has verified or failed. */
  onFile?: (outcome: Outcome, ms: number) => void;
  /** Called as a file's bytes arrive: its name, bytes so far, the total when known. */
  onProgress?: (name: string, bytes: number, total: number | undefined) => void;
  /** Low-speed limit, deadline and size limit per file; by default from the environment (limitsFromEnv). */
  limits?: Limits;
  /** The folder as messages show it: as the user gave it (`.` stays `.`), by default relative to the working folder. */
  shownDir?: string;
}

export interface Verified {
  ok: true;
  name: string;
  bytes: number;
}

export interface Failure {
  ok: false;
  name: string;
  url: string;
  /** `checksum`: fetched, but the bytes are not those SHA256SUMS lists; `http`/`network`: not fetched. */
  kind: 'checksum' | 'http' | 'network';
  /** What went wrong, in words. */
  reason: string;
  expected: string;
  /** The SHA-256 of what was fetched (checksum failures only). */
  actual?: string;
  /** The HTTP status (http failures only). */
  status?: number;
}

export type Outcome = Verified | Failure;

export interface DownloadSummary {
  version: string;
  dir: string;
  /** The files SHA256SUMS lists, in its order. */
  listed: string[];
  verified: Verified[];
  failures: Failure[];
}

export function releaseFileUrl(base: string, version: string, name: string): string {
  return `${base.replace(/\/+$/, '')}/${encodeURIComponent(version)}/${encodeURIComponent(name)}`;
}

/** Why a name from SHA256SUMS must not become a file in the folder, or undefined when it is one a release holds. */
export function unsafeName(name: string): string | undefined {
  if (/[/\\]/.test(name) || name.includes('..') || name === '.')
    return 'is not a plain file name (it would be written outside the folder)';
  if (name.includes('\0')) return 'holds a NUL character';
  if (name === SUMS_FILE) return 'is SHA256SUMS itself, which cannot list its own hash';
  if (!RELEASE_NAMES.some((re) => re.test(name)))
    return 'is no file a release of this dataset holds (Parquet files, the database, the archives, metadata and notes)';
  return undefined;
}

interface Marker {
  version: string;
  files: string[];
}

function readMarker(dir: string): Marker | undefined {
  try {
    const m = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8')) as Partial<Marker>;
    return typeof m.version === 'string' && Array.isArray(m.files) && m.files.every((f) => typeof f === 'string')
      ? { version: m.version, files: m.files }
      : undefined;
  } catch {
    return undefined;
  }
}

const FOLDER_FIX =
  'Give a DOWNLOAD_DIR that does not exist yet or is empty (make download writes only into a folder it made, or into one ' +
  'holding an earlier download of the same release), or leave it out for downloads/<version>.';

/**
 * What the folder may receive, checked before anything is fetched: nothing is there (the files of an earlier
 * download of this release aside); returns the files an earlier download marked as its own. Anything else is a
 * problem: a file, a folder holding other files, or another release's download.
 */
export function claimableFolder(dir: string, version: string, shownDir = shown(dir)): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) fail({ file: shownDir }, 'is a file, not a folder', FOLDER_FIX);
  const marker = readMarker(dir);
  if (marker && marker.version !== version) {
    fail(
      { file: shownDir },
      `holds the download of ${marker.version}, not of ${version}`,
      `Give another DOWNLOAD_DIR for ${version} (the default is downloads/${version}).`,
    );
  }
  const ours = new Set([
    MARKER,
    SUMS_FILE,
    `${SUMS_FILE}${PART}`,
    `${MARKER}${PART}`,
    ...(marker?.files ?? []).flatMap((f) => [f, f + PART]),
  ]);
  const foreign = readdirSync(dir)
    .filter((f) => !ours.has(f))
    .sort();
  if (foreign.length > 0) {
    const named = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ` and ${foreign.length - 5} more` : '');
    fail(
      { file: shownDir },
      `holds files that are not of a download of ${version} by make download (${named}); nothing was fetched`,
      FOLDER_FIX,
    );
  }
  return marker?.files ?? [];
}

type Fetched = { bytes: Uint8Array } | { status: number; reason: string } | { reason: string };

/** SHA256SUMS is small: it is gathered in memory, within the same limits (at most 1 MB). */
async function fetchBytes(fetch: FetchLike, url: string, limits: Limits): Promise<Fetched> {
  const chunks: Uint8Array[] = [];
  const got = await streamUrl(fetch, url, { ...limits, maxBytes: Math.min(limits.maxBytes, 1 << 20) }, (c) =>
    chunks.push(c.slice()),
  );
  return 'bytes' in got ? { bytes: Buffer.concat(chunks) } : got;
}

/** Writes next to the target and renames, so the target name only ever holds complete bytes. */
function writeViaPart(file: string, bytes: Uint8Array): void {
  writeFileSync(file + PART, bytes);
  renameSync(file + PART, file);
}

function removeBoth(file: string): void {
  rmSync(file + PART, { force: true });
  rmSync(file, { force: true });
}

/**
 * Fetches and checks SHA256SUMS. A listing that cannot be fetched or read, lists nothing, or names a file outside
 * the folder is refused before anything is written: nothing it lists can be trusted.
 */
export async function fetchSha256sums(
  o: Pick<DownloadOptions, 'base' | 'version' | 'fetch' | 'limits'>,
): Promise<{ text: Uint8Array; sums: Map<string, string> }> {
  const url = releaseFileUrl(o.base, o.version, SUMS_FILE);
  const got = await fetchBytes(o.fetch, url, o.limits ?? limitsFromEnv());
  if (!('bytes' in got)) {
    const missing = 'status' in got && got.status === 404;
    fail(
      { file: url },
      `could not be fetched: ${got.reason}`,
      missing
        ? `Check that ${o.version} is a published release at ${o.base} (the repository's releases page lists them) and that the version is spelled as its tag.`
        : 'Retry later: the server or the network failed.',
      SUMS_FILE,
    );
  }
  let sums: Map<string, string>;
  try {
    sums = parseSha256sums(new TextDecoder().decode(got.bytes));
  } catch (e) {
    fail(
      { file: url },
      `cannot be read: ${(e as Error).message}`,
      `The release is damaged or not a release of this dataset: do not use it.`,
      SUMS_FILE,
    );
  }
  if (sums.size === 0)
    fail(
      { file: url },
      'lists no files',
      'The release is damaged or not a release of this dataset: do not use it.',
      SUMS_FILE,
    );
  const refused: Problem[] = [];
  for (const name of sums.keys()) {
    const why = unsafeName(name);
    if (why)
      refused.push(
        problem(
          { file: url },
          `lists ${JSON.stringify(name)}, which ${why}; nothing was downloaded`,
          'The listing is corrupt or has been tampered with: do not use this release.',
          SUMS_FILE,
        ),
      );
  }
  if (refused.length > 0) throw new DataError(refused);
  return { text: got.bytes, sums };
}

/** Fetches one listed file into the folder; keeps it only when its SHA-256 is the expected one. */
export async function downloadFile(
  o: Pick<DownloadOptions, 'base' | 'version' | 'dir' | 'fetch' | 'limits' | 'onProgress'>,
  name: string,
  expected: string,
): Promise<Outcome> {
  const url = releaseFileUrl(o.base, o.version, name);
  const file = path.join(o.dir, name);
  const hash = createHash('sha256');
  const fd = openSync(file + PART, 'w');
  // Ctrl-C or SIGTERM mid-file: the part goes (the verified files stay, and the marker names them for a retry).
  const handled = onInterrupt(
    () => rmSync(file + PART, { force: true }),
    `${shown(file + PART)} was removed; the files verified so far are kept.`,
  );
  let got: Streamed;
  try {
    got = await streamUrl(
      o.fetch,
      url,
      o.limits ?? limitsFromEnv(),
      (chunk) => {
        writeSync(fd, chunk);
        hash.update(chunk);
      },
      (bytes, total) => o.onProgress?.(name, bytes, total),
    );
  } catch (e) {
    removeBoth(file);
    throw e;
  } finally {
    closeSync(fd);
    handled();
  }
  if (!('bytes' in got)) {
    // An older copy is not what this release lists (or was never checked against it): it goes too.
    removeBoth(file);
    return 'status' in got
      ? { ok: false, name, url, kind: 'http', reason: got.reason, expected, status: got.status }
      : { ok: false, name, url, kind: 'network', reason: got.reason, expected };
  }
  const actual = hash.digest('hex');
  if (actual !== expected) {
    removeBoth(file);
    return {
      ok: false,
      name,
      url,
      kind: 'checksum',
      reason: `SHA-256 ${actual} is not the listed ${expected}`,
      expected,
      actual,
    };
  }
  renameSync(file + PART, file);
  return { ok: true, name, bytes: got.bytes };
}

/**
 * Checks the folder, fetches SHA256SUMS, marks the folder as this release's download (naming every file it may
 * write, before it writes any), then fetches every file listed, one after the other.
 */
export async function downloadRelease(o: DownloadOptions): Promise<DownloadSummary> {
  const shownDir = o.shownDir ?? shown(o.dir);
  const earlier = claimableFolder(o.dir, o.version, shownDir);
  const { text, sums } = await fetchSha256sums(o);
  try {
    mkdirSync(o.dir, { recursive: true });
  } catch (e) {
    fail(
      { file: shownDir },
      `cannot be made: ${(e as Error).message}`,
      'Choose another folder with DOWNLOAD_DIR=<folder>.',
    );
  }
  const files = [...new Set([...earlier, ...sums.keys()])].sort();
  writeViaPart(
    path.join(o.dir, MARKER),
    new TextEncoder().encode(
      `${JSON.stringify(
        {
          note: 'Written by make download: this folder holds a download of this release, and it writes here only these files.',
          version: o.version,
          files,
        },
        null,
        2,
      )}\n`,
    ),
  );
  // Kept so that `sha256sum -c SHA256SUMS` can check the folder again later.
  writeViaPart(path.join(o.dir, SUMS_FILE), text);
  const summary: DownloadSummary = {
    version: o.version,
    dir: o.dir,
    listed: [...sums.keys()],
    verified: [],
    failures: [],
  };
  for (const [name, expected] of sums) {
    const t0 = performance.now();
    const outcome = await downloadFile(o, name, expected);
    if (outcome.ok) summary.verified.push(outcome);
    else summary.failures.push(outcome);
    o.onFile?.(outcome, performance.now() - t0);
  }
  return summary;
}

/** A value as one shell word: as it is when plain, in single quotes otherwise. */
const shellWord = (v: string) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

/** The command that retries a download as it was asked for: the same folder and mirror, when they were given. */
export function retryCommand(version: string, given: { dir?: string; base?: string } = {}): string {
  return [
    'make download',
    `VERSION=${shellWord(version)}`,
    ...(given.dir ? [`DOWNLOAD_DIR=${shellWord(given.dir)}`] : []),
    ...(given.base ? [`RELEASE_BASE_URL=${shellWord(given.base)}`] : []),
  ].join(' ');
}

/**
 * One problem per failed file, in the project's error contract. The files that verified stay in the folder (a retry
 * fetches everything again); `retry` is the command to run, by default for the default folder and server.
 */
export function failureProblems(
  s: DownloadSummary,
  retry = retryCommand(s.version),
  shownDir = shown(s.dir),
): Problem[] {
  const command = `\`${retry}\``;
  return s.failures.map((f) => {
    switch (f.kind) {
      case 'checksum':
        return problem(
          { file: path.join(shownDir, f.name) },
          `has SHA-256 ${f.actual}, but SHA256SUMS lists ${f.expected}; the file was removed`,
          `Run ${command} again. If the hash differs again, the release is corrupt or has been tampered with: do not use it, and tell the maintainers.`,
          f.name,
        );
      case 'http':
        return problem(
          { file: f.url },
          `could not be fetched: ${f.reason}; no file of that name was kept`,
          f.status === 404
            ? 'SHA256SUMS lists a file that the release does not have: the release is incomplete. Do not use it; tell the maintainers.'
            : `Run ${command} again later: the server failed.`,
          f.name,
        );
      default: // 'network', the one kind left: TypeScript narrows f to it, and Biome sees every path return
        return problem(
          { file: f.url },
          `could not be fetched: ${f.reason}; no file of that name was kept`,
          `Check the network connection, then run ${command} again.`,
          f.name,
        );
    }
  });
}
