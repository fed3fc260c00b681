// The schemas themselves: valid JSON Schema 2020-12, consistent with what the code assumes, and the generated
// (precompiled) validators current and equivalent to compiling afresh.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { generatedValidators } from '../pipelines/generate-validators.ts';
import { createAjv, loadTableDefs, META_KEYWORDS } from '../pipelines/lib/schemas.ts';
import {
  columnsKey,
  columnsSchema,
  loadGenerated,
  precompiled,
  schemaFiles,
  schemaKey,
} from '../pipelines/lib/validators.ts';
import { unitIds } from '../pipelines/lib/quantity/registry.ts';
import { ROOT } from './helpers/project.ts';

const SCHEMAS = path.join(ROOT, 'schemas');

describe('the schemas', () => {
  it.each(schemaFiles())('%s is a valid JSON Schema 2020-12', (file) => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    ajv.addVocabulary(META_KEYWORDS);
    expect(
      ajv.validateSchema(JSON.parse(readFileSync(path.join(SCHEMAS, file), 'utf8'))),
      JSON.stringify(ajv.errors),
    ).toBe(true);
  });

  it.each(loadTableDefs().map((d) => [d.name]))(
    '%s: every column required, described, labelled in Chinese and English; keys name real columns',
    (name) => {
      const schema = JSON.parse(readFileSync(path.join(SCHEMAS, `${name}.schema.json`), 'utf8'));
      const def = loadTableDefs().find((d) => d.name === name)!;
      expect(schema.required).toEqual(Object.keys(schema.properties));
      for (const c of def.columns) {
        expect(c.description.length, c.name).toBeGreaterThan(10);
        expect(c.labelZh, c.name).toMatch(/\p{Script=Han}|DOI|SHA/u);
        expect(c.labelEn, c.name).toMatch(/^[A-Z][A-Za-z0-9 ().,-]*$/);
      }
      expect(def.labelEn).toMatch(/^[A-Z][A-Za-z0-9 ().,-]*$/);
      const names = def.columns.map((c) => c.name);
      for (const k of [...def.primaryKey, ...def.orderBy, ...def.foreignKeys.flatMap((f) => f.fields)])
        expect(names).toContain(k);
    },
  );

  it('lists every unit the quantity grammar can yield in the data_unit closed set', () => {
    const common = JSON.parse(readFileSync(path.join(SCHEMAS, 'common.schema.json'), 'utf8'));
    expect(common.$defs.data_unit.enum.filter((x: unknown) => x !== null).sort()).toEqual(unitIds());
  });
});

describe('the generated validators', () => {
  it('are what the schemas generate (run `make validators` after changing a schema)', () => {
    expect(readFileSync(path.join(ROOT, 'pipelines', 'generated', 'validators.cjs'), 'utf8')).toBe(
      generatedValidators(),
    );
  });

  // Compiling a schema at run time costs more than a small build's whole validation (43 ms for csv-columns alone).
  it('cover every JSON input the pipeline reads', async () => {
    await loadGenerated();
    const code = readdirSync(path.join(ROOT, 'pipelines'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(path.join(ROOT, 'pipelines', f), 'utf8'))
      .join('\n');
    const ids = [...code.matchAll(/loadJsonInput(?:<[^>]*>)?\([^;]*?'(inputs\/[a-z-]+\.schema\.json)'/g)].map(
      (m) => m[1]!,
    );
    expect(ids.length).toBeGreaterThanOrEqual(3);
    for (const id of ids) expect(precompiled(schemaKey(id)), id).toBeTypeOf('function');
  });

  it('are used, and judge good and bad columns as ajv compiling afresh does', async () => {
    await loadGenerated();
    const ajv = createAjv();
    const table = loadTableDefs().find((d) => d.name === 'models')!;
    const key = columnsKey(
      'models.schema.json',
      table.columns.map((c) => c.name),
    );
    const fast = precompiled(key)!;
    expect(fast).toBeTypeOf('function');
    const fresh = ajv.compile(
      columnsSchema(
        'models.schema.json',
        table.columns.map((c) => c.name),
      ),
    );
    const good = Object.fromEntries(table.columns.map((c) => [c.name, []]));
    const bad = { ...good, parameters_kind: ['exact', 'huge'], model_id: ['ok', 'Not A Slug'] };
    for (const data of [good, bad]) {
      expect(fast(data)).toBe(fresh(data));
      expect((fast.errors ?? []).map((e) => e.instancePath)).toEqual((fresh.errors ?? []).map((e) => e.instancePath));
    }
  });
});
