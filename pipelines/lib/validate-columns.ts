// Validating columns rather than row objects: ajv compiles, once per table, a schema of an object whose
// properties are the table's columns as arrays, each item checked against that column's schema in the table's
// JSON Schema. Every value of every row is checked by ajv's generated loops, with no per-row object and one
// compilation per table. The row-level keywords (every column present, no other column) hold by construction:
// the columns are built from the schema's own property list.

import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { Schemas } from './schemas.ts';

import { columnsKey, columnsSchema, precompiled } from './validators.ts';

const cache = new WeakMap<Schemas, Map<string, ValidateFunction>>();

/** A validator of an object of columns: property p is an array whose items must match property p of `schemaId`. */
export function columnsValidator(schemas: Schemas, schemaId: string, properties: readonly string[]): ValidateFunction {
  const key = columnsKey(schemaId, properties);
  const ready = precompiled(key);
  if (ready) return ready;
  let compiled = cache.get(schemas);
  if (!compiled) {
    compiled = new Map();
    cache.set(schemas, compiled);
  }
  let v = compiled.get(key);
  if (!v) {
    v = schemas.ajv.compile(columnsSchema(schemaId, properties));
    compiled.set(key, v);
  }
  return v;
}

export interface ColumnError {
  column: string;
  row: number;
  error: ErrorObject;
}

/** Validates columns (by name); returns each failing value's column, row (0-based) and error. */
export function validateColumns(
  schemas: Schemas,
  schemaId: string,
  columns: Readonly<Record<string, readonly unknown[]>>,
): ColumnError[] {
  const v = columnsValidator(schemas, schemaId, Object.keys(columns));
  if (v(columns)) return [];
  const out: ColumnError[] = [];
  for (const error of v.errors ?? []) {
    const m = /^\/([^/]+)\/(\d+)/.exec(error.instancePath);
    if (m) out.push({ column: m[1]!.replace(/~1/g, '/').replace(/~0/g, '~'), row: Number(m[2]), error });
  }
  return out;
}

/** An ajv error as the end of a sentence about the value ("must be one of …", "lacks the field …"). */
export function describeError(e: ErrorObject): string {
  if (e.keyword === 'enum')
    return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'additionalProperties')
    return `has an unknown field ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}`;
  if (e.keyword === 'required')
    return `lacks the field ${JSON.stringify((e.params as { missingProperty: string }).missingProperty)}`;
  return e.message ?? e.keyword;
}
