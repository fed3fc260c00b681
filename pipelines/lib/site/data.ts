// What the explorer page reads instead of waiting for DuckDB-WASM: every table and the comparison view as JSON,
// with each column's description from the schemas, the vendored paper text the cells point into, the example
// queries, and the release files with their SHA-256. Read from the built database, so views come with the tables.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Json } from '@duckdb/node-api';
import { DuckDBInstance } from '../duckdb-client.ts';
import { orderBySql } from '../emit/derived.ts';
import type { TableDef } from '../schemas.ts';
import type { ReleaseFiles } from './downloads.ts';

/** Views shown beside the tables when the database has them (the Epoch AI comparison lands separately). */
export const OPTIONAL_VIEWS = ['models_vs_epoch_ai'];

export type SiteValue = string | number | boolean | null | SiteValue[];

export interface SiteColumn { name: string; type: string; labelZh: string; description: string }

export interface SiteTable {
  name: string;
  kind: 'table' | 'view';
  labelZh: string;
  description: string;
  primaryKey: string[];
  columns: SiteColumn[];
  rows: SiteValue[][];
}

export interface SiteQuery { file: string; title: string; sql: string }

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

/** `order` is an ORDER BY clause's list, or empty for a view's own order. */
async function readRelation(c: Awaited<ReturnType<DuckDBInstance['connect']>>, name: string, order: string) {
  const reader = await c.runAndReadAll(`SELECT * FROM "${name}"${order ? ` ORDER BY ${order}` : ''}`);
  const types = reader.columnTypes().map((t) => t.toString());
  return {
    names: reader.columnNames(),
    types,
    rows: reader.getRowsJson().map((row) => row.map((v, i) => siteValue(v, types[i]!))),
  };
}

async function viewComments(c: Awaited<ReturnType<DuckDBInstance['connect']>>) {
  const r = await c.runAndReadAll(`SELECT view_name, coalesce(comment, '') FROM duckdb_views() WHERE NOT internal`);
  return new Map(r.getRowsJson().map(([n, comment]) => [String(n), String(comment)]));
}

/** Every table of the schemas, plus the optional views the database has, in documentation order. */
export async function readTables(dbFile: string, defs: TableDef[]): Promise<SiteTable[]> {
  const instance = await DuckDBInstance.create(dbFile, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const tables: SiteTable[] = [];
    for (const d of defs) {
      // The build's order (NULL first, an ENUM by its text), so that a table's CSV download is out/csv/<table>.csv
      // byte for byte; a plain ORDER BY put annotations' NULL row_id last and sorted its table_name by ENUM position.
      const r = await readRelation(c, d.name, orderBySql(d.orderBy.length ? d : { ...d, orderBy: d.primaryKey }));
      const byName = new Map(d.columns.map((col) => [col.name, col]));
      tables.push({
        name: d.name, kind: 'table', labelZh: d.labelZh, description: d.description, primaryKey: d.primaryKey,
        columns: r.names.map((n, i) => ({ name: n, type: r.types[i]!, labelZh: byName.get(n)?.labelZh ?? '', description: byName.get(n)?.description ?? '' })),
        rows: r.rows,
      });
    }
    const views = await viewComments(c);
    for (const v of OPTIONAL_VIEWS.filter((name) => views.has(name))) {
      const r = await readRelation(c, v, '');
      tables.push({
        name: v, kind: 'view', labelZh: '', description: views.get(v)!, primaryKey: [],
        columns: r.names.map((n, i) => ({ name: n, type: r.types[i]!, labelZh: '', description: '' })),
        rows: r.rows,
      });
    }
    return tables;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
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
    papers[String(id)] = { file: rel, lines: readFileSync(path.join(root, rel), 'utf8').replace(/\n$/, '').split('\n') };
  }
  return papers;
}

/** The example queries, each titled by its leading comment. */
export function readQueries(dir: string): SiteQuery[] {
  return readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((f) => {
    const sql = readFileSync(path.join(dir, f), 'utf8');
    const title = sql.split('\n').filter((l) => l.startsWith('--')).map((l) => l.replace(/^--\s?/, '')).join(' ');
    return { file: `queries/${f}`, title, sql };
  });
}
