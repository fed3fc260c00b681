// Automatic checks on the models table. Each check is a function named by the id of its entry in rules.json,
// which holds its thresholds and wording; each annotation it raises names the rule.

import rulesJson from './rules.json' with { type: 'json' };
import type { AnnotationRow } from './annotations.ts';
import { EPOCH_CHECKS } from './epoch-rules.ts';
import { columns, draft, forgetNotes, type RuleConfig, type RuleContext } from './draft.ts';
import { grouped } from '../grouped.ts';

export type { RuleConfig, RuleContext };

function parametersAboveCeiling(rule: RuleConfig, ctx: RuleContext): AnnotationRow[] {
  const ceilings = (rule.ceilings as { until_year: number; max_parameters: string }[]).map((c) => ({
    year: c.until_year,
    max: BigInt(c.max_parameters),
  }));
  const c = columns(ctx.models, ['source_id', 'model_id', 'parameters_low', 'parameters_raw']);
  const out: AnnotationRow[] = [];
  for (let r = 0; r < ctx.models.rowCount; r++) {
    const low = c.parameters_low![r] as bigint | null;
    if (low === null) continue;
    const source = c.source_id![r] as string;
    const year = ctx.sourceYear.get(source)!;
    const ceiling = (ceilings.find((x) => year <= x.year) ?? ceilings[ceilings.length - 1]!).max;
    if (low <= ceiling) continue;
    const printed = c.parameters_raw![r] as string;
    out.push(
      draft(rule, source, c.model_id![r] as string, c.model_id![r] as string, 'parameters', printed, rule.severity!, {
        printed,
        value: grouped(low),
        ceiling: grouped(ceiling),
        year: String(year),
      }),
    );
  }
  return out;
}

function textModelDataInBytes(rule: RuleConfig, ctx: RuleContext): AnnotationRow[] {
  const categories = new Set(rule.categories as string[]);
  const c = columns(ctx.models, ['source_id', 'model_id', 'category', 'training_data_unit', 'training_data_raw']);
  const out: AnnotationRow[] = [];
  for (let r = 0; r < ctx.models.rowCount; r++) {
    if (!categories.has(c.category![r] as string) || c.training_data_unit![r] !== 'bytes') continue;
    const printed = c.training_data_raw![r] as string;
    const id = c.model_id![r] as string;
    out.push(draft(rule, c.source_id![r] as string, id, id, 'training_data', printed, rule.severity!, { printed }));
  }
  return out;
}

export type Difference = 'lookalike_letters' | 'case' | 'punctuation_or_spacing';

/** How two names differ when they differ only by confusable characters; undefined when equal or unrelated. */
export function confusableDifference(
  printed: string,
  canonical: string,
  lookalikeGroups: readonly string[],
): Difference | undefined {
  if (printed === canonical) return undefined;
  const strip = (s: string) => s.replace(/[\s\-‐‑–—·・._]/gu, '');
  const fold = (s: string) =>
    [...s]
      .map((ch) => lookalikeGroups.find((g) => g.includes(ch))?.[0] ?? ch)
      .join('')
      .toLowerCase();
  const a = strip(printed);
  const b = strip(canonical);
  if (a === '' || b === '') return undefined;
  if (a === b) return 'punctuation_or_spacing';
  if (a.toLowerCase() === b.toLowerCase()) return 'case';
  if (fold(a) === fold(b)) return 'lookalike_letters';
  return undefined;
}

function confusableName(rule: RuleConfig, ctx: RuleContext): AnnotationRow[] {
  const pairs = rule.columns as Record<string, string>;
  const severities = rule.severity_by_difference as Record<Difference, string>;
  const names = rule.difference_names as Record<Difference, [string, string]>;
  const zh = rule.column_names_zh as Record<string, string>;
  const groups = rule.lookalike_groups as string[];
  const c = columns(ctx.models, ['source_id', 'model_id', 'model', 'model_en', 'organisation', 'organisation_id']);
  const out: AnnotationRow[] = [];
  for (let r = 0; r < ctx.models.rowCount; r++) {
    for (const [column, canonicalColumn] of Object.entries(pairs)) {
      const printed = c[column]![r] as string;
      const canonical =
        canonicalColumn === 'organisation_en'
          ? (ctx.organisationEn.get(c.organisation_id![r] as string) ?? printed)
          : (c[canonicalColumn]![r] as string);
      const diff = confusableDifference(printed, canonical, groups);
      if (!diff) continue;
      const id = c.model_id![r] as string;
      out.push(
        draft(rule, c.source_id![r] as string, id, id, column, printed, severities[diff], {
          printed,
          canonical,
          column,
          column_zh: zh[column] ?? column,
          difference: names[diff][0],
          difference_zh: names[diff][1],
        }),
      );
    }
  }
  return out;
}

const FULLWIDTH_PUNCT = /[\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff5e]/gu;
const ASCII_PUNCT = /[!-/:-@[-`{-~]/u;

/** Labels per source and category, with the first row each appears on. */
function labels(ctx: RuleContext): { source: string; category: string; label: string; rows: number[] }[] {
  const c = columns(ctx.models, ['source_id', 'category', 'category_raw']);
  const byKey = new Map<string, { source: string; category: string; label: string; rows: number[] }>();
  for (let r = 0; r < ctx.models.rowCount; r++) {
    const key = `${c.source_id![r]}|${c.category_raw![r]}`;
    let e = byKey.get(key);
    if (!e) {
      e = {
        source: c.source_id![r] as string,
        category: c.category![r] as string,
        label: c.category_raw![r] as string,
        rows: [],
      };
      byKey.set(key, e);
    }
    e.rows.push(r);
  }
  return [...byKey.values()];
}

function mixedFullwidthPunctuation(rule: RuleConfig, ctx: RuleContext): AnnotationRow[] {
  const all = labels(ctx);
  const out: AnnotationRow[] = [];
  for (const source of new Set(all.map((l) => l.source))) {
    const ls = all.filter((l) => l.source === source);
    const asciiUsed = ls.some((l) => ASCII_PUNCT.test(l.label));
    if (!asciiUsed) continue;
    for (const l of ls) {
      const chars = [...new Set(l.label.match(FULLWIDTH_PUNCT) ?? [])];
      if (chars.length === 0) continue;
      out.push(
        draft(rule, source, null, l.category, rule.column as string, l.label, rule.severity!, {
          printed: l.label,
          chars: chars.join(' '),
        }),
      );
    }
  }
  return out;
}

function categoryWithoutValues(rule: RuleConfig, ctx: RuleContext): AnnotationRow[] {
  const zh = rule.column_names_zh as Record<string, string>;
  const en = rule.column_names_en as Record<string, string>;
  const out: AnnotationRow[] = [];
  for (const l of labels(ctx)) {
    for (const column of rule.columns as string[]) {
      const kinds = ctx.models.column(`${column}_kind`);
      if (!l.rows.every((r) => kinds[r] === 'not_reported')) continue;
      out.push(
        draft(rule, l.source, null, l.category, column, l.label, rule.severity!, {
          printed: l.label,
          column,
          column_en: en[column] ?? column,
          column_zh: zh[column] ?? column,
        }),
      );
    }
  }
  return out;
}

const CHECKS: Record<string, (rule: RuleConfig, ctx: RuleContext) => AnnotationRow[]> = {
  parameters_above_ceiling: parametersAboveCeiling,
  text_model_data_in_bytes: textModelDataInBytes,
  confusable_name: confusableName,
  mixed_fullwidth_punctuation: mixedFullwidthPunctuation,
  category_without_values: categoryWithoutValues,
};

export const RULES = rulesJson.rules as unknown as RuleConfig[];

export function runRules(ctx: RuleContext, rules: readonly RuleConfig[] = RULES): AnnotationRow[] {
  try {
    return rules.flatMap((rule) => {
      const check = CHECKS[rule.id] ?? EPOCH_CHECKS[rule.id];
      if (!check) throw new Error(`rules.json names a rule with no check: ${rule.id}`);
      return check(rule, ctx);
    });
  } finally {
    forgetNotes();
  }
}
