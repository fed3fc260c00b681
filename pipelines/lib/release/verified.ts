// A built release's files read for publishing elsewhere (Hugging Face, Zenodo): each one listed in its SHA256SUMS
// and holding the bytes listed there, so that what is published is what the release attests.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../hash.ts';
import { shown } from '../paths.ts';
import { DataError, fail, problem, type Problem } from '../problems.ts';
import { parseSha256sums } from './checksums.ts';

const REBUILD = 'Run `make release` again (nothing may change dist/ after it), then publish.';

/** Every file SHA256SUMS lists in `dist`, by name, each checked against it. */
export function verifiedRelease(dist: string): Map<string, Buffer> {
  const sumsFile = path.join(dist, 'SHA256SUMS');
  if (!existsSync(sumsFile)) fail({ file: shown(sumsFile) }, 'does not exist: this is not a built release', REBUILD);
  const sums = parseSha256sums(readFileSync(sumsFile, 'utf8'));
  const files = new Map<string, Buffer>();
  const problems: Problem[] = [];
  for (const name of sums.keys()) {
    const file = path.join(dist, name);
    const where = { file: shown(file) };
    if (!existsSync(file)) {
      problems.push(problem(where, 'is listed in SHA256SUMS but missing', REBUILD));
      continue;
    }
    const bytes = readFileSync(file);
    if (sha256(bytes) !== sums.get(name)) {
      problems.push(
        problem(
          where,
          'does not have the SHA-256 that SHA256SUMS lists: it was changed after the release was built',
          REBUILD,
        ),
      );
      continue;
    }
    files.set(name, bytes);
  }
  if (problems.length > 0) throw new DataError(problems);
  return files;
}
