// Builds dist/ from a built out/. At the top, every table as CSV, Parquet and JSON, the DuckDB database, a
// datapackage.json whose paths all resolve there, croissant.json describing every file, CITATION.cff, a README (the bundle's, which is also its Hugging
// Face dataset card), the release notes and SHA256SUMS. Two archives bundle the CSV files (with their own
// datapackage.json) and the Arrow files, each unpacking into a folder of its own. Archives are reproducible, and
// dist/ is replaced as a whole only when everything is written.
//
//   node --import tsx pipelines/release.ts [--out out] [--dist dist] [--base <previous release or build>] [--version vX.Y.Z]

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { plural, progress, runCli } from './lib/cli.ts';
import { compareBuilds, diffReport } from './lib/diff/compare.ts';
import { loadBuild } from './lib/diff/load.ts';
import { discard, recover, stagingDir, swapIn } from './lib/atomic.ts';
import { annotationSummary } from './lib/docs/known-issues.ts';
import { relocateCroissant } from './lib/metadata/croissant.ts';
import { relocate, releasePackageText } from './lib/metadata/datapackage.ts';
import { sha256 } from './lib/hash.ts';
import { packageJson } from './lib/package-info.ts';
import { DATABASE_FILE, DIST_DIR, OUT_DIR, ROOT, shown } from './lib/paths.ts';
import { fail } from './lib/problems.ts';
import { readOutputTable } from './lib/read-output.ts';
import { sha256sums } from './lib/release/checksums.ts';
import { verifyBuild } from './lib/release/verify-build.ts';
import {
  bundleReadme,
  changelogEntry,
  checkVersion,
  releaseNotes,
  unreleasedEntries,
  type ReleaseContext,
} from './lib/release/texts.ts';
import { reproducibleZip } from './lib/release/zip.ts';
import { loadTableDefs } from './lib/schemas.ts';
import { tableJson } from './lib/table-json.ts';

const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

void runCli(
  async () => {
    const { values } = parseArgs({
      options: {
        out: { type: 'string' },
        dist: { type: 'string' },
        base: { type: 'string' },
        version: { type: 'string' },
      },
    });
    const out = path.resolve(values.out ?? OUT_DIR);
    const dist = path.resolve(values.dist ?? DIST_DIR);
    const pkg = packageJson();
    if (values.version) checkVersion(values.version, pkg.version);
    if (!existsSync(path.join(out, 'datapackage.json')))
      fail({ file: shown(out) }, 'holds no build', 'Run `make all` first.');
    const t0 = performance.now();
    const tag = `v${pkg.version}`;
    const changelogFile = path.join(ROOT, 'CHANGELOG.md');
    const changelog = existsSync(changelogFile) ? readFileSync(changelogFile, 'utf8') : '';
    const unreleased = unreleasedEntries(changelog);
    if (unreleased > 0) {
      process.stderr.write(
        `warning: CHANGELOG.md: [Unreleased] has ${plural(unreleased, 'entry', 'entries')} that ${tag} does not carry; ` +
          `to release them, raise "version" in package.json and move them under its heading.\n`,
      );
    }
    const defs = loadTableDefs();
    await verifyBuild(out, defs);
    const read = (rel: string) => readFileSync(path.join(out, rel));
    const table = (name: string) => readOutputTable(out, defs.find((d) => d.name === name)!);
    const sources = table('sources');
    const folder = `${pkg.name}-${pkg.version}`;
    const ctx: ReleaseContext = {
      pkg,
      tag,
      tables: defs.map((d) => ({ name: d.name, rows: readOutputTable(out, d).rowCount, description: d.description })),
      csvFolder: `${folder}-csv`,
      arrowFolder: `${folder}-arrow`,
      database: DATABASE_FILE,
      summary: annotationSummary(table('models'), table('annotations')),
      attributions: sources.column('attribution') as string[],
      sourceCitations: sources
        .column('source_id')
        .map((_, r) =>
          sources.column('kind')[r] === 'CSV dataset'
            ? `${sources.column('first_author_en')[r]}, '${sources.column('title')[r]}', ${sources.column('url')[r]} (accessed ${sources.column('accessed')[r]})`
            : `${sources.column('first_author_en')[r]} et al., ${sources.column('journal_en')[r]} (${sources.column('year')[r]}), ${sources.column('url')[r]}`,
        ),
    };
    const built = JSON.parse(read('datapackage.json').toString('utf8')) as { licenses: { name: string }[] };
    // The README is also the release's Hugging Face dataset card (its YAML front matter).
    const readme = new TextEncoder().encode(bundleReadme(ctx, built.licenses[0]!.name));
    const citationFile = path.join(ROOT, 'CITATION.cff');
    const extras = new Map<string, Uint8Array>([
      ['README.md', readme],
      ...(existsSync(citationFile) ? [['CITATION.cff', readFileSync(citationFile)] as [string, Uint8Array]] : []),
    ]);
    // Each archive unpacks into a folder of its own, named after it, with the README and CITATION.cff the licence asks
    // to travel with the data: unpacked side by side, nothing collides.
    const zipOf = (dir: string, sub: string, more: Map<string, Uint8Array>) => {
      const files = new Map<string, Uint8Array>();
      for (const f of readdirSync(path.join(out, sub))) files.set(`${dir}/${f}`, read(`${sub}/${f}`));
      for (const [n, b] of [...more, ...extras]) files.set(`${dir}/${n}`, b);
      return reproducibleZip(files);
    };

    const assets = new Map<string, Uint8Array>();
    assets.set(
      `${ctx.csvFolder}.zip`,
      zipOf(
        ctx.csvFolder,
        'csv',
        new Map([['datapackage.json', json(relocate(built as Record<string, unknown>, { csv: (t) => `${t}.csv` }))]]),
      ),
    );
    assets.set(`${ctx.arrowFolder}.zip`, zipOf(ctx.arrowFolder, 'arrow', new Map()));
    for (const d of defs) {
      assets.set(`${d.name}.csv`, read(`csv/${d.name}.csv`));
      assets.set(`${d.name}.parquet`, read(`parquet/${d.name}.parquet`));
      assets.set(`${d.name}.json`, new TextEncoder().encode(await tableJson(path.join(out, DATABASE_FILE), d)));
    }
    assets.set(DATABASE_FILE, read(DATABASE_FILE));
    assets.set(
      'datapackage.json',
      new TextEncoder().encode(releasePackageText(read('datapackage.json').toString('utf8'), DATABASE_FILE)),
    );
    for (const [n, b] of extras) assets.set(n, b);
    const diff = values.base
      ? diffReport(
          compareBuilds(
            loadBuild(path.resolve(values.base)),
            loadBuild(out),
            new Map(defs.map((d) => [d.name, d.primaryKey])),
          ),
          path.basename(path.resolve(values.base)),
          tag,
        )
      : undefined;
    assets.set(
      'RELEASE_NOTES.md',
      new TextEncoder().encode(releaseNotes(ctx, changelogEntry(changelog, pkg.version), diff)),
    );
    // croissant.json describes every other file of the release (itself and SHA256SUMS, which lists it, excepted).
    const stats = new Map([...assets].map(([n, b]) => [n, { bytes: b.length, sha256: sha256(b) }]));
    assets.set(
      'croissant.json',
      new TextEncoder().encode(
        relocateCroissant(JSON.parse(read('croissant.json').toString('utf8')), stats, (t) => `${t}.parquet`),
      ),
    );
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
  },
  {
    command: 'make release',
    usage: 'Run `make release [BASE=<an earlier release download or build>]`.',
    afterFailure: 'Nothing in dist/ was changed.',
  },
);
