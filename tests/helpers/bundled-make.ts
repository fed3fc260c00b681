// Make's NODE pointed at the bundles (tests/helpers/bundled-node.cjs), for make run in a built copy by a test about
// Make, the recipe's quoting or the order of targets, not about tsx: about 0.6 s of CPU less a recipe.

import path from 'node:path';
import { inject } from 'vitest';
import { ROOT } from './project.ts';

/**
 * `NODE=…` for make, as one argument, where this run bundled every command named (pipelines/<name>.ts, as script()
 * decides: not in watch mode, not in mutation runs); else none, and the recipes run through tsx as make runs them.
 */
export function bundledNode(...names: string[]): string[] {
  const made = [...(inject('bundled') ?? []), ...(inject('moduleBundles') ?? [])];
  return names.every((n) => made.includes(n))
    ? [`NODE=node ${path.join(ROOT, 'tests', 'helpers', 'bundled-node.cjs')}`]
    : [];
}
