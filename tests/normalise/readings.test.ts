// Curated readings of printed quantities (sources/<id>/curated/readings.csv): a bound the paper printed as an exact
// figure is read as its source states it, and a training-data figure says what it counts; the printed text stays in
// <column>_raw. Each entry names the printed cell and the curated note that cites the source, or the build says why.

import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadGenerated } from '../../pipelines/lib/validators.ts';
import { editFile, sandbox, type Sandbox } from '../helpers/sandbox.ts';
import { normalised, problemsOf, rowsBy } from '../helpers/normalised.ts';

let s: Sandbox;
beforeAll(() => loadGenerated());
beforeEach(() => {
  s = sandbox();
});
afterEach(() => s.remove());

/** The models table as the normalise stage makes it from the sandbox's sources (no build). */
const models = () => rowsBy(normalised(s.sources), 'models', 'model_id');
const problems = () => problemsOf(models);

const readings = () => path.join(s.source, 'curated', 'readings.csv');
const pick = (m: Record<string, unknown>, cols: string[]) => cols.map((c) => m[c]);

describe('what the readings give', () => {
  it("reads Hunyuan's 1000 亿 and 2TB as the lower bounds Tencent states, with no upper bound, keeping the printed text", () => {
    const h = models().get('hunyuan')!;
    expect(pick(h, ['parameters', 'parameters_low', 'parameters_high', 'parameters_kind', 'parameters_raw'])).toEqual([
      null,
      100_000_000_000n,
      null,
      'lower_bound',
      '1000 亿',
    ]);
    expect(
      pick(h, [
        'training_data',
        'training_data_low',
        'training_data_high',
        'training_data_kind',
        'training_data_unit',
        'training_data_counts',
        'training_data_raw',
      ]),
    ).toEqual([null, 2_000_000_000_000n, null, 'lower_bound', 'bytes', 'tokens', '2TB']);
  });

  it('says what each figure printed in TB counts, per its cited source, and takes counted nouns as printed', () => {
    const m = models();
    const counts = Object.fromEntries(
      [...m].filter(([, r]) => r.training_data_kind !== 'not_reported').map(([id, r]) => [id, r.training_data_counts]),
    );
    expect(counts).toEqual({
      'gpt-3': 'bytes',
      palm: 'tokens',
      llama: 'tokens',
      'dall-e-2': 'image_text_pairs',
      'midjourney-v5': 'unknown',
      novelai: 'images',
      gemini: 'unknown',
      'gpt-4': 'tokens',
      'palm-e': 'tokens',
      'ernie-bot': 'bytes',
      'tongyi-qianwen': 'tokens',
      pangu: 'bytes',
      hunyuan: 'tokens',
      alphafold2: 'protein_structures',
    });
    for (const r of m.values()) if (r.training_data_kind === 'not_reported') expect(r.training_data_counts).toBeNull();
  });

  it('without a reading, a figure printed in TB counts bytes as printed and a bare number counts something unknown', () => {
    editFile(readings(), (t) =>
      t
        .split('\n')
        .filter((l) => !/^(llama|hunyuan),/.test(l))
        .join('\n'),
    );
    const m = models();
    expect(pick(m.get('llama')!, ['training_data_unit', 'training_data_counts'])).toEqual(['bytes', 'bytes']);
    expect(pick(m.get('hunyuan')!, ['parameters', 'parameters_high', 'parameters_kind'])).toEqual([
      100_000_000_000n,
      100_000_000_000n,
      'exact',
    ]);
  });
});

describe('a reading that does not fit says so, with its file and line', () => {
  it('is stale when the printed cell changed', () => {
    editFile(readings(), (t) => t.replace('hunyuan,parameters,1000 亿,', 'hunyuan,parameters,1001 亿,'));
    expect(problems()).toMatch(
      /curated\/readings\.csv:11 column printed: "1001 亿" is a stale reading: hunyuan parameters now reads "1000 亿"/,
    );
  });

  it('names a curated note on the same cell', () => {
    editFile(readings(), (t) =>
      t.replace(',tokens,llama.training_data.tokens-as-tb', ',tokens,llama.open_source.research-licence'),
    );
    expect(problems()).toMatch(
      /curated\/readings\.csv:4 column annotation_id: "llama\.open_source\.research-licence" names no curated annotation on llama training_data/,
    );
  });

  it('keeps the printed unit and parses in the grammar', () => {
    editFile(readings(), (t) => t.replace('超 2TB,tokens', '超 2T,tokens'));
    expect(problems()).toMatch(
      /readings\.csv:12 column reading: "超 2T" has the unit unspecified, the printed cell bytes/,
    );
    editFile(readings(), (t) => t.replace('超 2T,tokens', '超 2QB,tokens'));
    expect(problems()).toMatch(
      /readings\.csv:12 column reading: "超 2QB" is not a quantity: it has an unknown unit "QB"/,
    );
  });

  it('gives counts only for training data', () => {
    editFile(readings(), (t) => t.replace('超 1000 亿,,', '超 1000 亿,tokens,'));
    expect(problems()).toMatch(/readings\.csv:11 column counts: "tokens" is given for a parameter count/);
  });

  it('is stale when it names no model of the paper', () => {
    editFile(readings(), (t) => `${t}no-such-model,parameters,1 亿,,,gpt-3.training_data.raw-crawl\n`);
    expect(problems()).toMatch(
      /readings\.csv:13: is a stale reading: "no-such-model\|parameters" matches no extracted cell/,
    );
  });
});
