// 表3 → the models table: curated English names and ids, categories from the label rows, quantities parsed
// into exact integers with bounds, and the open-source mark read through the spec's values.

import { parseQuantity, quantityExamples, type Quantity, type QuantityResult } from '../quantity/parse.ts';
import type { Grammar } from '../quantity/registry.ts';
import type { TableData } from '../table-data.ts';
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
  /** Curated readings of printed quantities, keyed by model_id|column_name. */
  readings: Lookup;
  /** model_id|column_name|annotation_id of every curated note on a models cell: what a reading may cite. */
  notes: Set<string>;
}

export function modelLookups(c: CuratedFiles): ModelLookups {
  const key = (t: CsvTable, field: string) => (i: number) => t.get(field, i) ?? '';
  return {
    models: new Lookup(c.models, key(c.models, 'model'), 'model name'),
    organisations: new Lookup(c.organisations, key(c.organisations, 'organisation'), 'organisation'),
    categories: new Lookup(c.categories, key(c.categories, 'category_raw'), 'category label'),
    crosswalk: new Lookup(c.crosswalk, key(c.crosswalk, 'model_id'), 'crosswalk entry'),
    readings: new Lookup(
      c.readings,
      (i) => `${c.readings.get('model_id', i)}|${c.readings.get('column_name', i)}`,
      'reading',
    ),
    notes: new Set(
      Array.from({ length: c.annotations.rowCount }, (_, i) =>
        c.annotations.get('table_name', i) !== 'models'
          ? ''
          : `${c.annotations.get('row_id', i)}|${c.annotations.get('column_name', i)}|${c.annotations.get('annotation_id', i)}`,
      ),
    ),
  };
}

/** A printed data size's unit as what it counts, where no curated reading says otherwise. */
function countedAsPrinted(unit: string | null): string | null {
  return unit === null ? null : unit === 'unspecified' ? 'unknown' : unit;
}

/** Appends 表3's rows to `out` (the models table), each row written by column name. */
export function normaliseModels(t: ExtractedTable, lookups: ModelLookups, ctx: NormaliseContext, out: TableData): void {
  const { problems } = ctx;
  const cell = (column: string, r: number): string => columnText(t, column)[r]!;
  const marks = t.spec.columns.find((c) => c.name === 'open_source')?.values ?? {};
  const params = new QuantityCache('count');
  const data = new QuantityCache('data_size');
  const seen = new Map<string, number>();
  const { models, organisations, categories, crosswalk, readings, notes } = lookups;

  const quantity = (cache: QuantityCache, r: number, column: string, grammar: Grammar): Quantity | undefined => {
    const raw = cell(column, r);
    const res = cache.parse(raw);
    if (res.ok) return res.quantity;
    const why = res.error.reason === 'is not a quantity' ? '' : `: it ${res.error.reason}`;
    problems.report(
      cellWhere(t, r, column, cell('model', r)),
      `is not a quantity${why} (expected e.g. ${quantityExamples(grammar)})`,
      `Check the cell against the paper. If the paper prints a form the grammar does not know, add it to ${REGISTRY_FILE}.`,
      raw,
    );
    return undefined;
  };

  /**
   * The quantity as the curated reading of the cell states it (a bound the paper printed as an exact figure), and
   * what a data size counts; the printed quantity and its unit where there is no reading. Undefined on a problem.
   */
  const read = (
    r: number,
    modelId: string,
    column: string,
    grammar: Grammar,
    printed: Quantity,
  ): { q: Quantity; counts: string | null } | undefined => {
    const i = readings.take(`${modelId}|${column}`);
    const counts = countedAsPrinted(printed.unit);
    if (i === undefined) return { q: printed, counts: grammar === 'data_size' ? counts : null };
    const where = { file: readings.file, line: readings.table.lines[i]! };
    const v = (f: string) => readings.get(f, i);
    const raw = cell(column, r);
    if (v('printed') !== raw) {
      problems.report(
        { ...where, column: 'printed' },
        `is a stale reading: ${modelId} ${column} now reads ${JSON.stringify(raw)}`,
        "The paper's text changed: check whether the reading still applies, then update printed (or remove the entry).",
        v('printed')!,
      );
      return undefined;
    }
    if (!notes.has(`${modelId}|${column}|${v('annotation_id')}`)) {
      problems.report(
        { ...where, column: 'annotation_id' },
        `names no curated annotation on ${modelId} ${column}`,
        'Name the note in annotations.csv whose references support the reading (same row_id and column_name).',
        v('annotation_id')!,
      );
      return undefined;
    }
    if (grammar === 'count' && v('counts') !== null) {
      problems.report(
        { ...where, column: 'counts' },
        'is given for a parameter count',
        'Leave counts empty: it says what a training-data figure counts.',
        v('counts')!,
      );
      return undefined;
    }
    let q = printed;
    if (v('reading') !== null) {
      const res = parseQuantity(v('reading')!, grammar);
      if (!res.ok || res.quantity.unit !== printed.unit) {
        problems.report(
          { ...where, column: 'reading' },
          res.ok
            ? `has the unit ${res.quantity.unit}, the printed cell ${printed.unit}`
            : `is not a quantity: it ${res.error.reason}`,
          'A reading states how the printed figure is bounded, in the grammar and the printed unit; say what it counts in counts.',
          v('reading')!,
        );
        return undefined;
      }
      q = res.quantity;
    }
    return { q, counts: grammar === 'data_size' ? (v('counts') ?? counts) : null };
  };

  for (let r = 0; r < t.rowCount; r++) {
    const name = cell('model', r);
    const m = models.take(name);
    const modelId = m === undefined ? undefined : models.get('model_id', m)!;
    if (m === undefined) {
      problems.report(
        cellWhere(t, r, 'model', name),
        'has no curated English name and id',
        `Add a line "<model_id>,${name},<English name>" to ${models.file}.`,
        name,
      );
    } else if (seen.has(modelId!)) {
      problems.report(
        cellWhere(t, r, 'model', name),
        `repeats the model of row ${seen.get(modelId!)}`,
        'Two rows print the same model name; give the curated file a way to tell them apart or check the paper.',
        name,
      );
    } else seen.set(modelId!, r + 1);

    const cat = categories.take(cell('category', r));
    if (cat === undefined) {
      problems.report(
        cellWhere(t, r, 'category', name),
        'is a category label with no curated entry',
        `Add it to ${categories.file} (and its value to the category enum in schemas/common.schema.json if new).`,
        cell('category', r),
      );
    }
    const org = organisations.take(cell('organisation', r));
    if (org === undefined) {
      problems.report(
        cellWhere(t, r, 'organisation', name),
        'is an organisation with no curated entry',
        `Add a line for it to ${organisations.file}.`,
        cell('organisation', r),
      );
    }
    const printedP = quantity(params, r, 'parameters', 'count');
    const printedD = quantity(data, r, 'training_data', 'data_size');
    const p = printedP && modelId !== undefined ? read(r, modelId, 'parameters', 'count', printedP) : undefined;
    const d = printedD && modelId !== undefined ? read(r, modelId, 'training_data', 'data_size', printedD) : undefined;
    const mark = cell('open_source', r);
    const open = Object.hasOwn(marks, mark) ? marks[mark]! : undefined;
    if (open === undefined) {
      problems.report(
        cellWhere(t, r, 'open_source', name),
        `is not an open-source mark (expected one of ${Object.keys(marks).join(', ')})`,
        `Check the cell against the paper; if the paper uses another mark, add it to the column's values in the table spec.`,
        mark,
      );
    }
    const cw = modelId === undefined ? undefined : crosswalk.take(modelId);
    if (modelId !== undefined && cw === undefined) {
      problems.report(
        cellWhere(t, r, 'model', name),
        'has no Epoch AI crosswalk entry',
        `Add a line for ${modelId} to ${crosswalk.file} (epoch_ai_match "none" where Epoch AI has no entry).`,
        name,
      );
    }
    if (
      modelId === undefined ||
      cat === undefined ||
      org === undefined ||
      !p ||
      !d ||
      open === undefined ||
      cw === undefined
    )
      continue;

    out.push({
      source_id: ctx.sourceId,
      model_id: modelId,
      row_no: r + 1,
      source_line: t.rowLineFirst[r]!,
      category: categories.get('category', cat),
      category_raw: cell('category', r),
      category_en: categories.get('category_en', cat),
      model: name,
      model_en: models.get('model_en', m!),
      organisation: cell('organisation', r),
      organisation_id: organisations.get('organisation_id', org),
      parameters: p.q.value,
      parameters_low: p.q.low,
      parameters_high: p.q.high,
      parameters_kind: p.q.kind,
      parameters_raw: cell('parameters', r),
      training_data: d.q.value,
      training_data_low: d.q.low,
      training_data_high: d.q.high,
      training_data_unit: d.q.unit,
      training_data_counts: d.counts,
      training_data_kind: d.q.kind,
      training_data_raw: cell('training_data', r),
      open_source: open,
      open_source_raw: mark,
      epoch_ai_model: crosswalk.get('epoch_ai_model', cw),
      epoch_ai_match: crosswalk.get('epoch_ai_match', cw),
      epoch_ai_match_note_en: crosswalk.get('note_en', cw),
      epoch_ai_match_note_zh: crosswalk.get('note_zh', cw),
      // Set by the annotate stage.
      annotation_count: 0,
      flagged: false,
      parameters_status: 'unreviewed',
      training_data_status: 'unreviewed',
      open_source_status: 'unreviewed',
    });
  }
}
