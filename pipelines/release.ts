// Builds dist/ from a built out/: zips of the CSVs and of the Arrow files, each Parquet file, the DuckDB
// database, datapackage.json, a README for the bundle, the release notes, and SHA256SUMS. Archives are
// reproducible, and dist/ is replaced as a whole only when everything is written.
//
//   node --import tsx pipelines/release.ts [--out out] [--dist dist] [--base <previous release or build>]

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { plural, progress, runCli } from './lib/cli.ts';
import { compareBuilds, diffReport } from './lib/diff/compare.ts';
import { loadBuild } from './lib/diff/load.ts';
import { discard, recover, stagingDir, swapIn } from './lib/atomic.ts';
import { packageJson } from './lib/package-info.ts';
import { DATABASE_FILE, DIST_DIR, OUT_DIR, ROOT, shown } from './lib/paths.ts';
import { fail } from './lib/problems.ts';
import { readOutputTable } from './lib/read-output.ts';
import { sha256sums } from './lib/release/checksums.ts';
import { verifyBuild } from './lib/release/verify-build.ts';
import { bundleReadme, changelogEntry, releaseNotes, type ReleaseContext } from './lib/release/texts.ts';
import { reproducibleZip } from './lib/release/zip.ts';
import { loadTableDefs } from './lib/schemas.ts';

await runCli(async () => {
  const { values } = parseArgs({ options: { out: { type: 'string' }, dist: { type: 'string' }, base: { type: 'string' } } });
  const out = path.resolve(values.out ?? OUT_DIR);
  const dist = path.resolve(values.dist ?? DIST_DIR);
  if (!existsSync(path.join(out, 'datapackage.json'))) fail({ file: shown(out) }, 'holds no build', 'Run `make all` first.');
  const t0 = performance.now();
  const pkg = packageJson();
  const tag = `v${pkg.version}`;
  const defs = loadTableDefs();
  await verifyBuild(out, defs);
  const read = (rel: string) => readFileSync(path.join(out, rel));
  const sources = readOutputTable(out, defs.find((d) => d.name === 'sources')!);
  const ctx: ReleaseContext = {
    pkg,
    tag,
    tables: defs.map((d) => ({ name: d.name, rows: readOutputTable(out, d).rowCount, description: d.description })),
    parquetFiles: defs.map((d) => `${d.name}.parquet`),
    csvZip: `${pkg.name}-${pkg.version}-csv.zip`,
    arrowZip: `${pkg.name}-${pkg.version}-arrow.zip`,
    database: DATABASE_FILE,
    attributions: sources.column('attribution') as string[],
    sourceCitations: sources.column('source_id').map((_, r) => sources.column('kind')[r] === 'CSV dataset'
      ? `${sources.column('first_author_en')[r]}, '${sources.column('title')[r]}', ${sources.column('url')[r]} (accessed ${sources.column('accessed')[r]})`
      : `${sources.column('first_author_en')[r]} et al., ${sources.column('journal_en')[r]} (${sources.column('year')[r]}), ${sources.column('url')[r]}`),
  };
  const readme = new TextEncoder().encode(bundleReadme(ctx));
  const citationFile = path.join(ROOT, 'CITATION.cff');
  const extras = new Map<string, Uint8Array>([['README.md', readme], ...(existsSync(citationFile) ? [['CITATION.cff', readFileSync(citationFile)] as [string, Uint8Array]] : [])]);
  const folder = `${pkg.name}-${pkg.version}`;
  const zipOf = (sub: string, withPackage: boolean) => {
    const files = new Map<string, Uint8Array>();
    for (const f of readdirSync(path.join(out, sub))) files.set(`${folder}/${sub}/${f}`, read(`${sub}/${f}`));
    if (withPackage) files.set(`${folder}/datapackage.json`, read('datapackage.json'));
    for (const [n, b] of extras) files.set(`${folder}/${n}`, b);
    return reproducibleZip(files);
  };

  const assets = new Map<string, Uint8Array>();
  assets.set(ctx.csvZip, zipOf('csv', true));
  assets.set(ctx.arrowZip, zipOf('arrow', false));
  for (const f of ctx.parquetFiles) assets.set(f, read(`parquet/${f}`));
  assets.set(DATABASE_FILE, read(DATABASE_FILE));
  assets.set('datapackage.json', read('datapackage.json'));
  assets.set('README.md', readme);
  const changelogFile = path.join(ROOT, 'CHANGELOG.md');
  const entry = existsSync(changelogFile) ? changelogEntry(readFileSync(changelogFile, 'utf8'), pkg.version) : undefined;
  const diff = values.base
    ? diffReport(compareBuilds(loadBuild(path.resolve(values.base)), loadBuild(out), new Map(defs.map((d) => [d.name, d.primaryKey]))), path.basename(path.resolve(values.base)), tag)
    : undefined;
  assets.set('RELEASE_NOTES.md', new TextEncoder().encode(releaseNotes(ctx, entry, diff)));
  const sums = sha256sums(assets);

  recover(dist);
  const staging = stagingDir(dist);
  try {
    for (const [name, bytes] of assets) writeFileSync(path.join(staging, name), bytes);
    writeFileSync(path.join(staging, 'SHA256SUMS'), sums);
    swapIn(staging, dist);
  } catch (e) {
    discard(staging);
    throw e;
  }
  progress('release', `${tag}: ${plural(assets.size + 1, 'file')} in ${shown(dist)}/`, performance.now() - t0);
}, { command: 'make release', usage: 'Run `make release [BASE=<an earlier release download or build>]`.', afterFailure: 'Nothing in dist/ was changed.' });
