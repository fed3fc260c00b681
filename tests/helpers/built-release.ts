// A release of the run's shared build (tests/helpers/built-out.ts makes it once a run), for tests that read a
// release of the unchanged build: copied, so that a test may unpack, damage or serve its copy.

import { cpSync } from 'node:fs';
import { inject } from 'vitest';
import { pipeline } from './commands.ts';
import type { Sandbox } from './sandbox.ts';

/**
 * Puts at `dist` a release of `s.out`, which must be an unchanged copy of the shared build (builtSandbox()): a copy of
 * the run's release, or one made here where the run has none (mutation runs have no global setup).
 */
export async function builtRelease(s: Sandbox, dist: string): Promise<string> {
  const shared = inject('builtRelease');
  if (shared) cpSync(shared, dist, { recursive: true, preserveTimestamps: true });
  else await pipeline('release.ts', ['--out', s.out, '--dist', dist]);
  return dist;
}
