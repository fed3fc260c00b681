// 表3 → the models table: curated English names and ids, categories from the label rows, quantities parsed
// into exact integers with bounds, and the open-source mark read through the spec's values.

import { parseQuantity, quantityExamples, type Quantity, type QuantityResult } from '../quantity/parse.ts';
import type { Grammar } from '../quantity/registry.ts';
import type { TableData, Value } from '../table-data.ts';
import type { ExtractedTable } from '../extract/types.ts';
import type { CuratedFiles } from './curated.ts';
import type { CsvTable } from '../inputs.ts';
import { Lookup } from './lookup.ts';
import { cellWhere, columnText, type NormaliseContext } from './context.ts';

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
  const key = (t: CsvTable, field: string) => (i: number) => t.get(field, i) ?? '';
  return {
    models: new Lookup(c.models, key(c.models, 'model'), 'model name'),
    organisations: new Lookup(c.organisations, key(c.organisations, 'organisation'), 'organisation'),
    categories: new Lookup(c.categories, key(c.categories, 'category_raw'), 'category label'),
    crosswalk: new Lookup(c.crosswalk, key(c.crosswalk, 'model_id'), 'crosswalk entry'),
  };
}

/** Appends 表3's rows to `out` (the models table), column by column. */
export function normaliseModels(t: ExtractedTable, lookups: ModelLookups, ctx: NormaliseContext, out: TableData): void {
  const { problems } = ctx;
  const text = (c: string) => columnText(t, c);
  const [category, model, organisation, parameters, trainingData, openSource] =
    ['category', 'model', 'organisation', 'parameters', 'training_data', 'open_source'].map(text) as string[][];
  const marks = t.spec.columns.find((c) => c.name === 'open_source')?.values ?? {};
  const params = new QuantityCache('count');
  const data = new QuantityCache('data_size');
  const seen = new Map<string, number>();
  const { models, organisations, categories, crosswalk } = lookups;
  const col = (n: string) => out.column(n);
  const [cSource, cId, cRow, cLine, cCat, cCatRaw, cCatEn, cModel, cModelEn, cOrg, cOrgId,
    cP, cPLow, cPHigh, cPKind, cPRaw, cD, cDLow, cDHigh, cDUnit, cDKind, cDRaw, cOpen, cOpenRaw, cEpoch, cMatch, cCount, cFlag] = [
    'source_id', 'model_id', 'row_no', 'source_line', 'category', 'category_raw', 'category_en', 'model', 'model_en', 'organisation', 'organisation_id',
    'parameters', 'parameters_low', 'parameters_high', 'parameters_kind', 'parameters_raw',
    'training_data', 'training_data_low', 'training_data_high', 'training_data_unit', 'training_data_kind', 'training_data_raw',
    'open_source', 'open_source_raw', 'epoch_ai_model', 'epoch_ai_match', 'annotation_count', 'flagged'].map(col) as Value[][];

  const quantity = (cache: QuantityCache, r: number, column: string, raw: string, grammar: Grammar): Quantity | undefined => {
    const res = cache.parse(raw);
    if (res.ok) return res.quantity;
    const why = res.error.reason === 'is not a quantity' ? '' : `: it ${res.error.reason}`;
    problems.report(cellWhere(t, r, column, model![r]), `is not a quantity${why} (expected e.g. ${quantityExamples(grammar)})`,
      `Check the cell against the paper. If the paper prints a form the grammar does not know, add it to ${REGISTRY_FILE}.`, raw);
    return undefined;
  };

  let k = out.reserve(t.rowCount);
  for (let r = 0; r < t.rowCount; r++) {
    const name = model![r]!;
    const m = models.take(name);
    const modelId = m === undefined ? undefined : models.get('model_id', m)!;
    if (m === undefined) {
      problems.report(cellWhere(t, r, 'model', name), 'has no curated English name and id',
        `Add a line "<model_id>,${name},<English name>" to ${models.file}.`, name);
    } else if (seen.has(modelId!)) {
      problems.report(cellWhere(t, r, 'model', name), `repeats the model of row ${seen.get(modelId!)}`,
        'Two rows print the same model name; give the curated file a way to tell them apart or check the paper.', name);
    } else seen.set(modelId!, r + 1);

    const cat = categories.take(category![r]!);
    if (cat === undefined) {
      problems.report(cellWhere(t, r, 'category', name), 'is a category label with no curated entry',
        `Add it to ${categories.file} (and its value to the category enum in schemas/common.schema.json if new).`, category![r]!);
    }
    const org = organisations.take(organisation![r]!);
    if (org === undefined) {
      problems.report(cellWhere(t, r, 'organisation', name), 'is an organisation with no curated entry',
        `Add a line for it to ${organisations.file}.`, organisation![r]!);
    }
    const p = quantity(params, r, 'parameters', parameters![r]!, 'count');
    const d = quantity(data, r, 'training_data', trainingData![r]!, 'data_size');
    const mark = openSource![r]!;
    const open = Object.hasOwn(marks, mark) ? marks[mark]! : undefined;
    if (open === undefined) {
      problems.report(cellWhere(t, r, 'open_source', name), `is not an open-source mark (expected one of ${Object.keys(marks).join(', ')})`,
        `Check the cell against the paper; if the paper uses another mark, add it to the column's values in the table spec.`, mark);
    }
    const cw = modelId === undefined ? undefined : crosswalk.take(modelId);
    if (modelId !== undefined && cw === undefined) {
      problems.report(cellWhere(t, r, 'model', name), 'has no Epoch AI crosswalk entry',
        `Add a line for ${modelId} to ${crosswalk.file} (epoch_ai_match "none" where Epoch AI has no entry).`, name);
    }
    if (modelId === undefined || cat === undefined || org === undefined || !p || !d || open === undefined || cw === undefined) continue;

    cSource![k] = ctx.sourceId;
    cId![k] = modelId;
    cRow![k] = r + 1;
    cLine![k] = t.rowLineFirst[r]!;
    cCat![k] = categories.get('category', cat);
    cCatRaw![k] = category![r]!;
    cCatEn![k] = categories.get('category_en', cat);
    cModel![k] = name;
    cModelEn![k] = models.get('model_en', m!);
    cOrg![k] = organisation![r]!;
    cOrgId![k] = organisations.get('organisation_id', org);
    cP![k] = p.value; cPLow![k] = p.low; cPHigh![k] = p.high; cPKind![k] = p.kind; cPRaw![k] = parameters![r]!;
    cD![k] = d.value; cDLow![k] = d.low; cDHigh![k] = d.high; cDUnit![k] = d.unit; cDKind![k] = d.kind; cDRaw![k] = trainingData![r]!;
    cOpen![k] = open;
    cOpenRaw![k] = mark;
    cEpoch![k] = crosswalk.get('epoch_ai_model', cw);
    cMatch![k] = crosswalk.get('epoch_ai_match', cw);
    cCount![k] = 0;
    cFlag![k] = false;
    k++;
  }
  out.finish(k);
}
