// The real paper and project paths, for tests that run on the vendored source.

import path from 'node:path';
import { Schemas } from '../../pipelines/lib/schemas.ts';
import { ROOT, SOURCES_DIR } from '../../pipelines/lib/paths.ts';
import { loadSource, type Source } from '../../pipelines/lib/source.ts';

export { ROOT, SOURCES_DIR };
export const CHANG2024 = path.join(SOURCES_DIR, 'chang2024');
/** The Epoch AI snapshot the paper's crosswalk is checked against. */
export const EPOCH_SNAPSHOT = path.join(SOURCES_DIR, 'epoch_ai_2026_01_26');
export const GOLDEN = path.join(ROOT, 'tests', 'golden');

let cached: Source | undefined;
let cachedSnapshot: Source | undefined;
export function epochSnapshot(): Source {
  cachedSnapshot ??= loadSource(EPOCH_SNAPSHOT, new Schemas());
  return cachedSnapshot;
}

export function chang2024(): Source {
  cached ??= loadSource(CHANG2024, new Schemas());
  return cached;
}
