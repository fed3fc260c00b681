// The compiled validators: the schema of a table's columns, the key it is compiled under, and the validators
// generated ahead of time (make validators), used only when generated from exactly the schemas on disk.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { columnsKey, schemaFiles, schemaKey, schemasDigest } from '../../pipelines/lib/validators.ts';

const dirs: string[] = [];
/** A folder of schema files (path → text), removed after the test. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lme-validators-'));
  dirs.push(dir);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * A copy of the module loaded afresh: its state (the generated validators) starts empty, and its helpers are defined
 * again (so that mutation testing, which changes such a definition only while a module loads, reaches them).
 */
const fresh = async () => {
  vi.resetModules();
  return import('../../pipelines/lib/validators.ts');
};

describe("the schema of a table's columns", () => {
  it("makes each column an array of values of that column's schema, by JSON Pointer, in name order", async () => {
    const s = (await fresh()).columnsSchema('x.schema.json', ['b', 'a/c', 'd~e']) as {
      properties: Record<string, unknown>;
    };
    expect(s).toEqual({
      type: 'object',
      properties: {
        'a/c': { type: 'array', items: { $ref: 'x.schema.json#/properties/a~1c' } },
        b: { type: 'array', items: { $ref: 'x.schema.json#/properties/b' } },
        'd~e': { type: 'array', items: { $ref: 'x.schema.json#/properties/d~0e' } },
      },
    });
    expect(Object.keys(s.properties)).toEqual(['a/c', 'b', 'd~e']);
  });

  it('is compiled under one key whatever the order of the columns', () => {
    expect(columnsKey('x.schema.json', ['b', 'a', 'c'])).toBe('columns:x.schema.json:a,b,c');
    expect(columnsKey('x.schema.json', ['c', 'a', 'b'])).toBe('columns:x.schema.json:a,b,c');
    expect(schemaKey('inputs/source.schema.json')).toBe('schema:inputs/source.schema.json');
  });
});

describe('the schema files', () => {
  it('are every .schema.json below the folder but the vendored ones, sorted by path', () => {
    const dir = folder({
      'b.schema.json': '{}',
      'a/z.schema.json': '{}',
      'a/notes.json': '{}',
      'vendor/v.schema.json': '{}',
      'README.md': '',
    });
    expect(schemaFiles(dir)).toEqual(['a/z.schema.json', 'b.schema.json']);
    expect(schemaFiles()).toEqual(expect.arrayContaining(['models.schema.json', 'inputs/source.schema.json']));
    expect(schemaFiles().filter((f) => f.startsWith('vendor'))).toEqual([]);
  });

  it('have a digest that changes with any byte or name of a schema file, and with nothing else', () => {
    const files = { 'a.schema.json': '{"a":1}', 'b/c.schema.json': '{"c":2}' };
    const digest = schemasDigest(folder(files));
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(schemasDigest(folder({ ...files, 'notes.md': 'x', 'vendor/v.schema.json': '{}' }))).toBe(digest);
    expect(schemasDigest(folder({ ...files, 'a.schema.json': '{"a":2}' }))).not.toBe(digest);
    expect(schemasDigest(folder({ 'a.schema.json': '{"a":1}', 'b/d.schema.json': '{"c":2}' }))).not.toBe(digest);
  });

  it('have a digest that keeps names and contents apart', () => {
    // Without a separator after each name and each content, these folders would hash the same bytes.
    const digests = (
      [
        { 'a.schema.json': '', 'b.schema.json': 'c' },
        { 'a.schema.json': '\0b.schema.jsonc' },
        { 'a.schema.json': 'b.schema.json\0c' },
      ] as Record<string, string>[]
    ).map((files) => schemasDigest(folder(files)));
    expect(new Set(digests).size).toBe(3);
  });
});

describe('the generated validators', () => {
  const GENERATED = '../../pipelines/generated/validators.cjs';
  afterEach(() => {
    vi.doUnmock(GENERATED);
    vi.resetModules();
  });
  const models = loadTableDefs()
    .find((d) => d.name === 'models')!
    .columns.map((c) => c.name);

  it("are used once loaded, for a table's columns in any order and for each input schema", async () => {
    const v = await fresh();
    expect(v.precompiled(v.columnsKey('models.schema.json', models))).toBeUndefined();
    await v.loadGenerated();
    const fast = v.precompiled(v.columnsKey('models.schema.json', models));
    expect(fast).toBeTypeOf('function');
    expect(v.precompiled(v.columnsKey('models.schema.json', [...models].reverse()))).toBe(fast);
    expect(v.precompiled(v.schemaKey('inputs/source.schema.json'))).toBeTypeOf('function');
    expect(v.precompiled('columns:none.schema.json:a')).toBeUndefined();
  });

  it('are not used when generated from other schemas, or when they cannot be loaded', async () => {
    const key = columnsKey('models.schema.json', models);
    vi.doMock(GENERATED, () => ({ digest: '0'.repeat(64), validators: { [key]: () => true } }));
    let v = await fresh();
    await v.loadGenerated();
    expect(v.precompiled(key)).toBeUndefined();
    vi.doMock(GENERATED, () => {
      throw new Error('not generated');
    });
    v = await fresh();
    await v.loadGenerated();
    expect(v.precompiled(key)).toBeUndefined();
  });
});
