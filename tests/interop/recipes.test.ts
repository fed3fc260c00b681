// The README's "Load it" recipes are the files of docs/recipes/, shown verbatim, and each recipe whose tool
// installs here runs against a fresh build: the DuckDB ones with the oldest and newest clients, polars with
// nodejs-polars. (pandas runs in conformance.test.ts; R and spreadsheets are not installable here.)

import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTableDef } from '../../pipelines/lib/schemas.ts';
import { build, sandbox, type Sandbox } from '../helpers/sandbox.ts';
import { ROOT } from '../helpers/project.ts';
import { CLIENTS, runDuckDBScript } from './duckdb-clients.ts';
import { csvKinds, expectedRead, type Read } from './shape.ts';

const RECIPES = path.join(ROOT, 'docs', 'recipes');
const recipe = (name: string) => readFileSync(path.join(RECIPES, name), 'utf8');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; repository: { url: string } };

let s: Sandbox;
beforeAll(async () => { s = sandbox(); await build(s); }, 120_000);
afterAll(() => s?.remove());

/** The CSV's values of some columns of a table, in the CSV's order: what a recipe's SELECT must give. */
function csvColumns(table: string, names: string[]): (string | null)[][] {
  const r = expectedRead(s.out, loadTableDef(`${table}.schema.json`));
  const idx = names.map((n) => r.columns.findIndex((c) => c.name === n));
  return r.rows.map((row) => idx.map((i) => row[i]!));
}

it('README shows every recipe of docs/recipes/ verbatim, in a "Load it" section', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Load it'));
  expect(readme).toContain('## Load it');
  for (const f of readdirSync(RECIPES)) expect(section, f).toContain(`\n${recipe(f)}\`\`\``);
});

describe.each(CLIENTS)('$name runs the DuckDB recipes', ({ module, version }) => {
  it('local file', () => {
    const r = runDuckDBScript(module, s.out, recipe('duckdb-file.sql'), 'large_model_ecosystem.duckdb');
    expect(r.version).toBe(version);
    const [models, flagged] = r.results;
    expect(models!.rows).toEqual(csvColumns('models', ['model', 'model_en', 'parameters', 'parameters_kind']));
    expect(flagged!.rows.length).toBeGreaterThan(0);
  });

  it('ATTACH under an alias', () => {
    // The recipe's comment says what DuckDB 1.1 needs; the test runs exactly that.
    const sql = module === 'duckdb-node-api-1-1' ? recipe('duckdb-attach.sql').replace('-- DuckDB 1.1 only: ', '') : recipe('duckdb-attach.sql');
    const r = runDuckDBScript(module, s.out, sql);
    const rows = r.results.at(-1)!.rows;
    expect(rows.map((row) => row[0])).toEqual(csvColumns('models', ['model_en']).map((row) => row[0]));
    expect(rows.every((row) => row[1] !== null && row[2] !== null)).toBe(true);
  });

  it('Parquet over https (its release URL; read here from the local copy, as httpfs is not installed)', () => {
    const sql = recipe('duckdb-parquet-https.sql');
    const base = `${pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')}/releases/download/v${pkg.version}/`;
    expect(sql).toContain(base);
    const local = sql.replace('INSTALL httpfs; LOAD httpfs;\n', '').replace(base, `${s.out}/parquet/`);
    const r = runDuckDBScript(module, s.out, local);
    expect(r.results[0]!.rows).toEqual(csvColumns('models', ['model', 'model_en', 'parameters', 'parameters_kind']));
  });
});

it('nodejs-polars runs the polars recipe', () => {
  // The recipe runs as a module in the sandbox, beside a link to this project's node_modules, from out/.
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(s.root, 'node_modules'));
  const script = path.join(s.root, 'polars-recipe.mjs');
  writeFileSync(script, `${recipe('polars.mjs')}
const shape = (df) => {
  const values = df.columns.map((n) => df.getColumn(n).toArray());
  return { columns: df.columns.map((n) => ({ name: n, kind: df.getColumn(n).dtype.variant })),
    rows: Array.from({ length: df.height }, (_, r) => values.map((v) => (v[r] === null || v[r] === undefined ? null : String(v[r])))) };
};
process.stdout.write(JSON.stringify({ models: shape(models), cells: shape(cells), country_policies: shape(policies) }));
`);
  const r = spawnSync(process.execPath, [script], { cwd: s.out, encoding: 'utf8', maxBuffer: 1 << 28 });
  expect(r.stderr).toBe('');
  const got = JSON.parse(r.stdout) as Record<string, Read>;
  const kinds: Record<string, string> = { String: 'string', Int64: 'integer', Float64: 'number', Bool: 'boolean', Categorical: 'enum' };
  const polarsRead = (t: string): Read => ({ ...got[t]!, columns: got[t]!.columns.map((c) => ({ name: c.name, kind: kinds[c.kind] as Read['columns'][number]['kind'] })) });
  expect(polarsRead('models')).toEqual(expectedRead(s.out, loadTableDef('models.schema.json')));
  expect(polarsRead('cells')).toEqual(expectedRead(s.out, loadTableDef('cells.schema.json')));
  expect(polarsRead('country_policies')).toEqual(csvKinds(expectedRead(s.out, loadTableDef('country_policies.schema.json'))));
});
