// croissant.json: the dataset in MLCommons Croissant 1.0 (http://mlcommons.org/croissant/1.0) with the responsible-AI
// properties of Croissant RAI 1.0, from the same table definitions as datapackage.json. One FileObject per file with
// its size and SHA-256; one RecordSet per table with a Field per column, each extracting its column from the table's
// Parquet file; keys and foreign keys as Croissant keys and references. Its JSON-LD context is the vendored one.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SCHEMA_DIR } from '../paths.ts';
import type { ColumnDef, TableDef } from '../schemas.ts';
import { PROJECT_CREATOR, type PackageInfo } from './describe.ts';
import rai from './rai.json' with { type: 'json' };

export const CROISSANT_CONFORMS_TO = ['http://mlcommons.org/croissant/1.0', 'http://mlcommons.org/croissant/RAI/1.0'];
export const CROISSANT_CONTEXT_FILE = path.join(SCHEMA_DIR, 'vendor', 'croissant', 'context-1.0.jsonld');

/** A file of the dataset as a FileObject: `id` is its name in the layout (unique), `url` where it is fetched from. */
export interface DataFile {
  id: string;
  url: string;
  bytes: number;
  sha256: string;
  encodingFormat: string;
}

export const MEDIA_TYPES: Record<string, string> = {
  csv: 'text/csv',
  parquet: 'application/vnd.apache.parquet',
  arrow: 'application/vnd.apache.arrow.file',
  json: 'application/json',
  zip: 'application/zip',
  duckdb: 'application/vnd.duckdb',
  md: 'text/markdown',
  cff: 'application/x-yaml',
  txt: 'text/plain',
};

export function mediaType(file: string): string {
  return MEDIA_TYPES[path.extname(file).slice(1)] ?? 'application/octet-stream';
}

/** The schema.org type a column's values have (Croissant's dataType). */
export function dataType(c: ColumnDef): string {
  if (c.base === 'integer') return 'sc:Integer';
  if (c.base === 'number') return 'sc:Float';
  if (c.base === 'boolean') return 'sc:Boolean';
  return c.format === 'uri' ? 'sc:URL' : 'sc:Text';
}

function fileObject(f: DataFile): Record<string, unknown> {
  return {
    '@type': 'cr:FileObject',
    '@id': f.id,
    name: f.id,
    contentUrl: f.url,
    contentSize: `${f.bytes} B`,
    encodingFormat: f.encodingFormat,
    sha256: f.sha256,
  };
}

/** The files of a layout by path, sorted, each fetched from url(path). */
function dataFiles(
  files: ReadonlyMap<string, { bytes: number; sha256: string }>,
  url: (p: string) => string = (p) => p,
): DataFile[] {
  return [...files.keys()].sort().map((p) => ({ id: p, url: url(p), ...files.get(p)!, encodingFormat: mediaType(p) }));
}

const fieldId = (table: string, column: string) => `${table}/${column}`;

function field(def: TableDef, c: ColumnDef, parquet: string, defs: readonly TableDef[]): Record<string, unknown> {
  const refs = def.foreignKeys.flatMap((fk) => {
    const i = fk.fields.indexOf(c.name);
    if (i < 0 || !defs.some((d) => d.name === fk.reference.table)) return [];
    return [{ field: { '@id': fieldId(fk.reference.table, fk.reference.fields[i]!) } }];
  });
  return {
    '@type': 'cr:Field',
    '@id': fieldId(def.name, c.name),
    name: c.name,
    description: `${c.labelEn} (${c.labelZh}). ${c.description}${c.unit ? ` Unit: ${c.unit}.` : ''}${c.nullable ? '' : ' Never empty.'}`,
    dataType: dataType(c),
    ...(refs.length === 1 ? { references: refs[0] } : refs.length > 1 ? { references: refs } : {}),
    source: { fileObject: { '@id': parquet }, extract: { column: c.name } },
  };
}

function recordSet(def: TableDef, parquet: string, defs: readonly TableDef[]): Record<string, unknown> {
  const key = def.primaryKey.map((k) => ({ '@id': fieldId(def.name, k) }));
  return {
    '@type': 'cr:RecordSet',
    '@id': def.name,
    name: def.name,
    description: `${def.labelEn} (${def.labelZh}). ${def.description}`,
    key: key.length === 1 ? key[0] : key,
    field: def.columns.map((c) => field(def, c, parquet, defs)),
  };
}

/** A BibTeX entry for the dataset (Croissant's citeAs asks for BibTeX). */
export function bibtex(info: PackageInfo): string {
  return [
    `@misc{${info.name.replace(/[^A-Za-z0-9]+/g, '_')}_${info.version.replace(/\./g, '_')},`,
    `  author = {{${PROJECT_CREATOR}}},`,
    `  title = {{${info.title}}},`,
    `  year = {${info.created.slice(0, 4)}},`,
    `  version = {${info.version}},`,
    `  url = {${info.homepage}},`,
    `  note = {Dataset, ${info.licence.title}. Derived from ${info.sources.map((s) => `${s.title}, ${s.path}`).join('; ')}}`,
    '}',
  ].join('\n');
}

/**
 * The Croissant document. `files` are the layout's files (each with its bytes and SHA-256); `parquetOf` names the
 * FileObject (a `files` id) that holds a table's Parquet file.
 */
export function croissant(
  info: PackageInfo,
  defs: readonly TableDef[],
  files: readonly DataFile[],
  parquetOf: (table: string) => string,
): Record<string, unknown> {
  const ids = new Set(files.map((f) => f.id));
  for (const d of defs)
    if (!ids.has(parquetOf(d.name))) throw new Error(`${d.name}: no file ${parquetOf(d.name)} among the FileObjects`);
  const { '@context': context } = JSON.parse(readFileSync(CROISSANT_CONTEXT_FILE, 'utf8')) as {
    '@context': Record<string, unknown>;
  };
  const { _comment: _, ...responsible } = rai;
  return {
    '@context': context,
    '@type': 'sc:Dataset',
    '@id': info.id,
    name: info.name,
    alternateName: info.title,
    description: info.description,
    conformsTo: CROISSANT_CONFORMS_TO,
    version: info.version,
    datePublished: info.created.slice(0, 10),
    license: info.licence.path,
    url: info.homepage,
    creator: { '@type': 'sc:Organization', name: PROJECT_CREATOR, url: info.homepage },
    citeAs: bibtex(info),
    keywords: info.keywords,
    inLanguage: ['zh', 'en'],
    isBasedOn: info.sources.map((s) => s.path),
    isLiveDataset: false,
    ...responsible,
    distribution: files.map(fileObject),
    recordSet: defs.map((d) => recordSet(d, parquetOf(d.name), defs)),
  };
}

/**
 * croissant.json's text for the files of a layout, by path (relative to the document, which is also each file's
 * contentUrl): out/'s csv/, parquet/ and arrow/ files, or a release's. Sorted by path, so the text depends on the
 * files alone.
 */
export function croissantJson(
  info: PackageInfo,
  defs: readonly TableDef[],
  files: ReadonlyMap<string, { bytes: number; sha256: string }>,
  parquetOf = (t: string) => `parquet/${t}.parquet`,
): string {
  return `${JSON.stringify(croissant(info, defs, dataFiles(files), parquetOf), null, 2)}\n`;
}

/** What relocateCroissant() reads of a RecordSet; every other member passes through as it is. */
type RecordSetDocument = Record<string, unknown> & {
  '@id': string;
  field: (Record<string, unknown> & { source: Record<string, unknown> })[];
};

/**
 * The build's croissant.json for another layout (a release's top level): its FileObjects replaced by the layout's
 * files, and each Field's source moved to the FileObject that holds its table's Parquet file there.
 */
export function relocateCroissant(
  doc: Record<string, unknown>,
  files: ReadonlyMap<string, { bytes: number; sha256: string }>,
  parquetOf: (table: string) => string,
  url = (p: string) => p,
): string {
  const recordSet = (doc.recordSet as RecordSetDocument[]).map((rs) => {
    const parquet = parquetOf(rs['@id']);
    if (!files.has(parquet)) throw new Error(`${rs['@id']}: no file ${parquet} in the layout`);
    return {
      ...rs,
      field: rs.field.map((f) => ({
        ...f,
        source: { ...f.source, fileObject: { '@id': parquet } },
      })),
    };
  });
  return `${JSON.stringify({ ...doc, distribution: dataFiles(files, url).map(fileObject), recordSet }, null, 2)}\n`;
}
