// The page's view of the data: display columns (a printed value with its normalised value and bounds, a Chinese
// column with its English twin), rows as objects, and the indexes that answer "where was this read from" (the
// cells table) and "what is noted about it" (the annotations table).

import type { SiteData, SiteTable, SiteValue } from '../../pipelines/lib/site/data.ts';

export type Lang = 'zh' | 'en';
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
  labelZh: string;
  description: string;
}

const SUFFIX = /_(raw|en|zh|low|high|kind|unit)$/;

/** Groups the columns that describe one value; a column without partners is a group of one. */
export function displayColumns(t: SiteTable): DisplayColumn[] {
  const names = new Set(t.columns.map((c) => c.name));
  const info = new Map(t.columns.map((c) => [c.name, c]));
  const seen = new Set<string>();
  const out: DisplayColumn[] = [];
  for (const c of t.columns) {
    if (seen.has(c.name)) continue;
    const base = names.has(c.name.replace(SUFFIX, '')) || names.has(`${c.name.replace(SUFFIX, '')}_en`) ? c.name.replace(SUFFIX, '') : c.name;
    const has = (s: string) => (names.has(base + s) ? base + s : undefined);
    const members = [has('_raw'), names.has(base) ? base : undefined, has('_zh'), has('_en'), has('_low'), has('_high'), has('_kind'), has('_unit')].filter((m): m is string => m !== undefined);
    // A group needs its base or an English twin; otherwise `reference_unit` would swallow unrelated names.
    if (members.length < 2 || !members.includes(c.name)) {
      seen.add(c.name);
      out.push({ key: c.name, members: [c.name], zh: c.name, en: c.name, labelZh: c.labelZh, description: c.description });
      continue;
    }
    members.forEach((m) => seen.add(m));
    const zh = has('_raw') ?? has('_zh') ?? base;
    const main = info.get(names.has(base) ? base : zh)!;
    out.push({
      key: base, members, zh, en: has('_en') ?? zh,
      printed: has('_raw'), normalised: has('_raw') && names.has(base) ? base : undefined,
      low: has('_low'), high: has('_high'), kind: has('_kind'), unit: has('_unit'),
      labelZh: main.labelZh || info.get(zh)!.labelZh, description: main.description,
    });
  }
  return out;
}

export function rowObjects(t: SiteTable): Row[] {
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c.name, r[i] ?? null])));
}

export function tableByName(data: SiteData, name: string): SiteTable | undefined {
  return data.tables.find((t) => t.name === name);
}

/** The column that names a row within its source (model_id, region_id, …): the key without source_id. */
export function rowIdColumn(t: SiteTable): string | undefined {
  const key = t.primaryKey.filter((k) => k !== 'source_id');
  return key.length === 1 ? key[0] : undefined;
}

export interface CellSource { table_no: number; row_no: number; column_name: string; text: string; line_first: number; line_last: number; source_id: string }

export interface Annotation {
  annotation_id: string; table_name: string; row_id: string | null; column_name: string | null; printed: string | null;
  kind: string; severity: string; origin: string; rule_id: string | null; note_en: string; note_zh: string | null;
  reference_text: string | null; reference_urls: string | null;
}

export class Provenance {
  private readonly tableNo = new Map<string, number>();
  private readonly cells = new Map<string, CellSource>();
  private readonly cellColumns = new Map<number, string[]>();
  private readonly notes = new Map<string, Annotation[]>();

  constructor(data: SiteData) {
    for (const r of rowObjects(tableByName(data, 'source_tables')!)) this.tableNo.set(`${r.source_id}|${r.dataset_table}`, Number(r.table_no));
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
    const name = names.includes(col.key) ? col.key : names.filter((n) => col.key.startsWith(`${n}_`)).sort((a, b) => b.length - a.length)[0];
    return name === undefined ? undefined : this.cells.get(`${row.source_id}|${no}|${row.row_no}|${name}`);
  }

  /** Annotations on a displayed value: those naming one of its columns. */
  annotations(table: string, rowId: string | undefined, col: DisplayColumn): Annotation[] {
    return this.annotationsOn(table, rowId, [col.key, ...col.members]);
  }

  annotationsOn(table: string, rowId: string | undefined, columns: string[]): Annotation[] {
    if (rowId === undefined) return [];
    return (this.notes.get(`${table}|${rowId}`) ?? []).filter((a) => a.column_name !== null && columns.includes(a.column_name));
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
