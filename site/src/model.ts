// The page's view of the data: display columns (a printed value with its normalised value, bounds, kind, unit and
// status; a Chinese column with its English twin or an English name through a foreign key), the columns shown by
// default, rows as objects, and the indexes that answer "where was this read from" (the cells table) and "what is
// noted about it" (the annotations table). No DOM here: the tests import this file.

import type { SiteData, SiteTable, SiteValue } from '../../pipelines/lib/site/data.ts';
import type { Lang } from './quantity.ts';

export type { Lang };
export type Row = Record<string, SiteValue>;

export interface DisplayColumn {
  /** The base name: `parameters` for parameters_raw, parameters, parameters_low, …; the column's own name otherwise. */
  key: string;
  members: string[];
  /** The column shown in each language. */
  zh: string;
  en: string;
  /** The printed value and its normalised value, when both exist. */
  printed?: string;
  normalised?: string;
  low?: string;
  high?: string;
  kind?: string;
  unit?: string;
  /** What a figure counts (tokens, bytes, …), where the dataset says so beside the printed unit. */
  counts?: string;
  status?: string;
  labelZh: string;
  labelEn: string;
  description: string;
  /** A count, shown in the reader's units (175 B, 1750 亿) with the exact count on hover. */
  quantity: boolean;
  /** Numbers: aligned right, with a range filter when a quantity. */
  numeric: boolean;
  boolean: boolean;
  /** The closed set of the shown value (for its labels), and of its unit, counts and status columns. */
  enumName?: string;
  unitEnum?: string;
  countsEnum?: string;
  statusEnum?: string;
  /** An English name found through a foreign key (models.organisation_id → organisations.name_en). */
  lookup?: { column: string; names: Map<string, string> };
  /** The notes on a row, not a column of the data. */
  flags?: true;
}

const SUFFIX = /_(raw|en|zh|low|high|kind|unit|counts|status)$/;
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;
const NUMBER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;
export const FLAGS = 'flags';

export function rowObjects(t: SiteTable): Row[] {
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c.name, r[i] ?? null])));
}

/**
 * Why a row's Epoch AI record is the one it is, or why there is none (the crosswalk's note, epoch_ai_match_note_en and
 * _zh of models and models_vs_epoch_ai), in the reader's language; undefined in a table without the note.
 */
export function matchNote(row: Row, lang: Lang): string | undefined {
  const v = row[`epoch_ai_match_note_${lang}`];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The note for the pane of an Epoch AI value (the match, the record, its parameters, …): a related model's values say
 * nothing about the paper's without it. Not for the note's own column, whose value it is.
 */
export function matchNoteFor(c: DisplayColumn, row: Row, lang: Lang): string | undefined {
  return c.key.startsWith('epoch_ai_') && c.key !== 'epoch_ai_match_note' ? matchNote(row, lang) : undefined;
}

export function tableByName(data: SiteData, name: string): SiteTable | undefined {
  return data.tables.find((t) => t.name === name);
}

/** English names of the rows of the tables a table's foreign keys point at, by the column that holds the key. */
function lookups(data: SiteData, t: SiteTable): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const fk of t.foreignKeys) {
    const target = tableByName(data, fk.reference.table);
    const [field] = fk.fields;
    const [key] = fk.reference.fields;
    if (fk.fields.length !== 1 || !target || !field || !key || !target.columns.some((c) => c.name === 'name_en'))
      continue;
    out.set(field, new Map(rowObjects(target).map((r) => [String(r[key]), String(r.name_en)])));
  }
  return out;
}

/** Groups the columns that describe one value; a column without partners is a group of one. */
export function displayColumns(data: SiteData, t: SiteTable): DisplayColumn[] {
  const names = new Set(t.columns.map((c) => c.name));
  const info = new Map(t.columns.map((c) => [c.name, c]));
  const names_en = lookups(data, t);
  const seen = new Set<string>();
  const out: DisplayColumn[] = [];
  for (const c of t.columns) {
    if (seen.has(c.name)) continue;
    const stripped = c.name.replace(SUFFIX, '');
    const base = names.has(stripped) || names.has(`${stripped}_en`) ? stripped : c.name;
    const has = (s: string) => (names.has(base + s) ? base + s : undefined);
    const members = [
      has('_raw'),
      names.has(base) ? base : undefined,
      has('_zh'),
      has('_en'),
      has('_low'),
      has('_high'),
      has('_kind'),
      has('_unit'),
      has('_counts'),
      has('_status'),
    ].filter((m): m is string => m !== undefined);
    // A group needs its base or an English twin; otherwise `reference_unit` would swallow unrelated names.
    const grouped = members.length >= 2 && members.includes(c.name);
    const group = grouped ? members : [c.name];
    for (const m of group) seen.add(m);
    const key = grouped ? base : c.name;
    const zh = grouped ? (has('_raw') ?? has('_zh') ?? base) : c.name;
    const en = grouped ? (has('_en') ?? zh) : c.name;
    const normalised = grouped && has('_raw') && names.has(base) ? base : undefined;
    const valueCol = info.get(normalised ?? zh)!;
    const main = info.get(names.has(key) ? key : zh)!;
    const lookup =
      en === zh && names_en.has(`${key}_id`) ? { column: `${key}_id`, names: names_en.get(`${key}_id`)! } : undefined;
    // "Organisation as printed" heads a column that shows the English name in English.
    const shownEn = info.get(en)!;
    const labelEn =
      (lookup || (normalised && en === zh)
        ? main.labelEn.replace(/ as printed$/, '')
        : shownEn.labelEn || main.labelEn) || key;
    const integer = INTEGER.test(valueCol.type);
    out.push({
      key,
      members: group,
      zh,
      en,
      printed: grouped ? has('_raw') : undefined,
      normalised,
      low: grouped ? has('_low') : undefined,
      high: grouped ? has('_high') : undefined,
      kind: grouped ? has('_kind') : undefined,
      unit: grouped ? has('_unit') : undefined,
      counts: grouped ? has('_counts') : undefined,
      status: grouped ? has('_status') : undefined,
      labelZh: main.labelZh || info.get(zh)!.labelZh || key,
      labelEn,
      description: main.description,
      quantity:
        integer &&
        (valueCol.unit === 'parameters' ||
          names.has(`${key}_unit`) ||
          names.has(`${key.replace(/_(low|high)$/, '')}_unit`)),
      numeric: NUMBER.test(valueCol.type),
      boolean: valueCol.type === 'BOOLEAN',
      enumName: info.get(normalised ?? zh)?.enumName,
      lookup,
      unitEnum: grouped ? info.get(has('_unit') ?? '')?.enumName : undefined,
      countsEnum: grouped ? info.get(has('_counts') ?? '')?.enumName : undefined,
      statusEnum: grouped ? info.get(has('_status') ?? '')?.enumName : undefined,
    });
  }
  return out;
}

/** The column that names a row within its source (model_id, region_id, …): the key without source_id. */
export function rowIdColumn(t: SiteTable): string | undefined {
  const key = t.primaryKey.filter((k) => k !== 'source_id');
  return key.length === 1 ? key[0] : undefined;
}

/** The row's key in links (sel=): its primary key without source_id, joined by /; its position when it has none. */
export function rowKey(t: SiteTable, row: Row, index: number): string {
  const key = t.primaryKey.filter((k) => k !== 'source_id');
  return key.length ? key.map((k) => String(row[k] ?? '')).join('/') : String(index + 1);
}

/** A column of row notes, for tables that have notes on their rows. */
export function flagsColumn(): DisplayColumn {
  return {
    key: FLAGS,
    members: [],
    zh: FLAGS,
    en: FLAGS,
    labelZh: '注释',
    labelEn: 'Notes',
    description: 'The notes (annotations) on the row, by severity.',
    quantity: false,
    numeric: false,
    boolean: false,
    flags: true,
  };
}

/**
 * The columns a table shows first: those a reader asks about (for models: model, organisation, category, parameters,
 * training data, open source, notes), not the plumbing (a source id the same on every row, row and line numbers, a
 * slug beside the name it stands for). Every column stays one click away in the column chooser.
 */
const DEFAULT_COLUMNS: Record<string, string[]> = {
  models: ['model', 'organisation', 'category', 'parameters', 'training_data', 'open_source', FLAGS],
  annotations: ['table_name', 'row_id', 'column_name', 'printed', 'severity', 'kind', 'note', 'reference_urls'],
  models_vs_epoch_ai: [
    'model',
    'epoch_ai_match',
    'epoch_ai_model',
    'parameters',
    'epoch_ai_parameters',
    'parameters_ratio',
    'training_data',
    'epoch_ai_training_dataset_size',
    'open_source',
    'epoch_ai_model_accessibility',
  ],
  epoch_ai_models: [
    'epoch_ai_model',
    'organisation',
    'country',
    'publication_date',
    'domain',
    'parameters',
    'training_dataset_size',
    'confidence',
    'model_accessibility',
  ],
  sources: ['source_id', 'kind', 'title', 'first_author', 'year', 'doi', 'licence'],
};
const PLUMBING = new Set(['row_no', 'record_no', 'source_line', 'line_first', 'line_last', 'column_no']);

export function defaultColumns(t: SiteTable, columns: DisplayColumn[], rows: Row[]): string[] {
  const keys = new Set(columns.map((c) => c.key));
  const listed = DEFAULT_COLUMNS[t.name]?.filter((k) => keys.has(k));
  if (listed?.length) return listed;
  const constant = (c: DisplayColumn) => rows.length > 1 && rows.every((r) => r[c.zh] === rows[0]![c.zh]);
  return columns
    .filter((c) => !PLUMBING.has(c.key) && !(c.key.endsWith('_id') && keys.has(c.key.slice(0, -3))) && !constant(c))
    .map((c) => c.key);
}

export interface CellSource {
  table_no: number;
  row_no: number;
  column_name: string;
  text: string;
  line_first: number;
  line_last: number;
  source_id: string;
}

export interface Annotation {
  annotation_id: string;
  table_name: string;
  row_id: string | null;
  column_name: string | null;
  printed: string | null;
  kind: string;
  severity: string;
  origin: string;
  rule_id: string | null;
  note_en: string;
  note_zh: string | null;
  reference_text: string | null;
  reference_urls: string | null;
}

export class Provenance {
  private readonly tableNo = new Map<string, number>();
  private readonly cells = new Map<string, CellSource>();
  private readonly cellColumns = new Map<number, string[]>();
  private readonly notes = new Map<string, Annotation[]>();

  constructor(data: SiteData) {
    for (const r of rowObjects(tableByName(data, 'source_tables')!))
      this.tableNo.set(`${r.source_id}|${r.dataset_table}`, Number(r.table_no));
    for (const r of rowObjects(tableByName(data, 'cells')!) as unknown as CellSource[]) {
      this.cells.set(`${r.source_id}|${r.table_no}|${r.row_no}|${r.column_name}`, r);
      const cols = this.cellColumns.get(r.table_no) ?? [];
      if (!cols.includes(r.column_name)) cols.push(r.column_name);
      this.cellColumns.set(r.table_no, cols);
    }
    for (const a of rowObjects(tableByName(data, 'annotations')!) as unknown as Annotation[]) {
      const k = `${a.table_name}|${a.row_id ?? ''}`;
      this.notes.set(k, [...(this.notes.get(k) ?? []), a]);
    }
  }

  /** The paper's table a dataset table was read from, if any. */
  paperTable(table: string, sourceId: string): number | undefined {
    return this.tableNo.get(`${sourceId}|${table}`);
  }

  /** The cell of the paper a displayed value was read from: the cell column that is the group's base or its prefix. */
  cell(table: string, row: Row, col: DisplayColumn): CellSource | undefined {
    const no = this.paperTable(table, String(row.source_id));
    if (no === undefined || row.row_no === undefined) return undefined;
    const names = this.cellColumns.get(no) ?? [];
    const name = names.includes(col.key)
      ? col.key
      : names.filter((n) => col.key.startsWith(`${n}_`)).sort((a, b) => b.length - a.length)[0];
    return name === undefined ? undefined : this.cells.get(`${row.source_id}|${no}|${row.row_no}|${name}`);
  }

  /** Annotations on a displayed value: those naming one of its columns; on the notes column, all of the row's. */
  annotations(table: string, rowId: string | undefined, col: DisplayColumn): Annotation[] {
    if (col.flags) return rowId === undefined ? [] : (this.notes.get(`${table}|${rowId}`) ?? []);
    return this.annotationsOn(table, rowId, [col.key, ...col.members]);
  }

  annotationsOn(table: string, rowId: string | undefined, columns: string[]): Annotation[] {
    if (rowId === undefined) return [];
    return (this.notes.get(`${table}|${rowId}`) ?? []).filter(
      (a) => a.column_name !== null && columns.includes(a.column_name),
    );
  }

  /** Whether any row of the table has notes. */
  hasRowNotes(table: string): boolean {
    return [...this.notes.keys()].some((k) => k.startsWith(`${table}|`) && k !== `${table}|`);
  }

  /** Annotations on a table as a whole or on a column of it, not on one row. */
  tableNotes(table: string): Annotation[] {
    return this.notes.get(`${table}|`) ?? [];
  }
}

export const SEVERITY_ORDER = ['error', 'warning', 'info'];

export function worstSeverity(list: Annotation[]): string | undefined {
  return SEVERITY_ORDER.find((s) => list.some((a) => a.severity === s));
}
