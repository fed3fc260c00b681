// 表3 → the models table: curated English names and ids, categories from the label rows, quantities parsed
// into exact integers with bounds, and the open-source mark read through the spec's values.

import { parseQuantity, quantityExamples, type Quantity, type QuantityResult } from '../quantity/parse.ts';
import type { Grammar } from '../quantity/registry.ts';
import { TableData } from '../table-data.ts';
import type { ExtractedTable } from '../extract/types.ts';
import { curatedPath, type CuratedFiles } from './curated.ts';
import { Lookup } from './lookup.ts';
import { cellWhere, columnText, type NormaliseContext } from './context.ts';
import { shown } from '../paths.ts';

const REGISTRY_FILE = 'pipelines/lib/quantity/registry.json';

/** Parses with a cache: tables repeat the same few printed forms. */
class QuantityCache {
  private readonly cache = new Map<string, QuantityResult>();
  constructor(private readonly grammar: Grammar) {}
  parse(raw: string): QuantityResult {
    let r = this.cache.get(raw);
    if (!r) {
      r = parseQuantity(raw, this.grammar);
      this.cache.set(raw, r);
    }
    return r;
  }
}

export interface ModelLookups {
  models: Lookup;
  organisations: Lookup;
  categories: Lookup;
  crosswalk: Lookup;
}

export function modelLookups(c: CuratedFiles): ModelLookups {
  return {
    models: new Lookup(curatedPath(c, 'models'), c.models, (v) => v['model']!, 'model name'),
    organisations: new Lookup(curatedPath(c, 'organisations'), c.organisations, (v) => v['organisation']!, 'organisation'),
    categories: new Lookup(curatedPath(c, 'categories'), c.categories, (v) => v['category_raw']!, 'category label'),
    crosswalk: new Lookup(curatedPath(c, 'crosswalk'), c.crosswalk, (v) => v['model_id']!, 'crosswalk entry'),
  };
}

export function normaliseModels(t: ExtractedTable, lookups: ModelLookups, ctx: NormaliseContext): TableData {
  const out = new TableData(ctx.defs.get('models')!);
  const { problems } = ctx;
  const text = (c: string) => columnText(t, c);
  const [category, model, organisation, parameters, trainingData, openSource] =
    ['category', 'model', 'organisation', 'parameters', 'training_data', 'open_source'].map(text) as string[][];
  const marks = t.spec.columns.find((c) => c.name === 'open_source')?.values ?? {};
  const params = new QuantityCache('count');
  const data = new QuantityCache('data_size');
  const seen = new Map<string, number>();

  const quantity = (cache: QuantityCache, r: number, column: string, raw: string, grammar: Grammar): Quantity | undefined => {
    const res = cache.parse(raw);
    if (res.ok) return res.quantity;
    const why = res.error.reason === 'is not a quantity' ? '' : `: it ${res.error.reason}`;
    problems.report(cellWhere(t, r, column, model![r]), `is not a quantity${why} (expected e.g. ${quantityExamples(grammar)})`,
      `Check the cell against the paper. If the paper prints a form the grammar does not know, add it to ${REGISTRY_FILE}.`, raw);
    return undefined;
  };

  for (let r = 0; r < t.rowCount; r++) {
    const name = model![r]!;
    const m = lookups.models.take(name);
    if (!m) {
      problems.report(cellWhere(t, r, 'model', name), 'has no curated English name and id',
        `Add a line "<model_id>,${name},<English name>" to ${shown(lookups.models.file)}.`, name);
    } else if (seen.has(m.values['model_id']!)) {
      problems.report(cellWhere(t, r, 'model', name), `repeats the model of row ${seen.get(m.values['model_id']!)}`,
        'Two rows print the same model name; give the curated file a way to tell them apart or check the paper.', name);
    } else seen.set(m.values['model_id']!, r + 1);

    const cat = lookups.categories.take(category![r]!);
    if (!cat) {
      problems.report(cellWhere(t, r, 'category', name), 'is a category label with no curated entry',
        `Add it to ${shown(lookups.categories.file)} (and its value to the category enum in schemas/common.schema.json if new).`, category![r]!);
    }
    const org = lookups.organisations.take(organisation![r]!);
    if (!org) {
      problems.report(cellWhere(t, r, 'organisation', name), 'is an organisation with no curated entry',
        `Add a line for it to ${shown(lookups.organisations.file)}.`, organisation![r]!);
    }
    const p = quantity(params, r, 'parameters', parameters![r]!, 'count');
    const d = quantity(data, r, 'training_data', trainingData![r]!, 'data_size');
    const mark = openSource![r]!;
    const open = Object.hasOwn(marks, mark) ? marks[mark]! : undefined;
    if (open === undefined) {
      problems.report(cellWhere(t, r, 'open_source', name), `is not an open-source mark (expected one of ${Object.keys(marks).join(', ')})`,
        `Check the cell against the paper; if the paper uses another mark, add it to the column's values in the table spec.`, mark);
    }
    const cw = m ? lookups.crosswalk.take(m.values['model_id']!) : undefined;
    if (m && !cw) {
      problems.report(cellWhere(t, r, 'model', name), 'has no Epoch AI crosswalk entry',
        `Add a line for ${m.values['model_id']} to ${shown(lookups.crosswalk.file)} (epoch_ai_match "none" where Epoch AI has no entry).`, name);
    }
    if (!m || !cat || !org || !p || !d || open === undefined || !cw) continue;

    out.push({
      source_id: ctx.sourceId,
      model_id: m.values['model_id']!,
      row_no: r + 1,
      source_line: t.rowLineFirst[r]!,
      category: cat.values['category']!,
      category_raw: category![r]!,
      category_en: cat.values['category_en']!,
      model: name,
      model_en: m.values['model_en']!,
      organisation: organisation![r]!,
      organisation_id: org.values['organisation_id']!,
      parameters: p.value,
      parameters_low: p.low,
      parameters_high: p.high,
      parameters_kind: p.kind,
      parameters_raw: parameters![r]!,
      training_data: d.value,
      training_data_low: d.low,
      training_data_high: d.high,
      training_data_unit: d.unit,
      training_data_kind: d.kind,
      training_data_raw: trainingData![r]!,
      open_source: open,
      open_source_raw: mark,
      epoch_ai_model: cw.values['epoch_ai_model'] ?? null,
      epoch_ai_match: cw.values['epoch_ai_match']!,
      annotation_count: 0,
      flagged: false,
    });
  }
  return out;
}
