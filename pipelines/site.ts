// Builds the data explorer into out/site/ from a built out/: the page (site/index.html, site/style.css), the
// browser code of site/src bundled by esbuild, the data as JSON, each table's CSV, Parquet and JSON file (relative
// downloads that work offline and before any release), the database the SQL console attaches, and DuckDB-WASM's
// `eh` bundle (wasm and worker) copied from node_modules, so the site requests nothing from any other host. Its head
// carries the canonical address, the schema.org Dataset document and croissant.json as JSON-LD, with sitemap.xml and
// croissant.json beside it. The folder is written beside out/site and swapped in whole, like out/ itself.
//
//   node --import tsx pipelines/site.ts [--out out] [--dist dist]

import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { plural, progress, runCli } from './lib/cli.ts';
import { discard, recover, stagingDir, swapIn } from './lib/atomic.ts';
import { acquireLock } from './lib/lock.ts';
import { pausepoint } from './lib/failpoint.ts';
import { letSignalsIn, onInterrupt } from './lib/interrupt.ts';
import { packageJson, repositorySlug, repositoryUrl } from './lib/package-info.ts';
import { pagesUrl, schemaOrgDataset, sitemap, withMetadata } from './lib/metadata/schemaorg.ts';
import { DATABASE_FILE, DIST_DIR, ROOT, shown } from './lib/paths.ts';
import { fail } from './lib/problems.ts';
import { loadTableDefs, type TableDef } from './lib/schemas.ts';
import { readPapers, readQueries, readTables, type SiteData } from './lib/site/data.ts';
import { tableJson } from './lib/table-json.ts';
import { releaseFiles } from './lib/site/downloads.ts';
import { siteCroissant, siteFiles } from './lib/site/croissant.ts';

const SITE_SOURCES = path.join(ROOT, 'site');
const require = createRequire(import.meta.url);
// Chosen by hand rather than by DuckDB-WASM's jsDelivr defaults: `eh` (WebAssembly exceptions) runs in every
// current browser and needs no cross-origin isolation.
const DUCKDB_DIST = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
export const DUCKDB_FILES = ['duckdb-eh.wasm', 'duckdb-browser-eh.worker.js'];

await runCli(async () => {
  const { values } = parseArgs({ options: { out: { type: 'string' }, dist: { type: 'string' } } });
  const out = path.resolve(values.out ?? path.join(ROOT, 'out'));
  const dist = path.resolve(values.dist ?? DIST_DIR);
  const db = path.join(out, DATABASE_FILE);
  if (!existsSync(db) || !existsSync(path.join(out, 'datapackage.json')))
    fail({ file: shown(out) }, 'holds no build', 'Run `make all` first.');
  // The build's lock, from the first read of out/ to the swap: a build replaces out/ whole (the site's staging folder
  // with it) and `make clean` would delete the staging folder under this run; with the lock held, each refuses.
  const lock = acquireLock(out);
  const unlocked = onInterrupt(() => lock.release(), 'out/site/ was not changed.');
  try {
    const t0 = performance.now();
    const defs = loadTableDefs();
    const data = await siteData(out, dist, db, defs);
    await buildSite(path.join(out, 'site'), data, out, defs, findability(out, dist, data, defs));
    progress(
      'site',
      `${plural(data.tables.length, 'table')} in ${shown(path.join(out, 'site'))}/`,
      performance.now() - t0,
    );
  } finally {
    unlocked();
    lock.release();
  }
});

/** What the page shows, read from the build in out/ (and dist/, for the release's files). */
async function siteData(out: string, dist: string, db: string, defs: TableDef[]): Promise<SiteData> {
  const pkg = packageJson();
  const dp = JSON.parse(readFileSync(path.join(out, 'datapackage.json'), 'utf8')) as {
    title: string;
    description: string;
    attribution: string;
    licenses: SiteData['licences'];
  };
  const { tables, views } = await readTables(db, defs);
  return {
    name: pkg.name,
    title: dp.title,
    description: dp.description,
    version: pkg.version,
    homepage: repositoryUrl(pkg),
    attribution: dp.attribution,
    licences: dp.licenses,
    database: `data/${DATABASE_FILE}`,
    tables,
    views,
    papers: readPapers(ROOT, tables.find((t) => t.name === 'sources')!, tables.find((t) => t.name === 'cells')!),
    queries: readQueries(path.join(ROOT, 'queries')),
    downloads: releaseFiles(out, dist, DATABASE_FILE, repositoryUrl(pkg), pkg.version),
  };
}

/**
 * What makes the page found: its canonical address on GitHub Pages, the schema.org Dataset document and croissant.json
 * in its head (the release's, with the release's addresses, when dist/ holds this build's release; else out/'s, with
 * the site's own files), and a sitemap.
 */
function findability(out: string, dist: string, data: SiteData, defs: TableDef[]): Map<string, string> {
  const canonical = pagesUrl(repositorySlug(packageJson()));
  const released = data.downloads.complete;
  const doc = JSON.parse(readFileSync(path.join(released ? dist : out, 'croissant.json'), 'utf8')) as Record<
    string,
    unknown
  > & { distribution: Record<string, string>[]; datePublished: string };
  const url = new Map(data.downloads.files.map((f) => [f.name, f.url]));
  const croissant = released
    ? {
        ...doc,
        distribution: doc.distribution.map((f) => ({
          ...f,
          contentUrl: url.get(f.name!) ?? f.contentUrl,
        })),
      }
    : siteCroissant(doc, siteFiles(data.tables));
  const page = withMetadata(readFileSync(path.join(SITE_SOURCES, 'index.html'), 'utf8'), canonical, [
    schemaOrgDataset(croissant, defs, canonical, data.downloads.files),
    croissant,
  ]);
  return new Map([
    ['index.html', page],
    ['sitemap.xml', sitemap(canonical, croissant.datePublished)],
    ['croissant.json', `${JSON.stringify(croissant, null, 2)}\n`],
  ]);
}

/** Writes the site into a staging folder beside out/site and swaps it in; an interruption removes the staging folder. */
async function buildSite(
  site: string,
  data: SiteData,
  out: string,
  defs: TableDef[],
  pages: ReadonlyMap<string, string>,
): Promise<void> {
  recover(site);
  const staging = stagingDir(site);
  const kept = onInterrupt(() => discard(staging), 'out/site/ was not changed.');
  try {
    copyFileSync(path.join(SITE_SOURCES, 'style.css'), path.join(staging, 'style.css'));
    for (const [f, text] of pages) if (f !== 'index.html') writeFileSync(path.join(staging, f), text);
    writeFileSync(path.join(staging, 'data.json'), JSON.stringify(data));
    mkdirSync(path.join(staging, 'data'));
    const db = path.join(out, DATABASE_FILE);
    copyFileSync(db, path.join(staging, data.database));
    for (const t of data.tables) {
      copyFileSync(path.join(out, 'csv', `${t.name}.csv`), path.join(staging, t.files.csv));
      copyFileSync(path.join(out, 'parquet', `${t.name}.parquet`), path.join(staging, t.files.parquet));
      writeFileSync(path.join(staging, t.files.json), await tableJson(db, defs.find((d) => d.name === t.name)!));
    }
    mkdirSync(path.join(staging, 'duckdb'));
    for (const f of DUCKDB_FILES) copyFileSync(path.join(DUCKDB_DIST, f), path.join(staging, 'duckdb', f));
    // esbuild hands the files back (write: false) and this process writes them: its own process, which outlives a
    // Ctrl-C by a moment, would otherwise write into a staging folder the interrupt handler had already removed.
    const bundled = await build({
      entryPoints: [path.join(SITE_SOURCES, 'src', 'main.ts')],
      outdir: path.join(staging, 'assets'),
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'linked',
      logLevel: 'warning',
      chunkNames: 'chunk-[hash]',
      write: false,
      metafile: true,
    });
    for (const f of bundled.outputFiles) {
      mkdirSync(path.dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.contents);
    }
    writeFileSync(
      path.join(staging, 'index.html'),
      // The page with its metadata (findability) and the preloads of the chunks esbuild split off.
      withPreloads(pages.get('index.html')!, bundled.metafile),
    );
    await pausepoint('site-before-swap');
    await letSignalsIn();
    swapIn(staging, site);
  } catch (e) {
    discard(staging);
    // A Ctrl-C stops esbuild's process too, and its build then fails ("The service was stopped"): the signal, not a
    // bug, is what happened. Its handler runs at this turn and ends the process as an interruption.
    await letSignalsIn();
    throw e;
  } finally {
    kept();
  }
}

/**
 * The page with a modulepreload link for each chunk main.js imports at once: the browser then fetches them beside
 * main.js rather than after parsing it, a round trip less before the first row (measured by `make bench-site`).
 */
export function withPreloads(html: string, metafile: Metafile): string {
  const main = Object.entries(metafile.outputs).find(([, o]) => o.entryPoint?.endsWith('main.ts'));
  if (!main) return html;
  const chunks = main[1].imports
    .filter((i) => i.kind === 'import-statement')
    .map((i) => `assets/${path.basename(i.path)}`);
  const links = chunks.map((c) => `<link rel="modulepreload" href="${c}">`).join('\n');
  return links ? html.replace('<script type="module" src="assets/main.js"></script>', `${links}\n$&`) : html;
}
