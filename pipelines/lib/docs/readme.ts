// The generated sections of README.md and of the user pages in docs/: the tables with their row counts, the example
// queries with their output (docs/query.md), the known issues of the source, how to download (short in the README,
// whole in docs/download.md) and how to cite. `make docs` writes them; a test checks they are current.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TableDef } from '../schemas.ts';
import { readOutputTable } from '../read-output.ts';
import { formatTable } from '../sql/format.ts';
import { query } from '../sql/run.ts';
import { knownIssues } from './known-issues.ts';
import { mdTable } from './markdown.ts';
import { repositorySlug, repositoryUrl, type PackageJson } from '../package-info.ts';
import { releaseBaseUrl } from '../release/texts.ts';
import { pagesUrl } from '../metadata/schemaorg.ts';

export async function querySection(dbFile: string, queryDir: string): Promise<string> {
  const parts: string[] = [];
  for (const f of readdirSync(queryDir)
    .filter((x) => x.endsWith('.sql'))
    .sort()) {
    const sql = readFileSync(path.join(queryDir, f), 'utf8').trim();
    const result = await query(dbFile, sql);
    parts.push(`#### \`queries/${f}\``, '', '```sql', sql, '```', '', '```text', formatTable(result), '```', '');
  }
  return parts.join('\n');
}

export function tablesSection(outDir: string, defs: readonly TableDef[]): string {
  return mdTable(
    ['table', 'rows', 'what it holds'],
    defs.map((d) => [
      `[\`${d.name}\`](docs/data-dictionary.md#${d.name})`,
      String(readOutputTable(outDir, d).rowCount),
      d.description,
    ]),
  );
}

export function knownIssuesSection(outDir: string, defs: readonly TableDef[]): string {
  const def = (n: string) => defs.find((d) => d.name === n)!;
  return knownIssues(readOutputTable(outDir, def('models')), readOutputTable(outDir, def('annotations')));
}

/** The README's download section: what a release holds and the one tested command, the rest in docs/download.md. */
export function readmeDownloadSection(pkg: PackageJson): string {
  const tag = `v${pkg.version}`;
  return [
    `Every release (${repositoryUrl(pkg)}/releases) carries each table as CSV, Parquet and JSON, the DuckDB database,`,
    '`datapackage.json`, `croissant.json`, zips of the CSV and Arrow files, release notes and `SHA256SUMS`; each is also',
    `archived on Zenodo with a DOI. To fetch one and check every file against \`SHA256SUMS\` (into \`downloads/${tag}/\`):`,
    '',
    '```sh',
    `make download VERSION=${tag}`,
    '```',
    '',
    'With the GitHub CLI or curl, from the static API on GitHub Pages, from a mirror, straight from DuckDB, and how to',
    'verify where a file was built:',
    '[docs/download.md](docs/download.md).',
  ].join('\n');
}

/** docs/download.md: how to get a release, every URL built from package.json's repository and version. */
export function downloadSection(pkg: PackageJson): string {
  const slug = repositorySlug(pkg);
  const tag = `v${pkg.version}`;
  const base = `${releaseBaseUrl(pkg)}/${tag}`;
  const api = pagesUrl(slug);
  return [
    `Every release (${repositoryUrl(pkg)}/releases) carries each table as CSV, Parquet and JSON at its top, the DuckDB`,
    'database, `datapackage.json` and `croissant.json` (Frictionless and MLCommons Croissant descriptions of every file),',
    'the CSV files with their own `datapackage.json` and the Arrow files in two zips (each unpacks into a folder of its',
    'own), the dataset card `README.md`, release notes and `SHA256SUMS`, with a build-provenance attestation for every',
    'file. Each release is also archived on Zenodo with a DOI of its own (see [Cite](../README.md#cite)).',
    '',
    '```sh',
    '# everything, with the GitHub CLI',
    `gh release download ${tag} --repo ${slug}`,
    "# one file, then check it against the release's checksums; releases/latest/download/ is always the newest release",
    `curl -LO ${base}/models.parquet`,
    `curl -LO ${base}/SHA256SUMS && sha256sum -c --ignore-missing SHA256SUMS`,
    `curl -LO ${repositoryUrl(pkg)}/releases/latest/download/models.parquet`,
    '# everything, each file verified against SHA256SUMS (tampered or broken files are refused and removed),',
    '# into downloads/<version>/ or DOWNLOAD_DIR (never inside out/, dist/ or diff/, which their commands replace),',
    '# from GitHub or from a mirror laid out as <RELEASE_BASE_URL>/<version>/<file>',
    `make download VERSION=${tag}`,
    `make download VERSION=${tag} DOWNLOAD_DIR=previous RELEASE_BASE_URL=https://mirror.example.org/${pkg.name}`,
    '# where and how a file was built (its build-provenance attestation)',
    `gh attestation verify large_model_ecosystem.duckdb --repo ${slug}`,
    '```',
    '',
    `The same tables are served from GitHub Pages as a static API, one address per version and table:`,
    `\`${api}v1/<version>/<table>.{csv,parquet,json}\` and \`${api}v1/<version>/metadata.json\` (the release's`,
    `datapackage.json), \`${api}latest/<table>.json\` for the newest release, and \`${api}v1/versions.json\` listing them.`,
    '',
    "Query a release's Parquet files straight from their URL with DuckDB (the `httpfs` extension, on your machine):",
    '',
    '```sql',
    'INSTALL httpfs; LOAD httpfs;',
    `SELECT model, model_en, parameters_raw, parameters, parameters_kind`,
    `FROM read_parquet('${base}/models.parquet')`,
    'WHERE NOT flagged ORDER BY row_no;',
    '```',
  ].join('\n');
}

/** How to cite: the dataset (as in CITATION.cff) and the paper, with the attribution CC BY 4.0 requires. */
export function citeSection(pkg: PackageJson, outDir: string, defs: readonly TableDef[]): string {
  const sources = readOutputTable(outDir, defs.find((d) => d.name === 'sources')!);
  const lines = [
    'Cite the dataset, the paper its tables come from, and the reference dataset it is checked against (`CITATION.cff` has the first two, for citation managers):',
    '',
  ];
  lines.push(
    `- **The dataset:** large-model-ecosystem contributors, *${pkg.name}* (dataset), version ${pkg.version}, ${repositoryUrl(pkg)}. ` +
      'Each release is archived on Zenodo with a DOI of its own: find the record of the version you used on zenodo.org ' +
      `(search for ${pkg.name}) and cite its DOI, or the concept DOI the record gives for every version.`,
  );
  for (let r = 0; r < sources.rowCount; r++) {
    const v = (c: string) => sources.column(c)[r] as string | null;
    if (v('kind') === 'CSV dataset') {
      lines.push(
        `- **The reference dataset:** ${v('first_author_en')}, '${v('title')}', published online at epoch.ai, retrieved from ${v('url')} ` +
          `(accessed ${v('accessed')}); the snapshot the models are checked against.`,
      );
      continue;
    }
    lines.push(
      `- **The paper:** ${v('first_author')} (${v('first_author_en')}) et al., ${v('journal')} (*${v('journal_en')}*), ${v('publisher')}, ${v('year')}, ` +
        `[doi:${v('doi')}](${v('url')}). Its title is not in the text export and is not recorded.`,
    );
  }
  lines.push(
    '',
    'Licence: [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/), like both sources. Any use must carry these attributions:',
    '',
  );
  for (let r = 0; r < sources.rowCount; r++) lines.push(`> ${sources.column('attribution')[r] as string}`);
  return lines.join('\n');
}
