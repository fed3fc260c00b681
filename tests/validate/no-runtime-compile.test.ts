// The paper's build compiles no schema while it runs: every validator it uses was generated ahead of time
// (pipelines/generated/validators.cjs), so it never makes an ajv instance. Making one costs about 15 ms and
// compiling a curated file's schema about 17 ms, on a build of about 900 ms (docs/maintainers/performance.md).
// Until this test, the curated file of Epoch AI's dataset-size units was compiled on every build.

import { expect, it } from 'vitest';
import { SOURCES_DIR } from '../../pipelines/lib/paths.ts';
import { loadTableDefs, Schemas } from '../../pipelines/lib/schemas.ts';
import { loadGenerated } from '../../pipelines/lib/validators.ts';
import { annotate } from '../../pipelines/stages/annotate.ts';
import { extractSources, extractedRowsByTable } from '../../pipelines/stages/extract.ts';
import { normalise } from '../../pipelines/stages/normalise.ts';
import { loadSources } from '../../pipelines/stages/sources.ts';
import { validate } from '../../pipelines/stages/validate.ts';

it('reads, normalises and validates the real sources without making an ajv instance', async () => {
  await loadGenerated();
  const schemas = new Schemas();
  const sources = loadSources(SOURCES_DIR, schemas);
  const extracted = extractSources(sources);
  const { dataset, notes } = normalise(sources, extracted, loadTableDefs(), schemas);
  annotate(dataset, notes);
  validate(dataset, extractedRowsByTable(extracted), sources, schemas);
  expect(schemas.ajvMade).toBe(false);
});

it('makes ajv on first need, once, holding every schema', () => {
  const schemas = new Schemas();
  expect(schemas.ajvMade).toBe(false);
  const ajv = schemas.ajv;
  expect(schemas.ajvMade).toBe(true);
  expect(schemas.ajv).toBe(ajv);
  expect(ajv.getSchema('models.schema.json')).toBeTypeOf('function');
});
