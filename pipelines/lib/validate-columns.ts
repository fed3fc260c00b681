// Validating columns rather than row objects: ajv compiles, for each column, an array schema whose items are the
// column's schema in the table's JSON Schema, so each value of every row is checked by ajv's generated loop with
// no per-row object. The row-level keywords (every column present, no other column) hold by construction:
// columns are built from the schema's own property list.

import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';

const cache = new WeakMap<Ajv2020, Map<string, ValidateFunction>>();

/** A validator of a whole column: an array whose items must match property `property` of schema `schemaId`. */
export function columnValidator(ajv: Ajv2020, schemaId: string, property: string): ValidateFunction {
  let perAjv = cache.get(ajv);
  if (!perAjv) cache.set(ajv, (perAjv = new Map()));
  const key = `${schemaId}#${property}`;
  let v = perAjv.get(key);
  if (!v) {
    const pointer = `/properties/${property.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    v = ajv.compile({ type: 'array', items: { $ref: `${schemaId}#${pointer}` } });
    perAjv.set(key, v);
  }
  return v;
}

export interface ColumnError { row: number; error: ErrorObject }

/** Validates a column; returns each failing row (0-based) with its error. */
export function validateColumn(ajv: Ajv2020, schemaId: string, property: string, values: readonly unknown[]): ColumnError[] {
  const v = columnValidator(ajv, schemaId, property);
  if (v(values)) return [];
  return (v.errors ?? [])
    .map((error) => ({ row: Number(/^\/(\d+)/.exec(error.instancePath)?.[1] ?? -1), error }))
    .filter((e) => e.row >= 0);
}

export function describeError(e: ErrorObject): string {
  if (e.keyword === 'enum') return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return e.message ?? e.keyword;
}
