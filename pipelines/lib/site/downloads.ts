// The release files the overview lists, each with its SHA-256 and its download address on the release page.
// When dist/ holds a whole release built from this very out/ (its datapackage.json is byte for byte out's, and every
// file SHA256SUMS lists is there with that hash), the list is that release's SHA256SUMS, archives and notes included.
// Otherwise (no release, another build's, or one being written while this runs) it is the files a release copies
// unchanged from out/ (each Parquet file, the database, datapackage.json), hashed here; the page says the list is
// partial. The Makefile builds the site after the release when both are asked for, so that it lists the whole.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSha256sums } from '../release/checksums.ts';
import { SUMS_FILE } from '../release/download.ts';
import { sha256 } from '../hash.ts';

export interface ReleaseFile { name: string; sha256: string; bytes: number; url: string }

export interface ReleaseFiles {
  tag: string;
  page: string;
  /** True when the list is a built release's SHA256SUMS; false when it holds only the files copied from out/. */
  complete: boolean;
  files: ReleaseFile[];
}

function builtFromThisOut(out: string, dist: string): boolean {
  const a = path.join(out, 'datapackage.json');
  const b = path.join(dist, 'datapackage.json');
  return existsSync(path.join(dist, SUMS_FILE)) && existsSync(b) && readFileSync(a).equals(readFileSync(b));
}

/** The release's files with their hashes, when dist/ holds every file its SHA256SUMS lists, each with that hash. */
function wholeRelease(dist: string, file: (name: string, bytes: Buffer, sum?: string) => ReleaseFile): ReleaseFile[] | undefined {
  try {
    return listed(dist, file);
  } catch (e) {
    // A release swapped in while this reads (dist/ moved aside for an instant) is no whole release to this run.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function listed(dist: string, file: (name: string, bytes: Buffer, sum?: string) => ReleaseFile): ReleaseFile[] | undefined {
  const sums = parseSha256sums(readFileSync(path.join(dist, SUMS_FILE), 'utf8'));
  const files: ReleaseFile[] = [];
  for (const [name, sum] of sums) {
    const p = path.join(dist, name);
    if (!existsSync(p)) return undefined;
    const f = file(name, readFileSync(p));
    if (f.sha256 !== sum) return undefined;
    files.push(f);
  }
  files.push(file(SUMS_FILE, readFileSync(path.join(dist, SUMS_FILE))));
  return files;
}

export function releaseFiles(out: string, dist: string, database: string, repositoryUrl: string, version: string): ReleaseFiles {
  const tag = `v${version}`;
  const base = `${repositoryUrl}/releases/download/${tag}/`;
  const file = (name: string, bytes: Buffer, sum = sha256(bytes)): ReleaseFile => ({ name, sha256: sum, bytes: bytes.length, url: base + encodeURIComponent(name) });
  const page = `${repositoryUrl}/releases/tag/${tag}`;
  const whole = builtFromThisOut(out, dist) ? wholeRelease(dist, file) : undefined;
  if (whole) return { tag, page, complete: true, files: whole };
  const copied = [
    ...readdirSync(path.join(out, 'parquet')).sort().map((f) => [f, path.join(out, 'parquet', f)] as const),
    [database, path.join(out, database)] as const,
    ['datapackage.json', path.join(out, 'datapackage.json')] as const,
  ];
  return { tag, page, complete: false, files: copied.map(([name, p]) => file(name, readFileSync(p))) };
}
