// The example queries of queries/ give their expected results (tests/golden/queries/, checked by hand): each in
// process, through the SQL runner's library (its query and its CSV printing), and one through the SQL runner as users
// call it, which prints the same; and the runner's error and output contracts.

import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../pipelines/lib/paths.ts';
import { csvLines } from '../../pipelines/lib/sql/format.ts';
import { query } from '../../pipelines/lib/sql/run.ts';
import { pipeline } from '../helpers/commands.ts';
import { builtSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { GOLDEN, ROOT } from '../helpers/project.ts';

let s: Sandbox;
beforeAll(async () => {
  s = await builtSandbox();
});
afterAll(() => s.remove());

const sql = (...args: string[]) => pipeline('sql.ts', ['--db', path.join(s.out, DATABASE_FILE), ...args]).nothrow();

const queries = readdirSync(path.join(ROOT, 'queries'))
  .filter((f) => f.endsWith('.sql'))
  .sort();

const golden = (file: string) => readFileSync(path.join(GOLDEN, 'queries', file.replace(/\.sql$/, '.csv')), 'utf8');

describe.each(queries)('queries/%s', (file) => {
  it('gives its expected result', async () => {
    const sqlText = readFileSync(path.join(ROOT, 'queries', file), 'utf8');
    const r = await query(realpathSync(path.join(s.out, DATABASE_FILE)), sqlText);
    expect([...csvLines(r)].join('')).toBe(golden(file));
  });
});

it('gives the expected result of a query of queries/ through the SQL runner as users call it (-f, --csv)', async () => {
  expect(queries).toContain('largest_models.sql');
  const r = await sql('--csv', '-f', path.join(ROOT, 'queries', 'largest_models.sql'));
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toBe(golden('largest_models.sql'));
});

describe('the SQL runner', () => {
  it('prints an aligned table, wide characters counted twice', async () => {
    const r = await sql('SELECT model, parameters FROM models WHERE row_no IN (1, 7) ORDER BY row_no');
    expect(r.stdout).toBe(
      [
        '┌──────────┬──────────────┐',
        '│ model    │   parameters │',
        '├──────────┼──────────────┤',
        '│ GPT-3    │ 175000000000 │',
        '│ 讯飞星火 │ 100000000000 │',
        '└──────────┴──────────────┘',
        '(2 rows)',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON with exact integers', async () => {
    const r = await sql('--json', "SELECT model_id, parameters FROM models WHERE model_id = 'tongyi-qianwen'");
    expect(r.stdout).toBe('[\n  {"model_id": "tongyi-qianwen", "parameters": 100000000000000}\n]\n');
    expect(JSON.parse(r.stdout)).toEqual([{ model_id: 'tongyi-qianwen', parameters: 1e14 }]);
  });

  it("prints DuckDB's message and exits non-zero on a query error", async () => {
    const r = await sql('SELECT nope FROM models');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('Binder Error');
    expect(r.stdout).toBe('');
  });

  it('opens the database read-only', async () => {
    const r = await sql('DELETE FROM models');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/read-only/);
  });
});
