// The release files the overview lists, each with its SHA-256 and its download address on the release page.
// When dist/ holds a release built from this very out/ (its datapackage.json is byte for byte the one a release
// makes of out's), the list is that release's SHA256SUMS, archives and notes included. Otherwise it is the files a
// release copies from out/ (each CSV and Parquet file, the database, datapackage.json), hashed here; the page says
// the list is partial.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSha256sums } from '../release/checksums.ts';
import { SUMS_FILE } from '../release/download.ts';
import { sha256 } from '../hash.ts';
import { releasePackageText } from '../metadata/datapackage.ts';
import { DATABASE_FILE } from '../paths.ts';

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
  return existsSync(path.join(dist, SUMS_FILE)) && existsSync(b) && releasePackageText(readFileSync(a, 'utf8'), DATABASE_FILE) === readFileSync(b, 'utf8');
}

export function releaseFiles(out: string, dist: string, database: string, repositoryUrl: string, version: string): ReleaseFiles {
  const tag = `v${version}`;
  const base = `${repositoryUrl}/releases/download/${tag}/`;
  const file = (name: string, bytes: Buffer, sum = sha256(bytes)): ReleaseFile => ({ name, sha256: sum, bytes: bytes.length, url: base + encodeURIComponent(name) });
  const page = `${repositoryUrl}/releases/tag/${tag}`;
  if (builtFromThisOut(out, dist)) {
    const sums = parseSha256sums(readFileSync(path.join(dist, SUMS_FILE), 'utf8'));
    const files = [...sums].map(([name, sum]) => file(name, readFileSync(path.join(dist, name)), sum));
    files.push(file(SUMS_FILE, readFileSync(path.join(dist, SUMS_FILE))));
    return { tag, page, complete: true, files };
  }
  const copied = [
    ...['csv', 'parquet'].flatMap((sub) => readdirSync(path.join(out, sub)).map((f) => [f, path.join(out, sub, f)] as const)).sort(),
    [database, path.join(out, database)] as const,
  ];
  return { tag, page, complete: false, files: [...copied.map(([name, p]) => file(name, readFileSync(p))),
    file('datapackage.json', Buffer.from(releasePackageText(readFileSync(path.join(out, 'datapackage.json'), 'utf8'), database)))] };
}
