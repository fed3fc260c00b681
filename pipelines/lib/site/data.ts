// What the explorer page reads instead of waiting for DuckDB-WASM: every table as JSON, with each column's labels,
// description and closed set from the schemas, the views with their columns (for the SQL console), the vendored
// paper text the cells point into, the example queries, and the release files with their SHA-256. Read from the built
// database.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Json } from '@duckdb/node-api';
import { DuckDBInstance } from '../duckdb-client.ts';
import type { ForeignKey, TableDef } from '../schemas.ts';
import { tableSelectSql } from '../table-json.ts';
import type { ReleaseFiles } from './downloads.ts';

export type SiteValue = string | number | boolean | null | SiteValue[];

export interface SiteColumn {
  name: string;
  /** DuckDB's type name: BIGINT, VARCHAR, BOOLEAN, ENUM(…). */
  type: string;
  labelZh: string;
  labelEn: string;
  description: string;
  /** A closed set's name (common.schema.json) and values: the facets and their labels. */
  enumName?: string;
  values?: string[];
  /** The schema's x-unit (parameters, line, row, …). */
  unit?: string;
}

/** A table's files served with the site, relative to the page. */
export interface TableFiles {
  csv: string;
  parquet: string;
  json: string;
}

export interface SiteTable {
  name: string;
  labelZh: string;
  labelEn: string;
  description: string;
  primaryKey: string[];
  foreignKeys: ForeignKey[];
  columns: SiteColumn[];
  rows: SiteValue[][];
  files: TableFiles;
}

/** A view of the database, for the SQL console's list (its rows are not in data.json). */
export interface SiteView {
  name: string;
  description: string;
  columns: { name: string; type: string }[];
}

export interface SiteQuery {
  file: string;
  /** The leading comment, in English. */
  title: string;
  /** The leading comment's lines that start `-- zh:`, in Chinese. */
  titleZh: string;
  sql: string;
}

export interface SiteData {
  name: string;
  title: string;
  description: string;
  version: string;
  homepage: string;
  attribution: string;
  licences: { name: string; path: string; title: string }[];
  database: string;
  tables: SiteTable[];
  views: SiteView[];
  /** The text of each source the cells point into, by source_id, line i at index i - 1. */
  papers: Record<string, { file: string; lines: string[] }>;
  queries: SiteQuery[];
  downloads: ReleaseFiles;
}

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;

/** JSON numbers for integers a double holds exactly; larger ones stay strings, so nothing is rounded. */
function siteValue(v: Json, type: string): SiteValue {
  if (v === null) return null;
  if (INTEGER.test(type) && typeof v === 'string') {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  }
  if (Array.isArray(v)) return v.map((x) => siteValue(x, ''));
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}

type Connection = Awaited<ReturnType<DuckDBInstance['connect']>>;

async function readRelation(c: Connection, sql: string) {
  const reader = await c.runAndReadAll(sql);
  const types = reader.columnTypes().map((t) => t.toString());
  return {
    names: reader.columnNames(),
    types,
    rows: reader.getRowsJson().map((row) => row.map((v, i) => siteValue(v, types[i]!))),
  };
}

/** The views of the database with their comments and columns, in name order. */
async function readViews(c: Connection): Promise<SiteView[]> {
  const r = await c.runAndReadAll(`SELECT v.view_name, coalesce(v.comment, ''), c.column_name, c.data_type
    FROM duckdb_views() v JOIN duckdb_columns() c ON c.table_name = v.view_name AND c.schema_name = v.schema_name
    WHERE NOT v.internal ORDER BY v.view_name, c.column_index`);
  const views = new Map<string, SiteView>();
  for (const [name, description, column, type] of r.getRowsJson().map((row) => row.map(String))) {
    const v = views.get(name!) ?? { name: name!, description: description!, columns: [] };
    v.columns.push({ name: column!, type: type! });
    views.set(name!, v);
  }
  return [...views.values()];
}

/** Every table of the schemas in documentation order, and the database's views. */
export async function readTables(
  dbFile: string,
  defs: TableDef[],
): Promise<{ tables: SiteTable[]; views: SiteView[] }> {
  const instance = await DuckDBInstance.create(dbFile, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const tables: SiteTable[] = [];
    for (const d of defs) {
      // The files' order (NULL first, a closed set by its text), so that "these rows" of a whole table is its CSV
      // file byte for byte.
      const r = await readRelation(c, tableSelectSql(d));
      const byName = new Map(d.columns.map((col) => [col.name, col]));
      tables.push({
        name: d.name,
        labelZh: d.labelZh,
        labelEn: d.labelEn,
        description: d.description,
        primaryKey: d.primaryKey,
        foreignKeys: d.foreignKeys,
        columns: r.names.map((n, i) => siteColumn(n, r.types[i]!, byName.get(n))),
        rows: r.rows,
        files: { csv: `data/${d.name}.csv`, parquet: `data/${d.name}.parquet`, json: `data/${d.name}.json` },
      });
    }
    return { tables, views: await readViews(c) };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

function siteColumn(name: string, type: string, def: TableDef['columns'][number] | undefined): SiteColumn {
  const col: SiteColumn = {
    name,
    type,
    labelZh: def?.labelZh ?? '',
    labelEn: def?.labelEn ?? '',
    description: def?.description ?? '',
  };
  if (def?.enumName && def.enumValues) {
    col.enumName = def.enumName;
    col.values = def.enumValues;
  }
  if (def?.unit) col.unit = def.unit;
  return col;
}

/** The vendored texts the cells table points into: the `file` of each source that has cells, relative to the root. */
export function readPapers(root: string, sources: SiteTable, cells: SiteTable): SiteData['papers'] {
  const column = (t: SiteTable, name: string) => t.columns.findIndex((c) => c.name === name);
  const cited = new Set(cells.rows.map((r) => r[column(cells, 'source_id')]));
  const papers: SiteData['papers'] = {};
  for (const row of sources.rows) {
    const id = row[column(sources, 'source_id')];
    const rel = row[column(sources, 'file')];
    if (!cited.has(id) || typeof rel !== 'string' || !existsSync(path.join(root, rel))) continue;
    papers[String(id)] = {
      file: rel,
      lines: readFileSync(path.join(root, rel), 'utf8').replace(/\n$/, '').split('\n'),
    };
  }
  return papers;
}

/** The example queries, each titled by its leading comment: the lines that start `-- zh:` in Chinese, the rest in English. */
export function readQueries(dir: string): SiteQuery[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => {
      const sql = readFileSync(path.join(dir, f), 'utf8');
      const comments = sql
        .split('\n')
        .filter((l) => l.startsWith('--'))
        .map((l) => l.replace(/^--\s?/, ''));
      const title = comments.filter((l) => !l.startsWith('zh:')).join(' ');
      const titleZh = comments
        .filter((l) => l.startsWith('zh:'))
        .map((l) => l.replace(/^zh:\s*/, ''))
        .join('');
      return { file: `queries/${f}`, title, titleZh, sql };
    });
}
