// Compiled validators. ajv compiles each table's column validator (see validate-columns.ts) and each input's
// schema; compiling costs more than validating a small dataset, so the compiled code is also generated ahead of
// time into pipelines/generated/validators.cjs (by make, before the build is bundled; not kept in git). It is used
// only when it was generated from exactly the schemas on disk (a digest of them is stored beside the code);
// otherwise ajv compiles afresh.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { SCHEMA_DIR } from './paths.ts';

const pointer = (p: string) => `/properties/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** The schema of an object of columns: property p is an array whose items match property p of `schemaId`. */
export function columnsSchema(schemaId: string, properties: readonly string[]): object {
  return {
    type: 'object',
    properties: Object.fromEntries(
      [...properties].sort().map((p) => [p, { type: 'array', items: { $ref: `${schemaId}#${pointer(p)}` } }]),
    ),
  };
}

export const columnsKey = (schemaId: string, properties: readonly string[]) =>
  `columns:${schemaId}:${[...properties].sort().join(',')}`;
export const schemaKey = (schemaId: string) => `schema:${schemaId}`;

/** Every schema file the validators depend on, by path relative to schemas/. */
export function schemaFiles(dir: string = SCHEMA_DIR): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.schema.json') && !f.startsWith('vendor'))
    .sort();
}

export function schemasDigest(dir: string = SCHEMA_DIR): string {
  const h = createHash('sha256');
  for (const f of schemaFiles(dir))
    h.update(f)
      .update('\0')
      .update(readFileSync(path.join(dir, f)))
      .update('\0');
  return h.digest('hex');
}

interface Generated {
  digest: string;
  validators: Record<string, ValidateFunction>;
}

let generated: Generated | undefined | null = null;

/** The generated validators, when they match the schemas on disk. */
export async function loadGenerated(): Promise<void> {
  if (generated !== null) return;
  try {
    const mod = (await import('../generated/validators.cjs')) as Generated;
    generated = mod.digest === schemasDigest() ? mod : undefined;
  } catch {
    generated = undefined;
  }
}

export function precompiled(key: string): ValidateFunction | undefined {
  return generated?.validators[key];
}
