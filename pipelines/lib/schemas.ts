// The JSON Schemas in schemas/ are the single description of every dataset table and of every hand-edited
// input. This module compiles them with ajv and turns the table schemas into TableDefs, from which the DDL,
// datapackage.json, the Arrow schema and the data dictionary are generated.

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { SCHEMA_DIR } from './paths.ts';

// ajv and ajv-formats are required when an ajv is first made, not imported: a build makes none, and the bundle leaves
// them out (300 KB that Node would otherwise parse on every build).
const load = createRequire(import.meta.url);

/** Annotation keywords of our own: metadata for generators, ignored by validation. */
export const META_KEYWORDS = [
  'x-label-zh',
  'x-label-en',
  'x-unit',
  'x-primary-key',
  'x-foreign-keys',
  'x-order-by',
  'x-position',
  'x-derived-from',
];

/** number: a ratio computed by a derived table (DOUBLE); the paper's own quantities are exact integers. */
export type BaseType = 'string' | 'integer' | 'number' | 'boolean';

export interface ColumnDef {
  name: string;
  base: BaseType;
  nullable: boolean;
  /** Name of the closed set (a $defs entry of common.schema.json) and its values, for ENUM columns. */
  enumName?: string;
  enumValues?: string[];
  description: string;
  labelZh: string;
  /** A short English label (a column header), beside the Chinese one. */
  labelEn: string;
  unit?: string;
  pattern?: string;
  minimum?: number;
  minLength?: number;
  format?: string;
}

export interface ForeignKey {
  fields: string[];
  reference: { table: string; fields: string[] };
}

export interface TableDef {
  name: string;
  /** Where the table comes in documentation and listings (models first, provenance last). */
  position: number;
  description: string;
  labelZh: string;
  labelEn: string;
  primaryKey: string[];
  foreignKeys: ForeignKey[];
  orderBy: string[];
  columns: ColumnDef[];
  /**
   * A derived table: computed in DuckDB by this SELECT (a file under schemas/, e.g. derived/models_vs_epoch_ai.sql)
   * from the tables loaded before it, then written to every format like the others.
   */
  derivedFrom?: string;
}

type Json = Record<string, unknown>;

function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

function schemaFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.schema.json') && !f.startsWith('vendor'))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Every schema of schemas/ as written, and ajv holding them all, made when first asked for. The pipeline's validators
 * are generated ahead of time (lib/validators.ts), so a build makes no ajv unless a schema changed since: making one
 * costs about 15 ms, compiling a schema more (tests/validate/no-runtime-compile.test.ts).
 */
export class Schemas {
  private readonly raw = new Map<string, Json>();
  private made: Ajv2020 | undefined;

  constructor(
    dir: string = SCHEMA_DIR,
    private readonly opts: { source?: boolean } = {},
  ) {
    for (const f of schemaFiles(dir)) {
      const json = readJson(f);
      this.raw.set(String(json.$id), json);
    }
  }

  /** A schema as written (without compiling it, which ajv's getSchema would do). */
  json(id: string): Json {
    const json = this.raw.get(id);
    if (!json) throw new Error(`no schema ${id}`);
    return json;
  }

  /**
   * ajv with every schema added. The schemas themselves are checked against the JSON Schema meta-schema in the tests
   * (tests/schemas.test.ts), not on every run. `source` keeps the generated code, for standalone output.
   */
  get ajv(): Ajv2020 {
    if (this.made) return this.made;
    const { Ajv2020 } = load('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    const addFormats = load('ajv-formats') as (a: Ajv2020) => Ajv2020;
    const ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      allowUnionTypes: true,
      validateSchema: false,
      ...(this.opts.source ? { code: { source: true } } : {}),
    });
    addFormats(ajv);
    ajv.addVocabulary(META_KEYWORDS);
    for (const json of this.raw.values()) ajv.addSchema(json);
    this.made = ajv;
    return ajv;
  }

  /** Whether ajv was made (a build whose validators were all generated makes none). */
  get ajvMade(): boolean {
    return this.made !== undefined;
  }
}

/** An ajv instance holding every schema (the generator and the schemas' own tests compile with it). */
export function createAjv(opts: { source?: boolean } = {}, dir: string = SCHEMA_DIR): Ajv2020 {
  return new Schemas(dir, opts).ajv;
}

function resolveColumn(name: string, prop: Json, common: Json): ColumnDef {
  let merged: Json = { ...prop };
  let enumName: string | undefined;
  const ref = prop.$ref;
  if (typeof ref === 'string') {
    const key = ref.split('/').pop()!;
    const def = (common.$defs as Record<string, Json>)[key];
    if (!def) throw new Error(`${name}: unknown $ref ${ref}`);
    merged = { ...def, ...prop };
    if (Array.isArray(def.enum)) enumName = key;
  }
  const types = ([] as unknown[]).concat(merged.type) as string[];
  const base = types.find((t) => t !== 'null') as BaseType | undefined;
  if (!base || !['string', 'integer', 'number', 'boolean'].includes(base))
    throw new Error(`${name}: unsupported type ${String(merged.type)}`);
  const values = Array.isArray(merged.enum)
    ? (merged.enum as unknown[]).filter((v): v is string => typeof v === 'string')
    : undefined;
  const col: ColumnDef = {
    name,
    base,
    nullable: types.includes('null'),
    description: String(merged.description ?? ''),
    labelZh: String(merged['x-label-zh'] ?? ''),
    labelEn: String(merged['x-label-en'] ?? ''),
  };
  if (enumName && values) {
    col.enumName = enumName;
    col.enumValues = values;
  }
  if (typeof merged['x-unit'] === 'string') col.unit = merged['x-unit'];
  if (typeof merged.pattern === 'string') col.pattern = merged.pattern;
  if (typeof merged.minimum === 'number') col.minimum = merged.minimum;
  if (typeof merged.minLength === 'number') col.minLength = merged.minLength;
  if (typeof merged.format === 'string') col.format = merged.format;
  return col;
}

export function tableDef(schema: Json, common: Json): TableDef {
  const props = schema.properties as Record<string, Json>;
  return {
    name: String(schema.title),
    position: Number(schema['x-position']),
    description: String(schema.description),
    labelZh: String(schema['x-label-zh']),
    labelEn: String(schema['x-label-en']),
    primaryKey: schema['x-primary-key'] as string[],
    foreignKeys: (schema['x-foreign-keys'] as ForeignKey[] | undefined) ?? [],
    orderBy: schema['x-order-by'] as string[],
    columns: Object.entries(props).map(([n, p]) => resolveColumn(n, p, common)),
    ...(typeof schema['x-derived-from'] === 'string' ? { derivedFrom: schema['x-derived-from'] } : {}),
  };
}

/** Every dataset table, in documentation order (x-position). */
export function loadTableDefs(dir: string = SCHEMA_DIR): TableDef[] {
  const common = readJson(path.join(dir, 'common.schema.json'));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.schema.json') && f !== 'common.schema.json')
    .map((f) => tableDef(readJson(path.join(dir, f)), common))
    .sort((a, b) => a.position - b.position);
}

/** A table described by a schema outside the dataset proper (e.g. diff/data_diff.schema.json). */
export function loadTableDef(file: string, dir: string = SCHEMA_DIR): TableDef {
  return tableDef(readJson(path.join(dir, file)), readJson(path.join(dir, 'common.schema.json')));
}

/** The tables in an order that creates parents before children (foreign keys point backwards). */
export function creationOrder(defs: readonly TableDef[]): TableDef[] {
  const ordered: TableDef[] = [];
  const placed = new Set<string>();
  while (ordered.length < defs.length) {
    const next = defs.find(
      (d) =>
        !placed.has(d.name) &&
        d.foreignKeys.every((fk) => placed.has(fk.reference.table) || fk.reference.table === d.name),
    );
    if (!next) throw new Error('foreign keys of the table schemas form a cycle');
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}

/** The closed sets used by table columns, by name, in first-use order. */
export function enumTypes(defs: readonly TableDef[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of defs)
    for (const c of d.columns) if (c.enumName && !out.has(c.enumName)) out.set(c.enumName, c.enumValues!);
  return out;
}
