// datapackage.json is valid against the official Data Package v2 profiles (vendored), derived from the schemas,
// and states the true bytes and SHA-256 of every file.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { build, sandbox, type Sandbox } from '../helpers/sandbox.ts';
import { ROOT } from '../helpers/project.ts';
import { expectFieldsAsSchemas } from '../helpers/table-schema-fields.ts';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: Ajv,
) => Ajv;
const profile = (name: string) =>
  JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'vendor', 'frictionless-v2', `${name}.json`), 'utf8'));

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON walked path by path; a wrong path fails the test's expectation
type Doc = Record<string, any>;

let s: Sandbox;
let pkg: Doc;
beforeAll(async () => {
  s = sandbox();
  await build(s);
  pkg = JSON.parse(readFileSync(path.join(s.out, 'datapackage.json'), 'utf8'));
});
afterAll(() => s.remove());

function validator(name: string) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // The profiles mark long text fields with format "textarea", a hint for form editors that constrains nothing.
  ajv.addFormat('textarea', true);
  return ajv.compile(profile(name));
}

describe('datapackage.json', () => {
  it('is valid against the Data Package v2 profile', () => {
    const v = validator('datapackage');
    expect(v({ name: 'no resources' })).toBe(false);
    expect(v(pkg), JSON.stringify(v.errors)).toBe(true);
  });

  it('has resources valid against the Data Resource, Table Schema and Table Dialect profiles', () => {
    const [resource, schema, dialect] = ['dataresource', 'tableschema', 'tabledialect'].map(validator);
    for (const r of pkg.resources) {
      expect(resource!(r), `${r.name}: ${JSON.stringify(resource!.errors)}`).toBe(true);
      expect(schema!(r.schema), `${r.name}: ${JSON.stringify(schema!.errors)}`).toBe(true);
      expect(dialect!(r.dialect), `${r.name}: ${JSON.stringify(dialect!.errors)}`).toBe(true);
    }
  });

  it('has one resource per table, with fields, keys, enums and missing values from the schemas', () => {
    const defs = loadTableDefs();
    expect(pkg.resources.map((r: Doc) => r.name)).toEqual(defs.map((d) => d.name));
    for (const d of defs) {
      const r = pkg.resources.find((x: Doc) => x.name === d.name);
      expect(r.schema.fields.map((f: Doc) => [f.name, f.type])).toEqual(d.columns.map((c) => [c.name, c.base]));
      expect(r.schema.primaryKey).toEqual(d.primaryKey);
      expect(r.schema.missingValues).toEqual(['']);
      for (const c of d.columns.filter((x) => x.enumValues)) {
        const f = r.schema.fields.find((x: Doc) => x.name === c.name);
        expect(f.categories).toEqual(c.enumValues);
        expect(f.constraints.enum).toEqual(c.enumValues);
      }
      expect((r.schema.foreignKeys ?? []).map((fk: Doc) => [fk.fields, fk.reference.resource])).toEqual(
        d.foreignKeys.map((fk) => [fk.fields, fk.reference.table]),
      );
    }
  });

  it('gives every field the type, constraints, format, unit and description its JSON Schema states', () => {
    for (const r of pkg.resources) expectFieldsAsSchemas(r.name, r.schema.fields);
  });

  it('states the bytes and sha256 of every CSV, Parquet and Arrow file', () => {
    const files = pkg.resources.flatMap((r: Doc) => [r, ...r.alternates]);
    expect(files.length).toBe(loadTableDefs().length * 3);
    for (const f of files) {
      const bytes = readFileSync(path.join(s.out, f.path));
      expect(f.bytes, f.path).toBe(bytes.length);
      expect(f.hash, f.path).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    }
  });

  it('carries the licence, the paper as source, the attribution and the version', () => {
    expect(pkg.licenses).toEqual([
      {
        name: 'CC-BY-4.0',
        path: 'https://creativecommons.org/licenses/by/4.0/',
        title: 'Creative Commons Attribution 4.0 International',
      },
    ]);
    expect(pkg.sources[0].path).toBe('https://doi.org/10.12677/sd.2024.143081');
    expect(pkg.attribution).toContain('CC BY 4.0');
    expect(pkg.version).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });
});
