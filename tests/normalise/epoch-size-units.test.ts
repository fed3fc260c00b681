// What an Epoch AI record's training dataset size counts (pipelines/lib/epoch/size-units.ts): from the record's own
// notes where sources/<snapshot>/curated/dataset-size-units.csv has read them, otherwise inferred from the domain and
// marked so; an entry that matches no kept record, or names a record without a size, stops the build with its line.

import path from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { createAjv, loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { loadGenerated } from '../../pipelines/lib/validators.ts';
import { DataError } from '../../pipelines/lib/problems.ts';
import { extractSources } from '../../pipelines/stages/extract.ts';
import { normalise } from '../../pipelines/stages/normalise.ts';
import { loadSources } from '../../pipelines/stages/sources.ts';
import { editFile, sandbox, type Sandbox } from '../helpers/sandbox.ts';

let s: Sandbox;
beforeAll(() => loadGenerated());
beforeEach(() => { s = sandbox(); });
afterEach(() => s.remove());

const units = () => path.join(s.sources, 'epoch_ai_2026_01_26', 'curated', 'dataset-size-units.csv');

function records(): Map<string, Record<string, unknown>> {
  const ajv = createAjv();
  const sources = loadSources(s.sources, ajv);
  const t = normalise(sources, extractSources(sources), loadTableDefs(), ajv).dataset.get('epoch_ai_models')!;
  return new Map(Array.from({ length: t.rowCount }, (_, r) => [t.row(r)['epoch_ai_model'] as string, t.row(r)]));
}

function problems(): string {
  try {
    records();
  } catch (e) {
    if (e instanceof DataError) return e.message;
    throw e;
  }
  throw new Error('normalise succeeded where it should have failed');
}

const unit = (r: Record<string, unknown> | undefined) => [r?.['training_dataset_size_unit'], r?.['training_dataset_size_unit_basis']];

it('takes the unit from the notes where they were read, and marks the domain\'s inference where not', () => {
  const e = records();
  expect(unit(e.get('ChatGLM3-6B'))).toEqual(['tokens', 'notes']);
  expect(unit(e.get('GPT-3 175B (davinci)'))).toEqual(['unknown', 'notes']);
  expect(unit(e.get('Qwen-72B'))).toEqual(['tokens', 'domain']);
  expect(unit(e.get('Claude'))).toEqual([null, null]);
  expect(String(e.get('PaLM (540B)')!['dataset_size_notes'])).toContain('780 billion tokens');
});

it('without the file, infers every unit from the domain and says so', () => {
  editFile(units(), (t) => t.split('\n')[0]! + '\n');
  const e = records();
  expect(unit(e.get('ChatGLM3-6B'))).toEqual(['data_points', 'domain']);
  expect(unit(e.get('GPT-3 175B (davinci)'))).toEqual(['tokens', 'domain']);
});

it('refuses an entry that matches no kept record, and one for a record without a size', () => {
  editFile(units(), (t) => `${t}ERNIE 3.0 Titan,tokens,no crosswalk names it\nClaude,tokens,Epoch AI gives no size\n`);
  const msg = problems();
  expect(msg).toMatch(/dataset-size-units\.csv:11 column epoch_ai_model: "ERNIE 3\.0 Titan" is a stale entry: no kept record has this name/);
  expect(msg).toMatch(/dataset-size-units\.csv:12 column epoch_ai_model: "Claude" names a record with no training dataset size/);
});
