// The recipes of docs/load.md are the files of docs/recipes/, shown verbatim, and each recipe whose tool installs
// here runs as a file against a fresh build, in the layout it states: `out/`, or a release download (made by
// pipelines/release.ts from that build, its zips unpacked where they are, each into a folder of its own). The
// DuckDB ones run with the oldest and newest clients, polars with nodejs-polars, pandas (the release layouts; `out/`
// in conformance.test.ts) with Debian's python3-pandas. R and spreadsheets are not installable here. The release's
// datapackage.json files are read where they lie, by Frictionless JS, every path resolving to the file it describes.

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTableDef } from '../../pipelines/lib/schemas.ts';
import { builtRelease } from '../helpers/built-release.ts';
import { builtSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { ROOT } from '../helpers/project.ts';
import { sha256 } from '../../pipelines/lib/hash.ts';
import { CLIENTS, runClient, type ClientModule, type ClientRun, type Job } from './duckdb-clients.ts';
import { pandasMissing, PANDAS_RECIPE, readWithPandasRecipe, runPythonRecipe } from './pandas.ts';
import { frictionless } from './readers.ts';
import { csvKinds, expectedRead, publishedTables, type Read } from './shape.ts';

const RECIPES = path.join(ROOT, 'docs', 'recipes');
const recipe = (name: string) => readFileSync(path.join(RECIPES, name), 'utf8');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  repository: { url: string };
};
/** The folders a release's CSV and Arrow zips unpack to. */
const CSV_FOLDER = `${pkg.name}-${pkg.version}-csv`;
const ARROW_FOLDER = `${pkg.name}-${pkg.version}-arrow`;

let s: Sandbox;
/** A release download of the same build, with its zips unpacked where they are. */
let release: string;
/** The entries of each zip, and any entry that would have replaced a file already there. */
const entries = new Map<string, string[]>();
const collisions: string[] = [];
beforeAll(async () => {
  s = await builtSandbox();
  release = path.join(s.root, 'release');
  await builtRelease(s, release);
  for (const zip of readdirSync(release).filter((f) => f.endsWith('.zip'))) {
    const files = unzipSync(new Uint8Array(readFileSync(path.join(release, zip))));
    entries.set(zip, Object.keys(files));
    for (const [name, bytes] of Object.entries(files)) {
      if (existsSync(path.join(release, name))) collisions.push(`${zip}: ${name}`);
      mkdirSync(path.dirname(path.join(release, name)), { recursive: true });
      writeFileSync(path.join(release, name), bytes);
    }
  }
}, 300_000);
afterAll(() => s?.remove());
const layouts = () => [
  { layout: 'out/', dir: s.out },
  { layout: 'a release download', dir: release },
];

/** The CSV's values of some columns of a table, in the CSV's order: what a recipe's SELECT must give. */
function csvColumns(table: string, names: string[]): (string | null)[][] {
  const r = expectedRead(s.out, loadTableDef(`${table}.schema.json`));
  const idx = names.map((n) => r.columns.findIndex((c) => c.name === n));
  return r.rows.map((row) => idx.map((i) => row[i]!));
}

/** The recipe files. */
const recipeFiles = () => readdirSync(RECIPES);

it('docs/load.md shows every recipe of docs/recipes/ verbatim', () => {
  const page = readFileSync(path.join(ROOT, 'docs', 'load.md'), 'utf8');
  for (const f of recipeFiles())
    expect(page, f).toContain(`
${recipe(f)}\`\`\``);
});

/** What a recipe imports: Python's import and from, JavaScript's from '…', R's library(…). */
function imported(text: string): string[] {
  return [
    ...text.matchAll(
      /^\s*(?:import\s+([\w.]+)(?:\s+as\s+\w+)?\s*$|from\s+([\w.]+)\s+import)|from\s+'([^']+)'|library\((\w+)\)/gm,
    ),
  ].map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4])!.split('.')[0]!);
}

it('names no recipe after a package it imports (run as a file, it would import itself)', () => {
  expect(
    imported("import json\nimport pandas as pd\nfrom x.y import z\nimport pl from 'nodejs-polars';\nlibrary(arrow)"),
  ).toEqual(['json', 'pandas', 'x', 'nodejs-polars', 'arrow']);
  for (const f of recipeFiles()) {
    const name = path.basename(f, path.extname(f));
    expect(imported(recipe(f)), f).not.toContain(name);
  }
});

it('the release download unpacks to the layout the recipes name: tables at the top, each zip into a folder of its own', () => {
  expect(readdirSync(release)).toEqual(
    expect.arrayContaining([
      'large_model_ecosystem.duckdb',
      'datapackage.json',
      'models.parquet',
      'models.csv',
      CSV_FOLDER,
      ARROW_FOLDER,
    ]),
  );
  expect(readdirSync(path.join(release, CSV_FOLDER))).toEqual(
    expect.arrayContaining(['datapackage.json', 'models.csv', 'README.md', 'CITATION.cff']),
  );
  expect(readdirSync(path.join(release, ARROW_FOLDER))).toEqual(
    expect.arrayContaining(['cells.arrow', 'README.md', 'CITATION.cff']),
  );
});

it('unpacks both zips side by side with nothing replaced: every entry lies in the folder named after its zip', () => {
  expect([...entries.keys()].sort()).toEqual([`${ARROW_FOLDER}.zip`, `${CSV_FOLDER}.zip`]);
  for (const [zip, names] of entries)
    for (const n of names) expect(n.startsWith(`${zip.replace(/\.zip$/, '')}/`), `${zip}: ${n}`).toBe(true);
  expect(collisions).toEqual([]);
});

describe.each([
  ['the top of the release', ''],
  ["the CSV zip's folder", CSV_FOLDER],
])('datapackage.json at %s', (_, sub) => {
  const dir = () => path.join(release, sub);
  const pkgAt = () =>
    JSON.parse(readFileSync(path.join(dir(), 'datapackage.json'), 'utf8')) as {
      resources: {
        path: string;
        bytes: number;
        hash: string;
        alternates?: { path: string; bytes: number; hash: string }[];
      }[];
      database?: { path: string };
    };

  it('names only files that are there, with their bytes and SHA-256', () => {
    const p = pkgAt();
    for (const f of p.resources.flatMap((r) => [r, ...(r.alternates ?? [])])) {
      expect(existsSync(path.join(dir(), f.path)), f.path).toBe(true);
      expect(statSync(path.join(dir(), f.path)).size, f.path).toBe(f.bytes);
      expect(`sha256:${sha256(readFileSync(path.join(dir(), f.path)))}`, f.path).toBe(f.hash);
    }
    if (p.database) expect(existsSync(path.join(dir(), p.database.path))).toBe(true);
    expect(p.database !== undefined).toBe(sub === '');
  });

  it('is read by Frictionless JS with every resource, each table as built', async () => {
    const f = await frictionless(dir());
    expect(f.errors).toEqual([]);
    expect(f.valid).toBe(true);
    const defs = publishedTables(s.out);
    expect([...f.tables.keys()].sort()).toEqual(defs.map((d) => d.name).sort());
    for (const def of defs) expect(f.tables.get(def.name), def.name).toEqual(csvKinds(expectedRead(s.out, def)));
  });
});

/** The recipe as a client runs it: DuckDB 1.1 with the line its comment says it needs. */
const attachRecipe = (module: ClientModule) =>
  module === 'duckdb-node-api-1-1'
    ? recipe('duckdb-attach.sql').replace('-- DuckDB 1.1 only: ', '')
    : recipe('duckdb-attach.sql');
const releaseBase = `${pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')}/releases/download/v${pkg.version}/`;
/** The https recipe reading the release download in place of its release URL (httpfs is not installed here). */
const httpsRecipeHere = () =>
  recipe('duckdb-parquet-https.sql').replace('INSTALL httpfs; LOAD httpfs;\n', '').replace(releaseBase, `${release}/`);

/**
 * Every recipe a client runs below, in one child process a client (not one a recipe, each loading DuckDB afresh),
 * each recipe in a session of its own from its folder. Run when a test first asks.
 */
const clientRuns = new Map<ClientModule, ClientRun>();
function clientRun(module: ClientModule): ClientRun {
  const run = clientRuns.get(module) ?? runClient(module, recipeJobs(module));
  clientRuns.set(module, run);
  return run;
}
function recipeJobs(module: ClientModule): Record<string, Job> {
  const jobs: Record<string, Job> = { https: { kind: 'script', cwd: release, sql: httpsRecipeHere() } };
  for (const { layout, dir } of layouts()) {
    const file = recipe('duckdb-file.sql');
    jobs[`file ${layout}`] = { kind: 'script', cwd: dir, sql: file, open: 'large_model_ecosystem.duckdb' };
    jobs[`attach ${layout}`] = { kind: 'script', cwd: dir, sql: attachRecipe(module) };
  }
  return jobs;
}

describe.each(CLIENTS)('$name runs the DuckDB recipes', ({ module, version }) => {
  // Both recipes say they work in out/ and in a release download.
  it.each(['out/', 'a release download'])('local file, in %s', (layout) => {
    expect(recipe('duckdb-file.sql')).toContain('In out/ or a release download');
    const r = clientRun(module).script(`file ${layout}`);
    expect(r.version).toBe(version);
    const [models, flagged] = r.results;
    expect(models!.rows).toEqual(csvColumns('models', ['model', 'model_en', 'parameters', 'parameters_kind']));
    expect(flagged!.rows.length).toBeGreaterThan(0);
  });

  it.each(['out/', 'a release download'])('ATTACH under an alias, in %s', (layout) => {
    expect(recipe('duckdb-attach.sql')).toContain('In out/ or a release download');
    // The recipe's comment says what DuckDB 1.1 needs; the test runs exactly that (attachRecipe).
    const rows = clientRun(module).script(`attach ${layout}`).results.at(-1)!.rows;
    expect(rows.map((row) => row[0])).toEqual(csvColumns('models', ['model_en']).map((row) => row[0]));
    expect(rows.every((row) => row[1] !== null && row[2] !== null)).toBe(true);
  });

  it('Parquet over https (its release URL; read here from the release download, as httpfs is not installed)', () => {
    expect(recipe('duckdb-parquet-https.sql')).toContain(releaseBase);
    const r = clientRun(module).script('https');
    expect(r.results[0]!.rows).toEqual(csvColumns('models', ['model', 'model_en', 'parameters', 'parameters_kind']));
  });
});

/** The polars recipe as written (out/), or with its release-download paths in place of those of out/. */
function polarsRecipe(layout: string): string {
  const text = recipe('load_with_polars.mjs');
  const outLine = /^const \[parquet, arrow, csv\] = .*\n/m;
  const releaseLine = /^\/\/ (const \[parquet, arrow, csv\] = .*\n)/m;
  expect(text).toMatch(outLine);
  expect(text).toMatch(releaseLine);
  expect(text.match(releaseLine)![1]).toContain(`'${ARROW_FOLDER}/'`);
  return layout === 'out/' ? text : text.replace(outLine, '').replace(releaseLine, '$1');
}

it.each(['out/', 'a release download'])('nodejs-polars runs the polars recipe, in %s', (layout) => {
  // The recipe runs as a module in the sandbox, beside a link to this project's node_modules, from the layout's folder.
  const link = path.join(s.root, 'node_modules');
  if (!readdirSync(s.root).includes('node_modules')) symlinkSync(path.join(ROOT, 'node_modules'), link);
  const script = path.join(s.root, `polars-recipe-${layout === 'out/' ? 'out' : 'release'}.mjs`);
  writeFileSync(
    script,
    `${polarsRecipe(layout)}
const shape = (df) => {
  const values = df.columns.map((n) => df.getColumn(n).toArray());
  return { columns: df.columns.map((n) => ({ name: n, kind: df.getColumn(n).dtype.variant })),
    rows: Array.from({ length: df.height }, (_, r) => values.map((v) => (v[r] === null || v[r] === undefined ? null : String(v[r])))) };
};
process.stdout.write(JSON.stringify({ models: shape(models), cells: shape(cells), country_policies: shape(policies) }));
`,
  );
  const r = spawnSync(process.execPath, [script], {
    cwd: layouts().find((l) => l.layout === layout)!.dir,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  expect(r.stderr).toBe('');
  const got = JSON.parse(r.stdout) as Record<string, Read>;
  const kinds: Record<string, string> = {
    String: 'string',
    Int64: 'integer',
    Float64: 'number',
    Bool: 'boolean',
    Categorical: 'enum',
  };
  const polarsRead = (t: string): Read => ({
    ...got[t]!,
    columns: got[t]!.columns.map((c) => ({ name: c.name, kind: kinds[c.kind] as Read['columns'][number]['kind'] })),
  });
  expect(polarsRead('models')).toEqual(expectedRead(s.out, loadTableDef('models.schema.json')));
  expect(polarsRead('cells')).toEqual(expectedRead(s.out, loadTableDef('cells.schema.json')));
  expect(polarsRead('country_policies')).toEqual(
    csvKinds(expectedRead(s.out, loadTableDef('country_policies.schema.json'))),
  );
});

describe('pandas', () => {
  const missing = pandasMissing();
  // Locally a missing pandas skips with one line saying how to install it; under CI it fails.
  if (missing && !process.env.CI) console.warn(`pandas recipe in a release download skipped: ${missing}`);
  const run = it.skipIf(missing !== undefined && !process.env.CI);
  run.each([
    ['at the top of a release download', ''],
    ["in the folder a release's CSV zip unpacks to", CSV_FOLDER],
  ])('runs the pandas recipe as a file, %s', (_, sub) => {
    if (missing) throw new Error(missing);
    expect(recipe('load_with_pandas.py')).toContain(`(${CSV_FOLDER}/)`);
    const read = readWithPandasRecipe(path.join(release, sub));
    for (const def of publishedTables(s.out))
      expect(read.get(def.name), `${def.name}.csv via pandas`).toEqual(expectedRead(s.out, def));
  });

  run('would fail, run as a file, under the name pandas.py (it imported itself: the defect of the old name)', () => {
    if (missing) throw new Error(missing);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-shadow-'));
    try {
      const shadowing = path.join(dir, 'pandas.py');
      writeFileSync(shadowing, readFileSync(PANDAS_RECIPE));
      const r = runPythonRecipe(shadowing, '', release);
      expect(r.status).not.toBe(0);
      expect(String(r.stderr)).toContain("partially initialized module 'pandas'");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('the R recipe names files that exist in each layout it gives', () => {
  // R does not install here; what can be checked is that its two sets of paths name files of their layouts.
  const text = recipe('load_with_arrow.R');
  const dirs = [...text.matchAll(/^(?:# )?dirs <- c\(parquet = "([^"]*)", arrow = "([^"]*)"\)$/gm)].map((m) => ({
    parquet: m[1]!,
    arrow: m[2]!,
  }));
  expect(dirs).toHaveLength(2);
  for (const [i, { parquet, arrow }] of dirs.entries()) {
    const { dir } = layouts()[i]!;
    expect(readdirSync(path.join(dir, parquet || '.')), `${dir}: ${parquet}`).toContain('models.parquet');
    expect(readdirSync(path.join(dir, arrow)), `${dir}: ${arrow}`).toContain('cells.arrow');
  }
});
