// pandas from Debian's python3-pandas (/usr/bin/python3; the python3 on PATH may be another one without it),
// running the README's recipe, docs/recipes/load_with_pandas.py, as a file of its own name with
// tests/interop/pandas_dump.py appended.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/project.ts';
import type { Kind, Read } from './shape.ts';

export const PYTHON = process.env.LME_PYTHON ?? '/usr/bin/python3';
export const PANDAS_RECIPE = path.join(ROOT, 'docs', 'recipes', 'load_with_pandas.py');

/**
 * Why pandas cannot run here, in one line with the cure; undefined when it can. Python finds the package without
 * importing it (an import costs about 0.4 s of CPU, asked twice a run); one that is there but broken fails the
 * recipe run that follows, with Python's error.
 */
export function pandasMissing(): string | undefined {
  const find = 'import importlib.util, sys; sys.exit(importlib.util.find_spec("pandas") is None)';
  const r = spawnSync(PYTHON, ['-c', find], { encoding: 'utf8' });
  if (r.status === 0) return undefined;
  return `${PYTHON} cannot import pandas; install it with .ci/install-test-tools (Debian's python3-pandas)`;
}

const PANDAS_KINDS: Record<string, Kind> = {
  string: 'string',
  Int64: 'integer',
  float64: 'number',
  Float64: 'number',
  boolean: 'boolean',
  category: 'enum',
};

/**
 * Runs a recipe as a user does: `python3 <its file name>` from the folder of the data, the file in a folder of its
 * own (Python puts that folder first on its path, so a recipe named like a package it imports hides that package).
 */
export function runPythonRecipe(recipe: string, appended: string, cwd: string): ReturnType<typeof spawnSync> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-recipe-'));
  try {
    const file = path.join(dir, path.basename(recipe));
    writeFileSync(file, `${readFileSync(recipe, 'utf8')}\n${appended}`);
    return spawnSync(PYTHON, [file], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every table of the package in `dir` (a build's out/, a release's top or its CSV folder), as the pandas recipe reads it. */
export function readWithPandasRecipe(dir: string, recipe: string = PANDAS_RECIPE): Map<string, Read> {
  const r = runPythonRecipe(recipe, readFileSync(path.join(ROOT, 'tests', 'interop', 'pandas_dump.py'), 'utf8'), dir);
  if (r.status !== 0) throw new Error(`the pandas recipe failed:\n${r.stderr}`);
  const tables = JSON.parse(String(r.stdout)) as Record<
    string,
    { dtypes: [string, string][]; rows: (string | null)[][] }
  >;
  return new Map(
    Object.entries(tables).map(([name, t]) => [
      name,
      {
        columns: t.dtypes.map(([n, dtype]) => ({ name: n, kind: PANDAS_KINDS[dtype] ?? (`pandas ${dtype}` as Kind) })),
        rows: t.rows,
      },
    ]),
  );
}
