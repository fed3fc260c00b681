// Small dataset tables for the validation tests (tests/validate/): the real table definitions of schemas/, rows
// made up for the test (no value of the paper), and a locator that names the row it is asked about.

import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { TableData, type Value } from '../../pipelines/lib/table-data.ts';
import type { Locator } from '../../pipelines/lib/validate.ts';

const defs = loadTableDefs();

/** A table of schemas/<name>.schema.json holding these rows (every column of each row given). */
export function table(name: string, rows: readonly Record<string, Value>[]): TableData {
  const def = defs.find((d) => d.name === name);
  if (!def) throw new Error(`no table ${name}`);
  const t = new TableData(def);
  for (const r of rows) t.push(r);
  return t;
}

/** Locates row r of a table as line r + 2 of <table>.csv (a header line, then a line per row); the raw text names the cell. */
export const locate: Locator = (t, r, column) => ({
  where: { file: `${t.name}.csv`, line: r + 2, ...(column ? { column } : {}) },
  ...(column ? { raw: `${column} of row ${r + 1}` } : {}),
});

/** A valid organisations row (made up). */
export const organisation = (id: string, extra: Record<string, Value> = {}): Record<string, Value> => ({
  organisation_id: id,
  organisation: '示例机构',
  name_en: 'Example Org',
  name_zh: '示例机构',
  country: 'CN',
  kind: 'research_lab',
  misprinted: false,
  ...extra,
});

/** A valid models row (made up): an exact parameter count as bigint, training data not reported. */
export const model = (id: string, extra: Record<string, Value> = {}): Record<string, Value> => ({
  source_id: 'example',
  model_id: id,
  row_no: 1,
  source_line: 10,
  category: 'multimodal',
  category_raw: '多模态',
  category_en: 'Multimodal',
  model: `Model ${id}`,
  model_en: `Model ${id}`,
  organisation: '示例机构',
  organisation_id: 'example-org',
  parameters: 7_000_000_000n,
  parameters_low: 7_000_000_000n,
  parameters_high: 7_000_000_000n,
  parameters_kind: 'exact',
  parameters_raw: '70 亿',
  training_data: null,
  training_data_low: null,
  training_data_high: null,
  training_data_unit: null,
  training_data_counts: null,
  training_data_kind: 'not_reported',
  training_data_raw: '/',
  open_source: true,
  open_source_raw: '是',
  epoch_ai_model: null,
  epoch_ai_match: 'none',
  epoch_ai_match_note_en: 'Made up: no record.',
  epoch_ai_match_note_zh: '虚构：无对应条目。',
  annotation_count: 0,
  flagged: false,
  parameters_status: 'unreviewed',
  training_data_status: 'not_reported',
  open_source_status: 'unreviewed',
  ...extra,
});

/** A valid sources row (made up). */
export const source = (id: string, extra: Record<string, Value> = {}): Record<string, Value> => ({
  source_id: id,
  kind: 'paper text',
  title: '示例',
  first_author: '示例',
  first_author_en: 'Example',
  authors_as_printed: null,
  journal: null,
  journal_en: null,
  publisher: 'Example',
  year: 2024,
  page_seen: null,
  doi: null,
  url: 'https://example.org/paper',
  licence: 'CC-BY-4.0',
  licence_url: 'https://example.org/licence',
  attribution: 'Example.',
  obtained: 'example',
  file: 'paper.txt',
  sha256: '0'.repeat(64),
  accessed: null,
  ...extra,
});
