// datapackage.json (Frictionless Data Package v2): one resource per table with its CSV as `path` and the
// Parquet and Arrow files beside it, Table Schemas derived from schemas/, and the bytes and SHA-256 of every
// file. Nothing in it depends on when or where it was built (`created` is a date of the sources, describe.ts).
// A release holds its files in another layout: relocate() gives the package of each layout from the build's.

import type { ColumnDef, TableDef } from '../schemas.ts';
import { tableSources, type Licence, type PackageInfo, type SourceInfo } from './describe.ts';

export type { PackageInfo };

export interface FileStat {
  path: string;
  bytes: number;
  sha256: string;
}

const PROFILE = 'https://datapackage.org/profiles/2.0';

/** String formats that JSON Schema and Table Schema name alike; any other needs a mapping written here. */
const STRING_FORMATS = new Set(['uri', 'email', 'uuid']);

function tableSchemaFormat(c: ColumnDef): string {
  if (c.base !== 'string' || !STRING_FORMATS.has(c.format!))
    throw new Error(`${c.name}: no Table Schema format for JSON Schema format ${c.format}`);
  return c.format!;
}

function field(c: ColumnDef): Record<string, unknown> {
  const f: Record<string, unknown> = {
    name: c.name,
    type: c.base,
    title: c.labelZh,
    description: c.description + (c.unit ? ` Unit: ${c.unit}.` : ''),
  };
  if (c.format) f.format = tableSchemaFormat(c);
  if (c.unit) f.unit = c.unit;
  if (c.enumValues) f.categories = c.enumValues;
  const constraints: Record<string, unknown> = {};
  if (!c.nullable) constraints.required = true;
  if (c.enumValues) constraints.enum = c.enumValues;
  if (c.pattern) constraints.pattern = c.pattern;
  if (c.minimum !== undefined) constraints.minimum = c.minimum;
  if (c.minLength !== undefined) constraints.minLength = c.minLength;
  if (Object.keys(constraints).length > 0) f.constraints = constraints;
  if (c.base === 'boolean') {
    f.trueValues = ['true'];
    f.falseValues = ['false'];
  }
  return f;
}

const hash = (s: FileStat) => `sha256:${s.sha256}`;

export function tableSchema(def: TableDef): Record<string, unknown> {
  return {
    $schema: `${PROFILE}/tableschema.json`,
    fields: def.columns.map(field),
    primaryKey: def.primaryKey,
    ...(def.foreignKeys.length > 0
      ? {
          foreignKeys: def.foreignKeys.map((fk) => ({
            fields: fk.fields,
            reference: { resource: fk.reference.table, fields: fk.reference.fields },
          })),
        }
      : {}),
    missingValues: [''],
  };
}

const sourceEntry = (s: SourceInfo) => ({ title: s.title, path: s.path });

export function dataPackage(
  info: PackageInfo,
  defs: readonly TableDef[],
  files: (table: string) => { csv: FileStat; parquet: FileStat; arrow: FileStat },
  database: string,
): Record<string, unknown> {
  return {
    $schema: `${PROFILE}/datapackage.json`,
    name: info.name,
    id: info.id,
    title: info.title,
    description: info.description,
    version: info.version,
    created: info.created,
    homepage: info.homepage,
    keywords: info.keywords,
    contributors: info.contributors,
    licenses: [info.licence],
    attribution: info.attribution,
    sources: info.sources.map(sourceEntry),
    database: {
      path: database,
      format: 'duckdb',
      description:
        'Every table with types, ENUMs, comments (stating its keys, which the build checked) and views. Not byte-stable across builds, so no hash is given; compare its content.',
    },
    resources: defs.map((def) => {
      const f = files(def.name);
      const own = tableSources(def, info.sources);
      return {
        name: def.name,
        type: 'table',
        title: def.labelZh,
        description: def.description,
        // A table drawn from a CSV dataset names its own sources and their licences (the package's name them all).
        ...(own ? { sources: own.map(sourceEntry), licenses: uniqueLicences(own) } : {}),
        path: f.csv.path,
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        bytes: f.csv.bytes,
        hash: hash(f.csv),
        dialect: {
          $schema: `${PROFILE}/tabledialect.json`,
          header: true,
          delimiter: ',',
          lineTerminator: '\n',
          quoteChar: '"',
          doubleQuote: true,
        },
        schema: tableSchema(def),
        alternates: [
          {
            path: f.parquet.path,
            format: 'parquet',
            mediatype: 'application/vnd.apache.parquet',
            bytes: f.parquet.bytes,
            hash: hash(f.parquet),
          },
          {
            path: f.arrow.path,
            format: 'arrow',
            mediatype: 'application/vnd.apache.arrow.file',
            bytes: f.arrow.bytes,
            hash: hash(f.arrow),
          },
        ],
      };
    }),
  };
}

function uniqueLicences(sources: readonly SourceInfo[]): Licence[] {
  const byName = new Map(sources.map((s) => [s.licence.name, s.licence]));
  return [...byName.values()];
}

/** Where each format's file of a table lies in a layout; a format without a place is left out of that layout. */
export interface Layout {
  csv: (table: string) => string;
  parquet?: (table: string) => string;
  arrow?: (table: string) => string;
  /** The database's path, if the layout holds it. */
  database?: string;
}

const FORMAT_OF_ALTERNATE: Record<string, 'parquet' | 'arrow'> = { parquet: 'parquet', arrow: 'arrow' };

/** What relocate() reads of a datapackage.json; every other member passes through as it is. */
type PackageDocument = Record<string, unknown> & {
  database?: Record<string, unknown>;
  resources: (Record<string, unknown> & { name: string; alternates?: { format: string; path: string }[] })[];
};

/**
 * The build's datapackage.json for another layout of the same files (a release's top level, an archive's folder):
 * every path moved to where the layout puts it, and any file the layout does not hold dropped, so that every path
 * resolves beside the package. Bytes and hashes stay: they are the same files.
 */
export function relocate(pkg: Record<string, unknown>, layout: Layout): Record<string, unknown> {
  const { database, resources, ...rest } = pkg as PackageDocument;
  return {
    ...rest,
    ...(layout.database && database ? { database: { ...database, path: layout.database } } : {}),
    resources: resources.map((r) => {
      const { alternates, ...resource } = r;
      const moved = (alternates ?? []).flatMap((a) => {
        const place = layout[FORMAT_OF_ALTERNATE[a.format]!];
        return place ? [{ ...a, path: place(r.name) }] : [];
      });
      return { ...resource, path: layout.csv(r.name), ...(moved.length > 0 ? { alternates: moved } : {}) };
    }),
  };
}

/** A release's top level: each table's CSV and Parquet file, and the database, side by side. */
export const releaseLayout = (database: string): Layout => ({
  csv: (t) => `${t}.csv`,
  parquet: (t) => `${t}.parquet`,
  database,
});

/** The text of a release's top-level datapackage.json, from the text of the build's. */
export function releasePackageText(built: string, database: string): string {
  return `${JSON.stringify(relocate(JSON.parse(built) as Record<string, unknown>, releaseLayout(database)), null, 2)}\n`;
}
