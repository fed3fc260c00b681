// make release: every artifact, checksums that verify, a bundle README with citation, licence and attribution,
// and reproducible archives (two runs, and two clean builds, give the same bytes).

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSha256sums } from '../../pipelines/lib/release/checksums.ts';
import { unreleasedEntries } from '../../pipelines/lib/release/texts.ts';
import { sha256 } from '../../pipelines/lib/hash.ts';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { readOutputTable } from '../../pipelines/lib/read-output.ts';
import { pipeline } from '../helpers/commands.ts';
import { build, builtSandbox, sandbox, type Sandbox } from '../helpers/sandbox.ts';
import { ROOT } from '../helpers/project.ts';

const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
const release = (out: string, dist: string, ...extra: string[]) =>
  pipeline('release.ts', ['--out', out, '--dist', dist, ...extra]);

let a: Sandbox;
let b: Sandbox;
/** What the first release said on stderr (its warnings). */
let firstStderr: string;
beforeAll(async () => {
  // Two clean builds: the run's shared one (tests/helpers/built-out.ts) and one of b's own.
  a = await builtSandbox();
  b = sandbox();
  await build(b);
  // The second release of a's build is asked for package.json's version as the workflow gives it (VERSION=v…):
  // it must be taken, and change no byte.
  for (const [s, dist, extra] of [
    [a, 'dist1', []],
    [a, 'dist2', ['--version', `v${version}`]],
    [b, 'dist', []],
  ] as const) {
    const r = await release(s.out, path.join(s.root, dist), ...extra);
    firstStderr ??= r.stderr;
  }
});
afterAll(() => {
  a.remove();
  b.remove();
});

const dist = (s: Sandbox, d = 'dist1') => path.join(s.root, d);

it('writes every artifact: each table as CSV, Parquet and JSON at the top, the archives, the database and the texts', () => {
  const tables = loadTableDefs().flatMap((d) => [`${d.name}.csv`, `${d.name}.parquet`, `${d.name}.json`]);
  expect(readdirSync(dist(a)).sort()).toEqual(
    [
      'CITATION.cff',
      'README.md',
      'RELEASE_NOTES.md',
      'SHA256SUMS',
      'croissant.json',
      'datapackage.json',
      `large-model-ecosystem-${version}-arrow.zip`,
      `large-model-ecosystem-${version}-csv.zip`,
      'large_model_ecosystem.duckdb',
      ...tables,
    ].sort(),
  );
});

it('lists every other file in SHA256SUMS with its true hash', () => {
  const sums = parseSha256sums(readFileSync(path.join(dist(a), 'SHA256SUMS'), 'utf8'));
  const files = readdirSync(dist(a)).filter((f) => f !== 'SHA256SUMS');
  expect([...sums.keys()].sort()).toEqual(files.sort());
  for (const f of files) expect(sums.get(f), f).toBe(sha256(readFileSync(path.join(dist(a), f))));
});

it('gives the same bytes on a second run (given VERSION=v<its version>)', () => {
  for (const f of readdirSync(dist(a)))
    expect(readFileSync(path.join(dist(a), f)).equals(readFileSync(path.join(dist(a, 'dist2'), f))), f).toBe(true);
});

it('gives the same archives and Parquet files from two clean builds (the DuckDB file is compared by content elsewhere)', () => {
  for (const f of readdirSync(dist(a)).filter(
    (x) => !['large_model_ecosystem.duckdb', 'SHA256SUMS', 'croissant.json'].includes(x),
  )) {
    expect(readFileSync(path.join(dist(a), f)).equals(readFileSync(path.join(dist(b, 'dist'), f))), f).toBe(true);
  }
  // croissant.json states the database's SHA-256, which differs from build to build; nothing else in it does.
  const croissant = (s: Sandbox, d: string) => {
    const doc = JSON.parse(readFileSync(path.join(dist(s, d), 'croissant.json'), 'utf8'));
    return {
      ...doc,
      distribution: doc.distribution.filter((f: { name: string }) => f.name !== 'large_model_ecosystem.duckdb'),
    };
  };
  expect(croissant(a, 'dist1')).toEqual(croissant(b, 'dist'));
});

it('makes zips with sorted entries, one fixed time, and no extra fields', () => {
  const zip = readFileSync(path.join(dist(a), `large-model-ecosystem-${version}-csv.zip`));
  const names: string[] = [];
  for (let i = 0; i + 30 < zip.length; i++) {
    if (zip.readUInt32LE(i) !== 0x04034b50) continue; // local file header
    expect(zip.readUInt16LE(i + 10)).toBe(0); // DOS time 00:00:00
    expect(zip.readUInt16LE(i + 12)).toBe((0 << 9) | (1 << 5) | 1); // DOS date 1980-01-01
    const nameLength = zip.readUInt16LE(i + 26);
    expect(zip.readUInt16LE(i + 28)).toBe(0); // no extra field (no owner, no timestamps)
    names.push(zip.subarray(i + 30, i + 30 + nameLength).toString('utf8'));
  }
  expect(names.length).toBeGreaterThan(9);
  expect(names).toEqual([...names].sort());
  const entries = Object.keys(unzipSync(new Uint8Array(zip)));
  expect(entries).toContain(`large-model-ecosystem-${version}-csv/models.csv`);
  expect(entries).toContain(`large-model-ecosystem-${version}-csv/datapackage.json`);
  expect(entries).toContain(`large-model-ecosystem-${version}-csv/README.md`);
});

it('puts citation, licence and attribution in the bundle README and the notes', () => {
  const readme = readFileSync(path.join(dist(a), 'README.md'), 'utf8');
  const attribution = JSON.parse(readFileSync(path.join(ROOT, 'sources', 'chang2024', 'source.json'), 'utf8'))
    .attribution as string;
  expect(readme).toContain(`> ${attribution}`);
  expect(readme).toContain('CC BY 4.0');
  expect(readme).toContain('## Cite');
  expect(readme).toContain(`/releases/download/v${version}/models.parquet`);
  const notes = readFileSync(path.join(dist(a), 'RELEASE_NOTES.md'), 'utf8');
  expect(notes).toContain(`# large-model-ecosystem v${version}`);
  expect(notes).toContain(`> ${attribution}`);
  expect(notes).toContain('sha256sum -c SHA256SUMS');
});

it('includes the diff against the previous release in the notes when BASE is given', async () => {
  const d = path.join(a.root, 'dist-with-base');
  await release(a.out, d, '--base', dist(b, 'dist'));
  const notes = readFileSync(path.join(d, 'RELEASE_NOTES.md'), 'utf8');
  expect(notes).toContain('## Changes in the data since the previous release');
  // The base is a release of the same data, read from its CSV zip (whose folder is <name>-<version>-csv/): no change.
  expect(notes).toContain('No differences between');
});

it("releases an out/ that holds the explorer too (make test builds out/site/ before the workflow's make release): the same bytes", async () => {
  const site = [path.join(a.out, 'site'), path.join(a.out, `site.staging-${process.pid}`)];
  try {
    for (const f of site) {
      mkdirSync(path.join(f, 'assets'), { recursive: true });
      writeFileSync(path.join(f, 'assets', 'main.js'), 'explorer\n');
    }
    const d = path.join(a.root, 'dist-with-site');
    // VERSION without its v is taken too.
    expect((await release(a.out, d, '--version', version)).exitCode).toBe(0);
    expect(readdirSync(d).sort()).toEqual(readdirSync(dist(a)).sort());
    for (const f of readdirSync(d))
      expect(readFileSync(path.join(d, f)).equals(readFileSync(path.join(dist(a), f))), f).toBe(true);
    // Anything else added to out/ is still refused (misuse.test.ts has the rest): here a file named like the explorer.
    writeFileSync(path.join(a.out, 'site.html'), 'not the explorer\n');
    const r = await release(a.out, path.join(a.root, 'dist-refused')).nothrow();
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('site.html: is not part of the build (datapackage.json does not list it)');
  } finally {
    for (const f of [...site, path.join(a.out, 'site.html')]) rmSync(f, { recursive: true, force: true });
  }
});

it('writes each table as JSON with the rows of its CSV, in its order, integers exact', () => {
  for (const d of loadTableDefs()) {
    const rows = JSON.parse(readFileSync(path.join(dist(a), `${d.name}.json`), 'utf8')) as Record<string, unknown>[];
    const csv = readOutputTable(a.out, d);
    expect(rows.length, d.name).toBe(csv.rowCount);
    for (const row of rows) expect(Object.keys(row), d.name).toEqual(d.columns.map((c) => c.name));
    const key = d.primaryKey;
    expect(
      rows.map((row) => key.map((k) => String(row[k])).join('|')),
      d.name,
    ).toEqual(Array.from({ length: csv.rowCount }, (_, r) => key.map((k) => String(csv.column(k)[r])).join('|')));
  }
  const models = JSON.parse(readFileSync(path.join(dist(a), 'models.json'), 'utf8')) as Record<string, unknown>[];
  expect(models[0]).toMatchObject({ row_no: 1, model: 'GPT-3', parameters: 175_000_000_000 });
});

it('counts the notes from the data in the release notes, the same numbers the README gives', () => {
  const notes = readFileSync(path.join(dist(a), 'RELEASE_NOTES.md'), 'utf8');
  const rows = (t: string) =>
    readFileSync(path.join(a.out, 'csv', `${t}.csv`), 'utf8')
      .trimEnd()
      .split('\n').length - 1;
  expect(notes).toContain('## Contents (counted from the data of this release)');
  expect(notes).toContain(`| annotations | ${rows('annotations')} |`);
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const summary = /The dataset keeps every value as the paper prints it\. (\d+) annotations[^\n]*/.exec(notes)![0];
  expect(readme).toContain(summary);
});

// The one that is package.json's, with or without its v, is taken: the releases of dist2 and dist-with-site above.
it("refuses a VERSION that is not package.json's, writing nothing", async () => {
  const r = await release(a.out, path.join(a.root, 'dist-v9'), '--version', 'v9.9.9').nothrow();
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toContain(`is ${version}, but VERSION=v9.9.9 was asked for`);
  expect(readdirSync(a.root)).not.toContain('dist-v9');
});

it('refuses to release without a build', async () => {
  const r = await release(path.join(a.root, 'nothing'), path.join(a.root, 'dist3')).nothrow();
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toContain('holds no build');
});

describe('the changelog and the version', () => {
  it('counts the [Unreleased] entries a release does not carry (bullets up to the next version)', () => {
    const changelog = [
      '# Changelog',
      '',
      '## [Unreleased]',
      '',
      '### Added',
      '',
      '- one',
      '  continued',
      '- two',
      '',
      '## [1.0.0]',
      '',
      '- old',
      '',
    ].join('\n');
    expect(unreleasedEntries(changelog)).toBe(2);
    expect(unreleasedEntries(changelog.replace('- one\n  continued\n- two\n', ''))).toBe(0);
    expect(unreleasedEntries('# Changelog\n\n## [1.0.0]\n\n- old\n')).toBe(0);
  });

  it('warns, naming how many, when CHANGELOG.md has [Unreleased] entries', async () => {
    const changelog = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    const n = unreleasedEntries(changelog);
    // The first release of beforeAll, run as this would run one more.
    if (n === 0) expect(firstStderr).not.toContain('[Unreleased]');
    else
      expect(firstStderr).toContain(
        `warning: CHANGELOG.md: [Unreleased] has ${n} ${n === 1 ? 'entry' : 'entries'} that v${version} does not carry`,
      );
  });
});
