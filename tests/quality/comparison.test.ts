// The comparison with Epoch AI tells the truth (issue 29): a parameter ratio only between the same model, Epoch AI's
// publication date beside each record, what each side's training-data figure counts and how that is known, ERNIE
// Bot matched to the model behind the product with the crosswalk's note on why on every row, every rule note on a
// curated cell settled, and the release date of Pangu-Weather's weights as its repository records it. Read from a build of the real sources, as users read it.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, sandbox, type Sandbox } from '../helpers/sandbox.ts';
import { CHANG2024 } from '../helpers/project.ts';

let s: Sandbox;
beforeAll(async () => {
  s = sandbox();
  await build(s);
});
afterAll(() => s.remove());

const table = (name: string) =>
  Papa.parse<Record<string, string>>(readFileSync(path.join(s.out, 'csv', `${name}.csv`), 'utf8'), {
    header: true,
    newline: '\n',
    skipEmptyLines: true,
  }).data;
const byId = (rows: Record<string, string>[], key: string) => new Map(rows.map((r) => [r[key]!, r]));

describe('models_vs_epoch_ai', () => {
  it('gives a parameter ratio only for a same-model record and an exact printed count', () => {
    const rows = table('models_vs_epoch_ai');
    for (const r of rows) {
      const comparable =
        r.epoch_ai_match === 'same_model' && r.parameters_kind === 'exact' && r.epoch_ai_parameters !== '';
      expect(r.parameters_ratio !== '', r.model_id).toBe(comparable);
      if (comparable)
        expect(Number(r.parameters_ratio)).toBeCloseTo(Number(r.parameters) / Number(r.epoch_ai_parameters), 4);
    }
    // The related-model rows that read like confirmations or contradictions before: ChatGLM-6B 1.03, ERNIE Bot 1.0, Tongyi 1388.9, Pangu 0.09.
    const m = byId(rows, 'model_id');
    for (const id of ['chatglm-6b', 'ernie-bot', 'tongyi-qianwen', 'pangu'])
      expect(m.get(id)!.parameters_ratio, id).toBe('');
  });

  it('says, where a ratio stands beside a figure that is not official, that Epoch AI repeats the same figure', () => {
    // GPT-4's 1.8 trillion and AlphaFold 2's 93 million agree with Epoch AI (ratio 1.0) because both sides repeat one
    // rumour or one third-party count; the note on the cell must say so, or the ratio reads as a confirmation.
    const notes = table('annotations').filter((n) => n.column_name === 'parameters' && n.same_problem_as === '');
    const unofficial = table('models_vs_epoch_ai').filter(
      (r) => r.parameters_ratio !== '' && r.parameters_status !== 'official',
    );
    expect(unofficial.map((r) => r.model_id)).toEqual(['gpt-4', 'alphafold2']);
    for (const r of unofficial) {
      expect(
        notes.some((n) => n.row_id === r.model_id && n.note_en!.includes('Epoch AI')),
        r.model_id,
      ).toBe(true);
    }
  });

  it("shows each record's publication date, and ERNIE Bot beside the model behind the product, not ERNIE 3.0 Titan", () => {
    const m = byId(table('models_vs_epoch_ai'), 'model_id');
    const epoch = byId(table('epoch_ai_models'), 'epoch_ai_model');
    for (const r of m.values())
      expect(r.epoch_ai_publication_date, r.model_id).toBe(
        r.epoch_ai_model === '' ? '' : epoch.get(r.epoch_ai_model!)!.publication_date,
      );
    expect([
      m.get('ernie-bot')!.epoch_ai_model,
      m.get('ernie-bot')!.epoch_ai_match,
      m.get('ernie-bot')!.epoch_ai_publication_date,
    ]).toEqual(['ERNIE 4.0', 'related_model', '2023-10-17']);
    expect(epoch.has('ERNIE 3.0 Titan')).toBe(false);
  });

  it('says on every row why its Epoch AI record is the one it is, in English and Chinese, as the crosswalk says', () => {
    const crosswalk = byId(
      Papa.parse<Record<string, string>>(readFileSync(path.join(CHANG2024, 'curated', 'epoch-crosswalk.csv'), 'utf8'), {
        header: true,
        newline: '\n',
        skipEmptyLines: true,
      }).data,
      'model_id',
    );
    for (const name of ['models', 'models_vs_epoch_ai']) {
      const rows = table(name);
      expect(rows).toHaveLength(23);
      for (const r of rows) {
        const c = crosswalk.get(r.model_id!)!;
        expect([r.epoch_ai_match_note_en, r.epoch_ai_match_note_zh], `${name} ${r.model_id}`).toEqual([
          c.note_en,
          c.note_zh,
        ]);
        expect(r.epoch_ai_match_note_en, r.model_id).not.toBe('');
        expect(r.epoch_ai_match_note_zh, r.model_id).not.toBe('');
      }
      // Beside the match, NOT NULL, and described in both languages in every format's metadata.
      const fields = (
        JSON.parse(readFileSync(path.join(s.out, 'datapackage.json'), 'utf8')) as {
          resources: { name: string; schema: { fields: { name: string; constraints?: { required?: boolean } }[] } }[];
        }
      ).resources.find((res) => res.name === name)!.schema.fields;
      const at = fields.findIndex((f) => f.name === 'epoch_ai_match');
      expect(fields.slice(at, at + 3).map((f) => [f.name, f.constraints?.required])).toEqual([
        ['epoch_ai_match', true],
        ['epoch_ai_match_note_en', true],
        ['epoch_ai_match_note_zh', true],
      ]);
    }
    // ERNIE Bot: the product's model, and where the printed figures come from.
    const ernie = byId(table('models_vs_epoch_ai'), 'model_id').get('ernie-bot')!;
    for (const part of ['ERNIE Bot', 'ERNIE 4.0', 'ERNIE 3.0 Titan', '2600 亿 and 4TB'])
      expect(ernie.epoch_ai_match_note_en).toContain(part);
    for (const part of ['文心一言', 'ERNIE 4.0', 'ERNIE 3.0 Titan', '2600 亿和 4TB'])
      expect(ernie.epoch_ai_match_note_zh).toContain(part);
  });

  it("says what both training-data figures count, and how Epoch AI's unit is known", () => {
    const m = byId(table('models_vs_epoch_ai'), 'model_id');
    const side = (id: string) =>
      ['training_data_counts', 'epoch_ai_training_dataset_size_unit', 'epoch_ai_training_dataset_size_unit_basis'].map(
        (c) => m.get(id)![c],
      );
    expect(side('gpt-3')).toEqual(['bytes', 'unknown', 'notes']); // Epoch AI's notes count words and do not explain 238e9
    expect(side('llama')).toEqual(['tokens', 'tokens', 'notes']);
    expect(side('chatglm-6b')).toEqual(['', 'tokens', 'notes']); // its domains would have made it data points
    expect(side('tongyi-qianwen')).toEqual(['tokens', 'tokens', 'domain']); // the notes do not say: inferred, and marked so
    expect(side('pangu-weather')).toEqual(['', 'data_points', 'notes']);
  });
});

describe('annotations', () => {
  it('count no rule note on a cell that a curated note settles', () => {
    const a = table('annotations');
    const curatedCells = new Set(a.filter((n) => n.origin === 'curated').map((n) => `${n.row_id}|${n.column_name}`));
    const unsettled = a.filter(
      (n) => n.origin === 'rule' && n.same_problem_as === '' && curatedCells.has(`${n.row_id}|${n.column_name}`),
    );
    expect(unsettled.map((n) => n.annotation_id)).toEqual([]);
  });

  it("date the release of Pangu-Weather's weights from its repository (February 2023), not from the Nature article (July 2023)", () => {
    const n = byId(table('annotations'), 'annotation_id').get('pangu-weather.open_source.weights-released')!;
    expect(n.note_en).toContain('in February 2023');
    expect(n.note_en).not.toMatch(/released [^.]* in July 2023/);
    expect(n.reference_urls).toContain(
      'https://github.com/198808xc/Pangu-Weather/commit/240731f9f889e5a3290547dea62cce83b054ceb7',
    );
  });
});
