// The texts of a release: the bundle's README (what each file is, how to query it, how to cite it, licence and
// attribution) and the release notes (the changelog entry, contents counted from the data, the diff against the
// previous release); and the checks of the version against package.json and CHANGELOG.md.

import type { PackageJson } from '../package-info.ts';
import { repositorySlug, repositoryUrl } from '../package-info.ts';
import { mdTable } from '../docs/markdown.ts';
import { fail } from '../problems.ts';

export interface ReleaseContext {
  pkg: PackageJson;
  tag: string;
  /** Rows per table, in documentation order. */
  tables: { name: string; rows: number; description: string }[];
  /** The folders the CSV and Arrow archives unpack into (each archive is the folder's name with .zip). */
  csvFolder: string;
  arrowFolder: string;
  database: string;
  /** The annotations and flagged models, counted from the data. */
  summary: string;
  /** One attribution text per source. */
  attributions: string[];
  /** Human-readable citations of the sources. */
  sourceCitations: string[];
}

export function releaseBaseUrl(pkg: PackageJson): string {
  return `${repositoryUrl(pkg)}/releases/download`;
}

function citation(c: ReleaseContext): string {
  return (
    `large-model-ecosystem contributors. *${c.pkg.name}* (dataset), version ${c.pkg.version}. ${repositoryUrl(c.pkg)}. ` +
    `Derived from ${c.sourceCitations.join('; ')}.`
  );
}

/** Hugging Face's size category for a dataset whose largest table has `rows` rows. */
export function sizeCategory(rows: number): string {
  const bounds: [number, string][] = [
    [1e3, 'n<1K'],
    [1e4, '1K<n<10K'],
    [1e5, '10K<n<100K'],
    [1e6, '100K<n<1M'],
    [1e7, '1M<n<10M'],
    [1e8, '10M<n<100M'],
  ];
  return bounds.find(([b]) => rows < b)?.[1] ?? 'n>100M';
}

/**
 * The YAML front matter that makes the README a Hugging Face dataset card: licence, languages, name, size, and one
 * configuration per table reading its Parquet file at the top of the release, so that `load_dataset(repo, "models")`
 * and the dataset viewer work. Written by hand (every string JSON-quoted, which YAML reads as the same string): the
 * release needs no YAML library.
 */
export function cardFrontMatter(c: ReleaseContext, licenceId: string): string {
  const q = (v: string) => JSON.stringify(v);
  return [
    '---',
    `license: ${q(licenceId.toLowerCase())}`,
    'language:',
    '- zh',
    '- en',
    `pretty_name: ${q(c.pkg.name)}`,
    'size_categories:',
    `- ${q(sizeCategory(Math.max(...c.tables.map((t) => t.rows))))}`,
    'tags:',
    ...['large language models', 'AI policy', 'China', 'data provenance'].map((t) => `- ${q(t)}`),
    'configs:',
    ...c.tables.flatMap((t, i) => [
      `- config_name: ${q(t.name)}`,
      `  data_files: ${q(`${t.name}.parquet`)}`,
      ...(i === 0 ? ['  default: true'] : []),
    ]),
    '---',
    '',
    '',
  ].join('\n');
}

export function bundleReadme(c: ReleaseContext, licenceId = 'CC-BY-4.0'): string {
  const base = `${releaseBaseUrl(c.pkg)}/${c.tag}`;
  return (
    cardFrontMatter(c, licenceId) +
    [
      `# ${c.pkg.name} ${c.tag}`,
      '',
      c.pkg.description,
      '',
      '## Files',
      '',
      mdTable(
        ['file', 'what it is'],
        [
          ['`<table>.csv`', 'each table as CSV (UTF-8, RFC 4180, header row, `\\n` line ends; empty field = NULL)'],
          ['`<table>.parquet`', 'each table as Parquet (zstd), with exact types'],
          ['`<table>.json`', 'each table as JSON: an array of objects, a row each, exact integers, NULL as null'],
          [c.database, 'a DuckDB database with every table, its types, ENUMs, comments (stating its keys) and views'],
          [
            'datapackage.json',
            'Frictionless Data Package v2 describing every table, with the bytes and SHA-256 of each file beside it',
          ],
          [
            'croissant.json',
            'MLCommons Croissant 1.0 (with its responsible-AI fields) describing every file and table',
          ],
          [`${c.csvFolder}.zip`, `every CSV file with its own datapackage.json, in a folder \`${c.csvFolder}/\``],
          [`${c.arrowFolder}.zip`, `every table as an Arrow IPC file, in a folder \`${c.arrowFolder}/\``],
          ['CITATION.cff', 'how to cite the dataset and the paper (Citation File Format)'],
          ['SHA256SUMS', 'checksums of every file of the release (`sha256sum -c SHA256SUMS`)'],
        ],
      ),
      '',
      '## Tables',
      '',
      mdTable(
        ['table', 'rows', 'what it holds'],
        c.tables.map((t) => [t.name, String(t.rows), t.description]),
      ),
      '',
      '## Query',
      '',
      'With DuckDB (the `httpfs` extension reads Parquet straight from the release):',
      '',
      '```sql',
      `SELECT model, model_en, parameters_raw, parameters FROM read_parquet('${base}/models.parquet') ORDER BY row_no;`,
      '```',
      '',
      `Or open \`${c.database}\` in DuckDB and start with \`SELECT * FROM about\`. Where this release is a Hugging Face`,
      'dataset, each table is a configuration of its own: `datasets.load_dataset(<repository>, "models")`.',
      '',
      '## Cite',
      '',
      citation(c),
      '',
      `See also CITATION.cff in ${repositoryUrl(c.pkg)}.`,
      '',
      '## Licence and attribution',
      '',
      'The data is licensed under the Creative Commons Attribution 4.0 International licence (CC BY 4.0,',
      'https://creativecommons.org/licenses/by/4.0/). Any use must carry this attribution:',
      '',
      ...c.attributions.map((a) => `> ${a}`),
      '',
    ].join('\n')
  );
}

/** The changelog's entry for a version: from its "## [version]" heading to the next heading of that level. */
export function changelogEntry(changelog: string, version: string): string | undefined {
  const lines = changelog.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## [${version}]`));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim();
}

export function releaseNotes(c: ReleaseContext, changelog: string | undefined, diff: string | undefined): string {
  return [
    `# ${c.pkg.name} ${c.tag}`,
    '',
    changelog ?? '(No changelog entry for this version.)',
    '',
    '## Contents (counted from the data of this release)',
    '',
    mdTable(
      ['table', 'rows'],
      c.tables.map((t) => [t.name, String(t.rows)]),
    ),
    '',
    c.summary,
    '',
    ...(diff ? ['## Changes in the data since the previous release', '', '```text', diff.trimEnd(), '```', ''] : []),
    '## Verify the download',
    '',
    '```sh',
    'sha256sum -c SHA256SUMS',
    `gh attestation verify ${c.csvFolder}.zip --repo ${repositorySlug(c.pkg)}`,
    '```',
    '',
    '## Licence and attribution',
    '',
    'CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).',
    '',
    ...c.attributions.map((a) => `> ${a}`),
    '',
  ].join('\n');
}

/**
 * How many entries CHANGELOG.md lists under [Unreleased]: changes that the version being released does not carry
 * (they belong to a later version, or to this one once moved under its heading).
 */
export function unreleasedEntries(changelog: string): number {
  const lines = changelog.split('\n');
  const start = lines.findIndex((l) => /^## \[Unreleased\]/i.test(l));
  if (start < 0) return 0;
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((l) => /^[-*] /.test(l)).length;
}

/** A VERSION given to `make release` must be package.json's version (with or without its v): the release is built from it. */
export function checkVersion(given: string, version: string): void {
  if (given === `v${version}` || given === version) return;
  fail(
    { file: 'package.json', column: 'version' },
    `is ${version}, but VERSION=${given} was asked for`,
    `To release ${given}, set "version" in package.json to ${given.replace(/^v/, '')} and move CHANGELOG.md's [Unreleased] entries under its heading; ` +
      `or run \`make release\` without VERSION (it releases v${version}).`,
  );
}
