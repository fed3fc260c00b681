// What the independent re-review of issue 29 changed in the curated notes and the crosswalk (docs/review.md,
// "Independent re-review"), each checked against the source it rests on: the paper's text, Epoch AI's snapshot.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGenerated } from '../../pipelines/lib/validators.ts';
import { SOURCES_DIR } from '../helpers/project.ts';
import { normalised, rowsBy } from '../helpers/normalised.ts';

beforeAll(() => loadGenerated());

const csv = (file: string) =>
  Papa.parse<Record<string, string>>(readFileSync(path.join(SOURCES_DIR, file), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
const epoch = () => csv('epoch_ai_2026_01_26/notable-ai-models.csv');
const crosswalk = () => new Map(csv('chang2024/curated/epoch-crosswalk.csv').map((r) => [r.model_id!, r.note_en!]));
const notes = () => rowsBy(normalised(SOURCES_DIR, { annotated: true }), 'annotations', 'annotation_id');

describe('the crosswalk notes', () => {
  it('quote Epoch AI\'s record of ERNIE 3.0 Titan as it reads, adding nothing (it does not say "at its launch")', () => {
    const note = crosswalk().get('ernie-bot')!;
    const quoted = /Epoch AI's record says "([^"]+)"/.exec(note)?.[1];
    const titan = epoch().find((r) => r.Model!.trim() === 'ERNIE 3.0 Titan')!;
    expect(titan['Accessibility notes']).toContain(quoted);
    expect(note).not.toContain('at its launch');
  });

  it("name the snapshot's 2023 language model co-developed by SenseTime beside the later SenseChat 5.5", () => {
    const rows = epoch();
    const internlm = rows.findIndex((r) => r.Model!.trim() === 'InternLM');
    expect([internlm + 1, rows[internlm]!.Organization, rows[internlm]!['Publication date']]).toEqual([
      258,
      'Shanghai AI Lab,SenseTime',
      '2023-07-06',
    ]);
    expect(crosswalk().get('sensenova')).toContain('InternLM (record 258');
  });
});

describe("the crosswalk notes' Chinese", () => {
  const rows = () => csv('chang2024/curated/epoch-crosswalk.csv');
  const cjk = /\p{Script=Han}/u;

  it("keeps Epoch AI's record names, its quotations, record numbers and dates as the English note gives them", () => {
    const names = [...new Set(epoch().map((r) => r.Model!.trim()))].filter((n) => n.length >= 5);
    for (const r of rows()) {
      const [en, zh] = [r.note_en!, r.note_zh!];
      for (const n of names.filter((n) => en.includes(n))) expect(zh, `${r.model_id}: ${n}`).toContain(n);
      for (const [, q] of en.matchAll(/"([^"]+)"/g)) expect(zh, r.model_id).toContain(q);
      for (const [, n] of en.matchAll(/record (\d+)/g)) expect(zh, r.model_id).toContain(`记录 ${n}`);
      for (const [d] of en.matchAll(/\d{4}-\d{2}(-\d{2})?/g)) expect(zh, r.model_id).toContain(d);
    }
  });

  it('names models and organisations as the paper prints them in Chinese', () => {
    const printed = [
      ...csv('chang2024/curated/models.csv').map((m) => [m.model_en!.replace(/ \(.*\)$/, ''), m.model!]),
      ...csv('chang2024/curated/organisations.csv').map((o) => [o.name_en!, o.organisation!]),
    ].filter(([, zh]) => cjk.test(zh!));
    let named = 0;
    for (const r of rows())
      for (const [en, zh] of printed.filter(([en]) => r.note_en!.includes(en!))) {
        expect(r.note_zh, `${r.model_id}: ${en}`).toContain(zh);
        named++;
      }
    expect(named).toBeGreaterThan(10);
  });
});

describe('the curated notes', () => {
  it("call the EU's ChatGPT task force an incomplete attribution: an EU body (the EDPB) did set it up", () => {
    const n = notes().get('europe.policy.task-force')!;
    expect([n.kind, n.severity]).toEqual(['incomplete', 'info']);
  });

  it("say where the paper's own text opens ERNIE Bot (全面开放, to the public), beside its wrong 是", () => {
    const n = notes().get('ernie-bot.open_source.closed')!;
    expect(n.note_en).toContain('paper.txt line 335');
    const line = readFileSync(path.join(SOURCES_DIR, 'chang2024/paper.txt'), 'utf8').split('\n')[334]!;
    expect(line).toContain('百度文心一言大模型已全面开放');
  });

  it("give SenseChat 5.5's accessibility as that of a later model, not of the 2023 SenseChat", () => {
    expect(notes().get('sensenova.open_source.hosted')!.reference_text).toContain(
      '"SenseChat 5.5" (a later model, July 2024)',
    );
  });

  it("name each note after what it says: Pangu's 40TB is a vendor claim, Tongyi's 3TB a figure of another model", () => {
    const n = notes();
    expect(n.get('pangu.training_data.vendor-claim')?.kind).toBe('vendor_claim');
    expect(n.get('tongyi-qianwen.training_data.other-model')?.kind).toBe('value_from_other_model');
    expect(n.has('pangu.training_data.paper-figure')).toBe(false);
  });
});

describe('the translations', () => {
  it('render 模式 as "mode" wherever it occurs, as 表4 does, never as "model", which reads as an AI model here', () => {
    const withMode = csv('chang2024/curated/translations.csv').filter((t) => t.zh!.includes('模式'));
    expect(withMode.length).toBeGreaterThan(5);
    for (const t of withMode) expect(t.en, `${t.row_id}.${t.column}`).toMatch(/\bmodes?\b/);
  });
});
