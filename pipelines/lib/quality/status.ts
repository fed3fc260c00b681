// A status for every printed quantity of the models table (parameters, training data, open-source mark), derived
// from the notes on its cell. This file is the one place the statuses come from; docs/annotations.md states the
// same rules for readers, and schemas/common.schema.json (quantity_status) describes each value.

import type { TableData } from '../table-data.ts';
import type { AnnotationRow } from './annotations.ts';

/** The printed quantities that get a status, each with the column its status goes to. */
export const STATUS_COLUMNS = {
  parameters: 'parameters_status',
  training_data: 'training_data_status',
  open_source: 'open_source_status',
} as const;

/** The status each kind of note gives the cell it is on; the other kinds (a unit, a name, completeness) give none. */
export const STATUS_OF_KIND: Readonly<Record<string, string>> = {
  agrees_with_reference: 'official',
  changed_later: 'official',
  vendor_claim: 'vendor_claim',
  unofficial_estimate: 'unofficial_estimate',
  value_from_other_model: 'other_model',
  conflicts_with_reference: 'conflicts_with_reference',
  implausible_value: 'conflicts_with_reference',
};

/** Where notes on one cell disagree, the least supported status wins: first of this list. */
export const STATUS_ORDER = [
  'conflicts_with_reference',
  'other_model',
  'unofficial_estimate',
  'vendor_claim',
  'official',
] as const;

/**
 * Sets each model's three status columns. A quantity the paper does not report (kind not_reported) is not_reported;
 * otherwise the notes on its cell that are counted (a rule's note settled by a curated one is not) give it a status
 * by their kinds; a cell no note settles is unreviewed.
 */
export function applyStatuses(models: TableData, annotations: readonly AnnotationRow[]): void {
  const found = new Map<string, string>();
  const rank = (s: string) => STATUS_ORDER.indexOf(s as (typeof STATUS_ORDER)[number]);
  for (const a of annotations) {
    if (a.table_name !== 'models' || a.row_id === null || a.same_problem_as || !(a.column_name! in STATUS_COLUMNS))
      continue;
    const status = STATUS_OF_KIND[a.kind];
    if (status === undefined) continue;
    const key = `${a.source_id}|${a.row_id}|${a.column_name}`;
    const prior = found.get(key);
    if (prior === undefined || rank(status) < rank(prior)) found.set(key, status);
  }
  const src = models.column('source_id');
  const ids = models.column('model_id');
  for (const [column, statusColumn] of Object.entries(STATUS_COLUMNS)) {
    const out = models.column(statusColumn);
    const kinds = column === 'open_source' ? undefined : models.column(`${column}_kind`);
    for (let r = 0; r < models.rowCount; r++) {
      out[r] =
        kinds?.[r] === 'not_reported' ? 'not_reported' : (found.get(`${src[r]}|${ids[r]}|${column}`) ?? 'unreviewed');
    }
  }
}
