// datapackage.json (Frictionless Data Package v2): one resource per table with its CSV as `path` and the
// Parquet and Arrow files beside it, Table Schemas derived from schemas/, and the bytes and SHA-256 of every
// file. Nothing in it depends on when or where it was built.

import type { ColumnDef, TableDef } from '../schemas.ts';

export interface FileStat { path: string; bytes: number; sha256: string }

export interface PackageInfo {
  name: string;
  title: string;
  description: string;
  version: string;
  homepage: string;
  keywords: string[];
  licence: { name: string; path: string; title: string };
  attribution: string;
  sources: { title: string; path: string }[];
}

const PROFILE = 'https://datapackage.org/profiles/2.0';

/** String formats that JSON Schema and Table Schema name alike; any other needs a mapping written here. */
const STRING_FORMATS = new Set(['uri', 'email', 'uuid']);

function tableSchemaFormat(c: ColumnDef): string {
  if (c.base !== 'string' || !STRING_FORMATS.has(c.format!)) throw new Error(`${c.name}: no Table Schema format for JSON Schema format ${c.format}`);
  return c.format!;
}

function field(c: ColumnDef): Record<string, unknown> {
  const f: Record<string, unknown> = {
    name: c.name,
    type: c.base,
    title: c.labelZh,
    description: c.description + (c.unit ? ` Unit: ${c.unit}.` : ''),
  };
  if (c.format) f['format'] = tableSchemaFormat(c);
  if (c.unit) f['unit'] = c.unit;
  if (c.enumValues) f['categories'] = c.enumValues;
  const constraints: Record<string, unknown> = {};
  if (!c.nullable) constraints['required'] = true;
  if (c.enumValues) constraints['enum'] = c.enumValues;
  if (c.pattern) constraints['pattern'] = c.pattern;
  if (c.minimum !== undefined) constraints['minimum'] = c.minimum;
  if (c.minLength !== undefined) constraints['minLength'] = c.minLength;
  if (Object.keys(constraints).length > 0) f['constraints'] = constraints;
  if (c.base === 'boolean') { f['trueValues'] = ['true']; f['falseValues'] = ['false']; }
  return f;
}

const hash = (s: FileStat) => `sha256:${s.sha256}`;

export function tableSchema(def: TableDef): Record<string, unknown> {
  return {
    $schema: `${PROFILE}/tableschema.json`,
    fields: def.columns.map(field),
    primaryKey: def.primaryKey,
    ...(def.foreignKeys.length > 0
      ? { foreignKeys: def.foreignKeys.map((fk) => ({ fields: fk.fields, reference: { resource: fk.reference.table, fields: fk.reference.fields } })) }
      : {}),
    missingValues: [''],
  };
}

export function dataPackage(info: PackageInfo, defs: readonly TableDef[], files: (table: string) => { csv: FileStat; parquet: FileStat; arrow: FileStat }, database: string): Record<string, unknown> {
  return {
    $schema: `${PROFILE}/datapackage.json`,
    name: info.name,
    title: info.title,
    description: info.description,
    version: info.version,
    homepage: info.homepage,
    keywords: info.keywords,
    licenses: [info.licence],
    attribution: info.attribution,
    sources: info.sources,
    database: { path: database, format: 'duckdb', description: 'Every table with types, ENUMs, comments (stating its keys, which the build checked) and views. Not byte-stable across builds, so no hash is given; compare its content.' },
    resources: defs.map((def) => {
      const f = files(def.name);
      return {
        name: def.name,
        type: 'table',
        title: def.labelZh,
        description: def.description,
        path: f.csv.path,
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        bytes: f.csv.bytes,
        hash: hash(f.csv),
        dialect: { $schema: `${PROFILE}/tabledialect.json`, header: true, delimiter: ',', lineTerminator: '\n', quoteChar: '"', doubleQuote: true },
        schema: tableSchema(def),
        alternates: [
          { path: f.parquet.path, format: 'parquet', mediatype: 'application/vnd.apache.parquet', bytes: f.parquet.bytes, hash: hash(f.parquet) },
          { path: f.arrow.path, format: 'arrow', mediatype: 'application/vnd.apache.arrow.file', bytes: f.arrow.bytes, hash: hash(f.arrow) },
        ],
      };
    }),
  };
}
