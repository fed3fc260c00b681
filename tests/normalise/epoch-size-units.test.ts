// What an Epoch AI record's training dataset size counts (pipelines/lib/epoch/size-units.ts): from the record's own
// notes where sources/<snapshot>/curated/dataset-size-units.csv has read them, otherwise inferred from the domain and
// marked so; an entry that matches no kept record, or names a record without a size, stops the build with its line.

import path from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { loadGenerated } from '../../pipelines/lib/validators.ts';
import { editFile, sandbox, type Sandbox } from '../helpers/sandbox.ts';
import { normalised, problemsOf, rowsBy } from '../helpers/normalised.ts';

let s: Sandbox;
beforeAll(() => loadGenerated());
beforeEach(() => {
  s = sandbox();
});
afterEach(() => s.remove());

const units = () => path.join(s.sources, 'epoch_ai_2026_01_26', 'curated', 'dataset-size-units.csv');
const records = () => rowsBy(normalised(s.sources), 'epoch_ai_models', 'epoch_ai_model');
const problems = () => problemsOf(records);

const unit = (r: Record<string, unknown> | undefined) => [
  r?.training_dataset_size_unit,
  r?.training_dataset_size_unit_basis,
];

it("takes the unit from the notes where they were read, and marks the domain's inference where not", () => {
  const e = records();
  expect(unit(e.get('ChatGLM3-6B'))).toEqual(['tokens', 'notes']);
  expect(unit(e.get('GPT-3 175B (davinci)'))).toEqual(['unknown', 'notes']);
  expect(unit(e.get('Qwen-72B'))).toEqual(['tokens', 'domain']);
  expect(unit(e.get('Claude'))).toEqual([null, null]);
  expect(String(e.get('PaLM (540B)')!.dataset_size_notes)).toContain('780 billion tokens');
});

it('without the file, infers every unit from the domain and says so', () => {
  editFile(units(), (t) => `${t.split('\n')[0]!}\n`);
  const e = records();
  expect(unit(e.get('ChatGLM3-6B'))).toEqual(['data_points', 'domain']);
  expect(unit(e.get('GPT-3 175B (davinci)'))).toEqual(['tokens', 'domain']);
});

it('refuses an entry that matches no kept record, and one for a record without a size', () => {
  editFile(units(), (t) => `${t}ERNIE 3.0 Titan,tokens,no crosswalk names it\nClaude,tokens,Epoch AI gives no size\n`);
  const msg = problems();
  expect(msg).toMatch(
    /dataset-size-units\.csv:11 column epoch_ai_model: "ERNIE 3\.0 Titan" is a stale entry: no kept record has this name/,
  );
  expect(msg).toMatch(
    /dataset-size-units\.csv:12 column epoch_ai_model: "Claude" names a record with no training dataset size/,
  );
});
