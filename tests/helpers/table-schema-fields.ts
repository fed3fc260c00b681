// What datapackage.json must say of each field of a table, read from schemas/ directly (not through the TableDefs
// the emitter uses, so that a slip in either shows): type, constraints, format, unit, title, description, categories.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './project.ts';

/** The JSON Schema keywords of a column that the check below maps into a Table Schema field. */
const KNOWN_KEYWORDS = new Set([
  '$ref',
  'type',
  'enum',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'format',
  'description',
  'x-label-zh',
  'x-label-en',
  'x-unit',
]);

const read = (f: string) => JSON.parse(readFileSync(path.join(ROOT, 'schemas', f), 'utf8'));

/** A Table Schema field as datapackage.json writes it. */
export type Field = { name: string } & Record<string, unknown>;

/** Expects the Table Schema fields of `table` to state what its JSON Schema states, field by field. */
export function expectFieldsAsSchemas(table: string, fields: Field[]): void {
  const common = read('common.schema.json');
  const schema = read(`${table}.schema.json`);
  expect(fields.map((f) => f.name)).toEqual(Object.keys(schema.properties));
  for (const f of fields) {
    const prop = schema.properties[f.name];
    const p = prop.$ref ? { ...common.$defs[prop.$ref.split('/').pop()], ...prop } : prop;
    const at = `${table}.${f.name}`;
    const types = [p.type].flat();
    const unknown = Object.keys(p).filter((k) => !KNOWN_KEYWORDS.has(k));
    expect(unknown, `${at}: keywords this test does not know how to map into a Table Schema`).toEqual([]);
    const values = p.enum?.filter((v: unknown) => v !== null);
    const constraints = {
      ...(types.includes('null') ? {} : { required: true }),
      ...(values ? { enum: values } : {}),
      ...(p.pattern !== undefined ? { pattern: p.pattern } : {}),
      ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
      ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
      ...(p.minLength !== undefined ? { minLength: p.minLength } : {}),
      ...(p.maxLength !== undefined ? { maxLength: p.maxLength } : {}),
    };
    expect(f.type, at).toBe(types.find((t: string) => t !== 'null'));
    expect(f.constraints ?? {}, at).toEqual(constraints);
    expect(f.format, at).toBe(p.format);
    expect(f.unit, at).toBe(p['x-unit']);
    expect(f.title, at).toBe(p['x-label-zh']);
    expect(f.description, at).toBe(p.description + (p['x-unit'] ? ` Unit: ${p['x-unit']}.` : ''));
    expect(f.categories, at).toEqual(values);
  }
}
