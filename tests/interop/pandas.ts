// pandas from Debian's python3-pandas (/usr/bin/python3; the python3 on PATH may be another one without it),
// running the README's recipe, docs/recipes/pandas.py, through tests/interop/pandas_dump.py.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../helpers/project.ts';
import type { Kind, Read } from './shape.ts';

export const PYTHON = process.env['LME_PYTHON'] ?? '/usr/bin/python3';
export const PANDAS_RECIPE = path.join(ROOT, 'docs', 'recipes', 'pandas.py');

/** Why pandas cannot run here, in one line with the cure; undefined when it can. */
export function pandasMissing(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import pandas'], { encoding: 'utf8' });
  if (r.status === 0) return undefined;
  return `${PYTHON} cannot import pandas; install it with .ci/install-test-tools (Debian's python3-pandas)`;
}

const PANDAS_KINDS: Record<string, Kind> = { string: 'string', Int64: 'integer', float64: 'number', Float64: 'number', boolean: 'boolean', category: 'enum' };

/** Every table of the build in `out`, as the pandas recipe reads it. */
export function readWithPandasRecipe(out: string): Map<string, Read> {
  const r = spawnSync(PYTHON, [path.join(ROOT, 'tests', 'interop', 'pandas_dump.py'), PANDAS_RECIPE], { cwd: out, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`the pandas recipe failed:\n${r.stderr}`);
  const tables = JSON.parse(r.stdout) as Record<string, { dtypes: [string, string][]; rows: (string | null)[][] }>;
  return new Map(Object.entries(tables).map(([name, t]) => [name, {
    columns: t.dtypes.map(([n, dtype]) => ({ name: n, kind: PANDAS_KINDS[dtype] ?? (`pandas ${dtype}` as Kind) })),
    rows: t.rows,
  }]));
}
