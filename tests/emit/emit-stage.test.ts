// The emit stage (pipelines/stages/emit.ts) in process on a tiny dataset of every table (no build): every file of
// every table, derived ones included, in the folder; datapackage.json states each file's true bytes and hash and
// the package's information; the database holds every table; the progress lines count what was written; a failpoint
// after the database or the CSV files stops the stage there; the rows kept or let go as asked; a full disk while the
// metadata is written names its file.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { timings } from '../../pipelines/lib/cli.ts';
import { environmentProblem } from '../../pipelines/lib/environment.ts';
import { emit, type EmitInfo } from '../../pipelines/stages/emit.ts';
import { DATABASE_FILE } from '../../pipelines/lib/paths.ts';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { canon, fromCsv, fromDuckDB, fromParquet, fromTableData, withDuckDB } from '../helpers/formats.ts';
import { openFiles, tinyDataset } from '../helpers/tiny-dataset.ts';
import { rejection } from '../helpers/rejection.ts';

process.env.LME_QUIET = '1';
const defs = loadTableDefs();
const root = mkdtempSync(path.join(os.tmpdir(), 'lme-emit-'));
const out = path.join(root, 'out');
const info: EmitInfo = {
  package: {
    name: 'pkg',
    id: 'https://example.org/v9.9.9',
    title: 'Title',
    description: 'About.',
    version: '9.9.9',
    created: '2026-01-26T00:00:00Z',
    homepage: 'https://example.org/',
    keywords: ['k'],
    contributors: [{ title: 'Us', path: 'https://example.org/', roles: ['creator'] }],
    licence: { name: 'CC-BY-4.0', path: 'https://example.org/by', title: 'CC BY' },
    attribution: 'A.\nB.',
    sources: [
      {
        title: 'Paper',
        path: 'https://doi.org/x',
        licence: { name: 'CC-BY-4.0', path: 'https://example.org/by', title: 'CC BY' },
      },
    ],
  },
  licenceId: 'CC-BY-4.0',
  licenceUrl: 'https://example.org/by',
  attributions: ['A.', 'B.'],
};
const dataset = tinyDataset(defs);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files = (sub: string) => readdirSync(path.join(out, sub)).sort();

/** What the emit stage must have written, each check a function of its progress lines. */
const CHECKS: ((progress: { stage: string; detail: string }[]) => Promise<void> | void)[] = [
  // the CSV, Arrow and Parquet file of every table, derived ones too, the database and datapackage.json
  () => {
    const names = defs.map((d) => d.name).sort();
    expect(files('.')).toEqual(['arrow', 'croissant.json', 'csv', 'datapackage.json', DATABASE_FILE, 'parquet']);
    for (const ext of ['csv', 'arrow', 'parquet']) expect(files(ext)).toEqual(names.map((n) => `${n}.${ext}`));
  },
  // every table's rows in its order in Arrow, Parquet, CSV and the database; the derived table's as DuckDB
  // computed and stored them, also kept in the dataset as read back
  async () => {
    for (const d of defs) {
      const expected = d.derivedFrom ? await fromDuckDB(out, d) : fromTableData(dataset.get(d.name)!, [2, 1, 0]);
      expect(expected.length, d.name).toBe(3);
      const arrow = tableFromIPC(readFileSync(path.join(out, 'arrow', `${d.name}.arrow`)));
      const rows = Array.from({ length: arrow.numRows }, (_, r) =>
        d.columns.map((c) => canon(arrow.getChild(c.name)!.get(r))),
      );
      expect(rows, d.name).toEqual(expected);
      expect(await fromParquet(out, d), d.name).toEqual(expected);
      expect(fromCsv(out, d), d.name).toEqual(expected);
      expect(await fromDuckDB(out, d), d.name).toEqual(expected);
      expect(arrow.schema.metadata.get('attribution'), d.name).toBe('A.\nB.');
      const csv = readFileSync(path.join(out, 'csv', `${d.name}.csv`), 'utf8');
      expect(csv.startsWith(`${d.columns.map((c) => c.name).join(',')}\n`), d.name).toBe(true);
      if (d.derivedFrom) expect(fromTableData(dataset.get(d.name)!, [0, 1, 2]), d.name).toEqual(expected);
    }
  },
  // datapackage.json: the bytes and SHA-256 of every file, and the package's information
  () => {
    const text = readFileSync(path.join(out, 'datapackage.json'), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    const pkg = JSON.parse(text);
    expect([pkg.name, pkg.version, pkg.licenses, pkg.attribution, pkg.database.path]).toEqual([
      'pkg',
      '9.9.9',
      [info.package.licence],
      'A.\nB.',
      DATABASE_FILE,
    ]);
    expect(pkg.resources.map((r: { name: string }) => r.name)).toEqual(defs.map((d) => d.name));
    for (const r of pkg.resources) {
      expect([r.path, ...r.alternates.map((a: { path: string }) => a.path)]).toEqual([
        `csv/${r.name}.csv`,
        `parquet/${r.name}.parquet`,
        `arrow/${r.name}.arrow`,
      ]);
      for (const f of [r, ...r.alternates]) {
        const bytes = readFileSync(path.join(out, f.path));
        expect([f.bytes, f.hash], f.path).toEqual([
          bytes.byteLength,
          `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
        ]);
      }
    }
  },
  // every table in the database, with the licence and attribution
  async () => {
    await withDuckDB(path.join(out, DATABASE_FILE), async (q) => {
      expect(await q(`SELECT table_name, estimated_size::INTEGER FROM duckdb_tables() ORDER BY table_name`)).toEqual(
        defs.map((d) => [d.name, 3]).sort(),
      );
      expect(await q('SELECT licence, attribution FROM about')).toEqual([['CC-BY-4.0', 'A.\nB.']]);
    });
  },
  // progress lines that count what was written
  (progress) => {
    expect(progress.map((p) => p.stage)).toEqual(['files', 'duckdb', 'derived', 'package']);
    const loaded = defs.filter((d) => !d.derivedFrom);
    expect(progress.map((p) => p.detail)).toEqual([
      `${loaded.length} tables as Arrow IPC, Parquet (zstd) and CSV`,
      `${defs.length} tables with their keys and comments, ${defs.length - loaded.length} derived table computed`,
      `${defs.length - loaded.length} table read back as Arrow IPC, Parquet and CSV; ${3 * defs.length} rows in all`,
      `datapackage.json with ${defs.length * 3} files hashed`,
    ]);
  },
];

// One test emits and checks everything: Stryker's per-test coverage counts only what runs inside a test (not in
// beforeAll), and runs for a mutant only the tests that reached it.
it('writes every file of every table, the database and datapackage.json with their hashes, and says so', async () => {
  const from = timings.length;
  const files = openFiles(out);
  await emit(dataset, defs, out, info);
  expect(openFiles(out), 'the database closed once written').toBe(files);
  const progress = timings.slice(from).map(({ stage, detail }) => ({ stage, detail }));
  for (const check of CHECKS) await check(progress);
}, 60_000);

describe('a failpoint', () => {
  // The tables read from the sources have their files before the database; the derived tables theirs after it,
  // read back from it; datapackage.json comes last.
  const derivedCsv = defs.filter((d) => d.derivedFrom).map((d) => `csv/${d.name}.csv`);
  for (const [point, written, notYet] of [
    ['after-duckdb', [DATABASE_FILE, 'csv/models.csv'], [...derivedCsv, 'datapackage.json']],
    ['after-csv', derivedCsv, ['datapackage.json']],
  ] as const) {
    it(`${point} stops the stage after its step`, async () => {
      const dir = path.join(root, point);
      process.env.LME_FAILPOINT = point;
      try {
        expect((await rejection(emit(tinyDataset(defs), defs, dir, info))).message).toContain(`failpoint ${point}`);
      } finally {
        delete process.env.LME_FAILPOINT;
      }
      for (const f of written) expect(existsSync(path.join(dir, f)), f).toBe(true);
      for (const f of notYet) expect(existsSync(path.join(dir, f)), f).toBe(false);
    }, 60_000);
  }
});

it("lets each table's rows go once its files are written when the caller keeps none, and writes the same files", async () => {
  const dir = path.join(root, 'rows-let-go');
  const given = tinyDataset(defs);
  await emit(given, defs, dir, info, { keepRows: false });
  expect([...given.keys()], 'only the derived tables, left as they were given (empty)').toEqual(
    defs.filter((d) => d.derivedFrom).map((d) => d.name),
  );
  for (const d of defs.filter((x) => x.derivedFrom))
    expect(given.get(d.name)!.rowCount, `${d.name}: its rows read back are not kept`).toBe(0);
  for (const sub of ['csv', 'arrow', 'parquet']) {
    for (const f of readdirSync(path.join(out, sub))) {
      expect(readFileSync(path.join(dir, sub, f)).equals(readFileSync(path.join(out, sub, f))), `${sub}/${f}`).toBe(
        true,
      );
    }
  }
  expect(readFileSync(path.join(dir, 'datapackage.json'), 'utf8')).toBe(
    readFileSync(path.join(out, 'datapackage.json'), 'utf8'),
  );
}, 60_000);

// Node's writeFileSync reports a write that fails after the open with no path, and the metadata is written while
// DuckDB checkpoints, so a disk filling up during a build often fails there first: the message said "(unknown path)".
// /dev/full takes the file but refuses every byte (ENOSPC), as a full disk does.
for (const file of ['datapackage.json', 'croissant.json'])
  it(`names ${file} when the disk is full as it is written`, async () => {
    const dir = path.join(root, `full-${file}`);
    mkdirSync(dir);
    symlinkSync('/dev/full', path.join(dir, file));
    const p = environmentProblem(await rejection(emit(tinyDataset(defs), defs, dir, info)));
    expect(p?.message).toContain('the disk is full (ENOSPC)');
    expect(p?.where).toEqual({ file: path.join(dir, file) });
  });
