// What the dataset says about itself, from package.json and the sources: the facts datapackage.json, croissant.json,
// the schema.org document and the release texts share. Nothing here depends on when or where it was built, except a
// SOURCE_DATE_EPOCH given on purpose.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageJson, repositoryUrl, type PackageJson } from '../package-info.ts';
import { SCHEMA_DIR } from '../paths.ts';
import { fail } from '../problems.ts';
import type { TableDef } from '../schemas.ts';
import type { Source } from '../source.ts';
import { listTitle, shortName } from '../sources/citation.ts';

export interface Licence {
  name: string;
  path: string;
  title: string;
}

export interface SourceInfo {
  title: string;
  path: string;
  licence: Licence;
  /** The table a CSV dataset's records become (its columns spec's output); none for a paper. */
  table?: string;
}

export interface Contributor {
  title: string;
  path: string;
  roles: string[];
}

export interface PackageInfo {
  name: string;
  /** Globally unique: the version's release page. */
  id: string;
  title: string;
  description: string;
  version: string;
  /** RFC 3339. */
  created: string;
  homepage: string;
  keywords: string[];
  licence: Licence;
  attribution: string;
  contributors: Contributor[];
  sources: SourceInfo[];
}

/** The project as the dataset's creator, everywhere a creator is named. */
export const PROJECT_CREATOR = 'large-model-ecosystem contributors';

/**
 * When the dataset was made, as RFC 3339 (a date at midnight UTC): SOURCE_DATE_EPOCH when set (the release workflow
 * sets it to the tagged commit's time), else the newest date the sources carry (a CSV dataset's access date, else a
 * paper's year), so that a rebuild of the same sources gives the same text.
 */
export function createdDate(sources: readonly Source[], env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d{1,12}$/.test(epoch))
      fail(
        { file: 'SOURCE_DATE_EPOCH' },
        `is not a number of seconds since 1970: ${JSON.stringify(epoch)}`,
        'Unset it, or set it to an integer such as `git log -1 --format=%ct`.',
      );
    return new Date(Number(epoch) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  const dates = sources.map((s) => s.json.citation.accessed ?? `${s.json.citation.year}-01-01`).sort();
  return `${dates.at(-1)}T00:00:00Z`;
}

/** The version's release page: the dataset's globally unique id (a DOI is minted only when Zenodo archives it). */
export function releaseUrl(pkg: PackageJson = packageJson()): string {
  return `${repositoryUrl(pkg)}/releases/tag/v${pkg.version}`;
}

export function describeDataset(
  sources: readonly Source[],
  pkg: PackageJson = packageJson(),
  env: NodeJS.ProcessEnv = process.env,
): PackageInfo {
  const first = sources[0]!.json;
  const attributions = sources.map((s) => s.json.attribution);
  const papers = sources.filter((s) => !s.dataset);
  const datasets = sources.filter((s) => s.dataset);
  return {
    name: pkg.name,
    id: releaseUrl(pkg),
    title:
      `Large-model ecosystem: the tables of ${papers.map((s) => shortName(s.json)).join('; ')} as open data` +
      (datasets.length > 0 ? `, checked against ${datasets.map((s) => shortName(s.json)).join('; ')}` : ''),
    description: `${pkg.description} Source: ${attributions.join(' ')}`,
    version: pkg.version,
    created: createdDate(sources, env),
    homepage: repositoryUrl(pkg),
    keywords: ['large language models', 'AI policy', 'China', 'dataset', '大模型'],
    licence: { name: first.licence.id, path: first.licence.url, title: first.licence.name },
    attribution: attributions.join('\n'),
    contributors: [
      { title: PROJECT_CREATOR, path: repositoryUrl(pkg), roles: ['creator', 'maintainer'] },
      ...sources.map((s) => ({
        title:
          s.json.citation.first_author_en === s.json.citation.first_author
            ? s.json.citation.first_author
            : `${s.json.citation.first_author} (${s.json.citation.first_author_en})`,
        path: s.json.citation.url,
        roles: ['author'],
      })),
    ],
    sources: sources.map(
      (s): SourceInfo => ({
        title: listTitle(s.json),
        path: s.json.citation.url,
        licence: { name: s.json.licence.id, path: s.json.licence.url, title: s.json.licence.name },
        ...(s.dataset ? { table: s.dataset.spec.output } : {}),
      }),
    ),
  };
}

/**
 * The sources a table's rows come from, when a CSV dataset is among them: the dataset's own table, and every derived
 * table whose SQL reads it (with the paper's tables it reads too). Undefined for a table drawn from the papers alone,
 * which the package's own sources describe.
 */
export function tableSources(
  def: TableDef,
  sources: readonly SourceInfo[],
  schemaDir: string = SCHEMA_DIR,
): SourceInfo[] | undefined {
  const datasets = sources.filter((s) => s.table !== undefined);
  if (datasets.some((s) => s.table === def.name)) return datasets.filter((s) => s.table === def.name);
  if (!def.derivedFrom) return undefined;
  const sql = readFileSync(path.join(schemaDir, def.derivedFrom), 'utf8');
  const reads = (table: string) => new RegExp(`\\b${table}\\b`).test(sql);
  if (!datasets.some((s) => reads(s.table!))) return undefined;
  return sources.filter((s) => s.table === undefined || reads(s.table));
}
