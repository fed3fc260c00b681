// The release files the overview lists, each with its SHA-256 and its download address on the release page.
// When dist/ holds a whole release built from this very out/ (its datapackage.json is byte for byte the one a release
// makes of out's, and every file SHA256SUMS lists is there with that hash), the list is that release's SHA256SUMS,
// archives and notes included. Otherwise (no release, another build's, or one being written while this runs) it is
// the files a release copies from out/ (each CSV and Parquet file, the database, datapackage.json), hashed here; the
// page says the list is partial. The Makefile builds the site after the release when both are asked for, so that it
// lists the whole.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SUMS_FILE } from '../release/download.ts';
import { verifiedRelease } from '../release/verified.ts';
import { DataError } from '../problems.ts';
import { sha256 } from '../hash.ts';
import { releasePackageText } from '../metadata/datapackage.ts';
import { DATABASE_FILE } from '../paths.ts';

export interface ReleaseFile {
  name: string;
  sha256: string;
  bytes: number;
  url: string;
}

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
  return (
    existsSync(path.join(dist, SUMS_FILE)) &&
    existsSync(b) &&
    releasePackageText(readFileSync(a, 'utf8'), DATABASE_FILE) === readFileSync(b, 'utf8')
  );
}

/** The release's files with their hashes, when dist/ holds every file its SHA256SUMS lists, each with that hash. */
function wholeRelease(dist: string, file: (name: string, bytes: Buffer) => ReleaseFile): ReleaseFile[] | undefined {
  try {
    const files = [...verifiedRelease(dist)].map(([name, bytes]) => file(name, bytes));
    return [...files, file(SUMS_FILE, readFileSync(path.join(dist, SUMS_FILE)))];
  } catch (e) {
    // A file missing or not yet its bytes, or dist/ moved aside for an instant by a release's swap: no whole release.
    if (e instanceof DataError || (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export function releaseFiles(
  out: string,
  dist: string,
  database: string,
  repositoryUrl: string,
  version: string,
): ReleaseFiles {
  const tag = `v${version}`;
  const base = `${repositoryUrl}/releases/download/${tag}/`;
  const file = (name: string, bytes: Buffer, sum = sha256(bytes)): ReleaseFile => ({
    name,
    sha256: sum,
    bytes: bytes.length,
    url: base + encodeURIComponent(name),
  });
  const page = `${repositoryUrl}/releases/tag/${tag}`;
  const whole = builtFromThisOut(out, dist) ? wholeRelease(dist, file) : undefined;
  if (whole) return { tag, page, complete: true, files: whole };
  const copied = [
    ...['csv', 'parquet']
      .flatMap((sub) => readdirSync(path.join(out, sub)).map((f) => [f, path.join(out, sub, f)] as const))
      .sort(),
    [database, path.join(out, database)] as const,
  ];
  return {
    tag,
    page,
    complete: false,
    files: [
      ...copied.map(([name, p]) => file(name, readFileSync(p))),
      file(
        'datapackage.json',
        Buffer.from(releasePackageText(readFileSync(path.join(out, 'datapackage.json'), 'utf8'), database)),
      ),
    ],
  };
}
