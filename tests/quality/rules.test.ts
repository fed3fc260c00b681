// The automatic checks, each on synthetic rows made to trip it or not; and the promise that every annotation
// cites a reference or names its rule.

import { describe, expect, it } from 'vitest';
import { confusableDifference, RULES, runRules, type RuleConfig } from '../../pipelines/lib/quality/rules.ts';
import { applyToModels, type AnnotationRow } from '../../pipelines/lib/quality/annotations.ts';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { TableData, type Value } from '../../pipelines/lib/table-data.ts';
import { build, sandbox } from '../helpers/sandbox.ts';

const modelsDef = loadTableDefs().find((d) => d.name === 'models')!;

interface Synthetic {
  id: string;
  model?: string;
  model_en?: string;
  organisation?: string;
  organisation_id?: string;
  category?: string;
  category_raw?: string;
  parameters_low?: bigint | null;
  parameters_kind?: string;
  training_data_unit?: string | null;
  training_data_kind?: string;
  source_id?: string;
}

function models(rows: Synthetic[]): TableData {
  const t = new TableData(modelsDef);
  rows.forEach((r, i) => {
    const row: Record<string, Value> = Object.fromEntries(modelsDef.columns.map((c) => [c.name, null]));
    Object.assign(row, {
      source_id: r.source_id ?? 'synthetic',
      model_id: r.id,
      row_no: i + 1,
      source_line: 10 + i,
      category: r.category ?? 'nlp_text_generation',
      category_raw: r.category_raw ?? 'NLP-文本',
      category_en: 'x',
      model: r.model ?? r.id,
      model_en: r.model_en ?? r.model ?? r.id,
      organisation: r.organisation ?? 'Org',
      organisation_id: r.organisation_id ?? 'org',
      parameters_low: r.parameters_low ?? null,
      parameters_kind: r.parameters_kind ?? (r.parameters_low ? 'exact' : 'not_reported'),
      parameters_raw: String(r.parameters_low ?? '/'),
      training_data_unit: r.training_data_unit ?? null,
      training_data_kind: r.training_data_kind ?? (r.training_data_unit ? 'exact' : 'not_reported'),
      training_data_raw: r.training_data_unit ? '1TB' : '/',
      open_source: false,
      open_source_raw: '否',
      epoch_ai_match: 'none',
      annotation_count: 0,
      flagged: false,
    });
    t.push(row);
  });
  return t;
}

const rule = (id: string): RuleConfig[] => RULES.filter((r) => r.id === id);
const ctx = (t: TableData, year = 2024, orgs: Record<string, string> = { org: 'Org' }) => ({
  models: t,
  sourceYear: new Map([['synthetic', year]]),
  organisationEn: new Map(Object.entries(orgs)),
});
const hits = (a: AnnotationRow[]) => a.map((x) => [x.row_id ?? x.printed, x.column_name, x.severity]);

describe('parameters_above_ceiling', () => {
  it("flags a parameter count above the ceiling of the source's year, and only that", () => {
    const t = models([
      { id: 'huge', parameters_low: 10n ** 14n },
      { id: 'big', parameters_low: 2n * 10n ** 12n },
      { id: 'none' },
    ]);
    expect(hits(runRules(ctx(t, 2024), rule('parameters_above_ceiling')))).toEqual([['huge', 'parameters', 'error']]);
    expect(hits(runRules(ctx(t, 2019), rule('parameters_above_ceiling')))).toEqual([
      ['huge', 'parameters', 'error'],
      ['big', 'parameters', 'error'],
    ]);
  });

  it('applies a ceiling through its last year, and flags only counts strictly above it', () => {
    const [early, late] = (
      rule('parameters_above_ceiling')[0]!.ceilings as { until_year: number; max_parameters: string }[]
    ).map((c) => ({ year: c.until_year, max: BigInt(c.max_parameters) }));
    const t = models([
      { id: 'at', parameters_low: early!.max },
      { id: 'above', parameters_low: early!.max + 1n },
      { id: 'late', parameters_low: late!.max + 1n },
    ]);
    const flagged = (year: number) => hits(runRules(ctx(t, year), rule('parameters_above_ceiling'))).map((h) => h[0]);
    expect(flagged(early!.year)).toEqual(['above', 'late']);
    expect(flagged(early!.year + 1)).toEqual(['late']);
    expect(flagged(late!.year)).toEqual(['late']);
  });
});

describe('text_model_data_in_bytes', () => {
  it('flags a text or multimodal model whose data is in bytes, not an image or science model or a count', () => {
    const t = models([
      { id: 'text-tb', training_data_unit: 'bytes' },
      { id: 'multimodal-tb', category: 'multimodal', training_data_unit: 'bytes' },
      { id: 'image-tb', category: 'cv_image_generation', training_data_unit: 'bytes' },
      { id: 'science-tb', category: 'scientific_computing', training_data_unit: 'bytes' },
      { id: 'text-count', training_data_unit: 'unspecified' },
    ]);
    expect(hits(runRules(ctx(t), rule('text_model_data_in_bytes')))).toEqual([
      ['text-tb', 'training_data', 'info'],
      ['multimodal-tb', 'training_data', 'info'],
    ]);
  });
});

describe('confusable_name', () => {
  it.each([
    ['NovelAl', 'NovelAI', 'lookalike_letters'],
    ['PALM-E', 'PaLM-E', 'case'],
    ['Stability.AI', 'Stability AI', 'punctuation_or_spacing'],
    ['DALL-E 2', 'DALL·E 2', 'punctuation_or_spacing'],
    ['GPT-4', 'GPT-4', undefined],
    ['讯飞星火', 'iFLYTEK Spark', undefined],
    ['Claude', 'Gemini', undefined],
    ['G0PHER', 'Gopher', 'lookalike_letters'],
  ] as const)('%s vs %s: %s', (printed, canonical, expected) => {
    expect(confusableDifference(printed, canonical, ['lI1|', 'oO0'])).toBe(expected);
  });

  it('raises a warning for look-alike letters and notes for case and punctuation, on models and organisations', () => {
    const t = models([
      { id: 'a', model: 'NovelAl', model_en: 'NovelAI' },
      { id: 'b', model: 'PALM-E', model_en: 'PaLM-E', organisation: 'Stability.AI', organisation_id: 'stab' },
      { id: 'c', model: '混元', model_en: 'Hunyuan' },
    ]);
    expect(hits(runRules(ctx(t, 2024, { org: 'Org', stab: 'Stability AI' }), rule('confusable_name')))).toEqual([
      ['a', 'model', 'warning'],
      ['b', 'model', 'info'],
      ['b', 'organisation', 'info'],
    ]);
  });
});

describe('mixed_fullwidth_punctuation', () => {
  it('flags a label with full-width punctuation when other labels use ASCII', () => {
    const t = models([
      { id: 'a', category_raw: 'NLP-文本' },
      { id: 'b', category: 'multimodal', category_raw: '多模态－跨模态' },
    ]);
    const a = runRules(ctx(t), rule('mixed_fullwidth_punctuation'));
    expect(hits(a)).toEqual([['多模态－跨模态', 'category_raw', 'info']]);
    expect(a[0]!.note_en).toContain('(－)');
  });

  it('says nothing when no label uses ASCII punctuation', () => {
    const t = models([
      { id: 'a', category_raw: '文本' },
      { id: 'b', category: 'multimodal', category_raw: '多模态－跨模态' },
    ]);
    expect(runRules(ctx(t), rule('mixed_fullwidth_punctuation'))).toEqual([]);
  });
});

describe('category_without_values', () => {
  it('flags a category in which no row reports a column', () => {
    const t = models([
      { id: 'a', category: 'cv_image_generation', category_raw: 'CV', training_data_unit: 'images' },
      { id: 'b', category: 'cv_image_generation', category_raw: 'CV' },
      { id: 'c', parameters_low: 5n, training_data_unit: 'bytes' },
    ]);
    expect(hits(runRules(ctx(t), rule('category_without_values')))).toEqual([['CV', 'parameters', 'info']]);
  });
});

describe('every rule', () => {
  it('has a check, and names itself in each annotation it raises', () => {
    const t = models([
      { id: 'huge', model: 'NovelAl', model_en: 'NovelAI', parameters_low: 10n ** 14n, training_data_unit: 'bytes' },
    ]);
    const all = runRules(ctx(t));
    expect(new Set(all.map((a) => a.rule_id))).toEqual(
      new Set(['parameters_above_ceiling', 'text_model_data_in_bytes', 'confusable_name']),
    );
    for (const a of all) {
      expect(a.origin).toBe('rule');
      expect(a.note_en).toContain(`[Raised automatically by rule ${a.rule_id}.]`);
      expect(a.note_zh).toContain(`由规则 ${a.rule_id} 自动生成`);
      expect(a.annotation_id).toMatch(new RegExp(`^rule:${a.rule_id}:`));
    }
    expect(() => runRules(ctx(t), [{ id: 'no_such_rule', kind: 'typo', note_en: '', note_zh: '' }])).toThrow(
      /no check/,
    );
  });

  it('flags a model for warnings and errors only', () => {
    const t = models([{ id: 'w' }, { id: 'i' }, { id: 'n' }]);
    const note = (row_id: string, severity: string) =>
      ({ source_id: 'synthetic', table_name: 'models', row_id, severity }) as AnnotationRow;
    applyToModels(t, [note('w', 'warning'), note('w', 'info'), note('i', 'info')]);
    expect(t.column('annotation_count')).toEqual([2, 1, 0]);
    expect(t.column('flagged')).toEqual([true, false, false]);
  });
});

it('gives every annotation of the real dataset a reference or a rule', async () => {
  const s = sandbox();
  try {
    const annotations = (await build(s)).get('annotations')!;
    expect(annotations.rowCount).toBeGreaterThan(30);
    for (let r = 0; r < annotations.rowCount; r++) {
      const a = annotations.row(r);
      if (a.origin === 'curated') expect(a.reference_urls, String(a.annotation_id)).toMatch(/^https?:\/\//);
      else expect([a.origin, a.rule_id], String(a.annotation_id)).toEqual(['rule', expect.any(String)]);
    }
  } finally {
    s.remove();
  }
});
