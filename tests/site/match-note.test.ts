// Why a model's Epoch AI record is the one it is, in the explorer, on the built site's data: the crosswalk's note is a
// column of models and models_vs_epoch_ai in both languages, and the pane of any Epoch AI value of a row gives it in
// the reader's language (a related model's values say nothing about the paper's without it).

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteData } from '../../pipelines/lib/site/data.ts';
import { displayColumns, matchNote, matchNoteFor, rowObjects, tableByName } from '../../site/src/model.ts';
import { ROOT } from '../helpers/project.ts';

let data: SiteData;
beforeAll(() => {
  const file = path.join(ROOT, 'out', 'site', 'data.json');
  if (!existsSync(file)) throw new Error('out/site/ is missing: run `make site` (make test builds it).');
  data = JSON.parse(readFileSync(file, 'utf8')) as SiteData;
});

const prepared = (name: string) => {
  const table = tableByName(data, name)!;
  return { rows: rowObjects(table), columns: displayColumns(data, table) };
};

describe('the Epoch AI match note in the explorer', () => {
  it.each(['models', 'models_vs_epoch_ai'])(
    'is one column of %s, Chinese in Chinese and English in English',
    (name) => {
      const { rows, columns } = prepared(name);
      const note = columns.find((c) => c.key === 'epoch_ai_match_note')!;
      expect([note.zh, note.en, note.labelZh, note.labelEn]).toEqual([
        'epoch_ai_match_note_zh',
        'epoch_ai_match_note_en',
        '匹配说明',
        'Why this match',
      ]);
      for (const r of rows) {
        expect(matchNote(r, 'en'), String(r.model_id)).toBe(r.epoch_ai_match_note_en);
        expect(matchNote(r, 'zh'), String(r.model_id)).toBe(r.epoch_ai_match_note_zh);
        expect(matchNote(r, 'zh'), String(r.model_id)).toMatch(/\p{Script=Han}/u);
      }
    },
  );

  it("is in the pane of each Epoch AI value of ERNIE Bot's row, in the reader's language, and nowhere else", () => {
    const { rows, columns } = prepared('models_vs_epoch_ai');
    const ernie = rows.find((r) => r.model_id === 'ernie-bot')!;
    const of = (key: string, lang: 'en' | 'zh') => matchNoteFor(columns.find((c) => c.key === key)!, ernie, lang);
    for (const key of ['epoch_ai_match', 'epoch_ai_model', 'epoch_ai_parameters', 'epoch_ai_model_accessibility']) {
      expect(of(key, 'en'), key).toContain('ERNIE 4.0');
      expect(of(key, 'zh'), key).toContain('文心一言');
    }
    // Not beside the paper's own values, nor repeated in the pane of the note itself.
    for (const key of ['model', 'parameters', 'open_source', 'epoch_ai_match_note'])
      expect(of(key, 'en'), key).toBeUndefined();
    // Epoch AI's own table has no match: no note.
    const epoch = prepared('epoch_ai_models');
    const model = epoch.columns.find((c) => c.key === 'epoch_ai_model')!;
    for (const r of epoch.rows) expect(matchNoteFor(model, r, 'en')).toBeUndefined();
  });
});
