// Stage 1, sources: read every source folder's source.json and table specs, and refuse a text whose checksum
// differs from the one recorded.

import type { Schemas } from '../lib/schemas.ts';
import { Problems } from '../lib/problems.ts';
import { loadSource, sourceDirs, type Source } from '../lib/source.ts';
import { shown } from '../lib/paths.ts';

export function loadSources(root: string, schemas: Schemas): Source[] {
  const problems = new Problems();
  const dirs = sourceDirs(root);
  if (dirs.length === 0)
    problems.report(
      { file: shown(root) },
      'holds no source folder (a folder with a source.json)',
      'Add a source folder, or point --sources at the right folder.',
    );
  const sources = dirs
    .map((d) => problems.collect(() => loadSource(d, schemas)))
    .filter((s): s is Source => s !== undefined);
  problems.throwIfAny();
  return sources;
}
