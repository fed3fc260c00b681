// Comparing two builds table by table and cell by cell: tables and columns added or removed, rows added or
// removed (by primary key), and changed values with old → new.

import { plural } from '../cli.ts';
import type { RawBuild, RawTable } from './load.ts';

export type Change = 'table_added' | 'table_removed' | 'column_added' | 'column_removed' | 'row_added' | 'row_removed' | 'value_changed';

export interface DiffRow {
  table_name: string;
  change: Change;
  row_key: string;
  column_name: string;
  old_value: string | null;
  new_value: string | null;
}

/** Primary key columns per table; a table with none is keyed by all its columns. */
export type Keys = ReadonlyMap<string, readonly string[]>;

function rowJson(t: RawTable, row: (string | null)[]): string {
  return JSON.stringify(Object.fromEntries(t.columns.map((c, i) => [c, row[i] ?? null])));
}

function keyed(t: RawTable, key: readonly string[]): Map<string, (string | null)[]> {
  const idx = key.map((k) => t.columns.indexOf(k));
  const usable = idx.every((i) => i >= 0);
  const cols = usable ? idx : t.columns.map((_, i) => i);
  const names = usable ? key : t.columns;
  const out = new Map<string, (string | null)[]>();
  for (const row of t.rows) out.set(cols.map((i, j) => `${names[j]}=${row[i] ?? 'NULL'}`).join(', '), row);
  return out;
}

export function compareBuilds(base: RawBuild, head: RawBuild, keys: Keys): DiffRow[] {
  const out: DiffRow[] = [];
  const push = (table_name: string, change: Change, row_key = '', column_name = '', old_value: string | null = null, new_value: string | null = null) =>
    out.push({ table_name, change, row_key, column_name, old_value, new_value });
  for (const name of [...new Set([...base.keys(), ...head.keys()])].sort()) {
    const a = base.get(name);
    const b = head.get(name);
    if (!a) { push(name, 'table_added', '', '', null, `${b!.rows.length} rows`); continue; }
    if (!b) { push(name, 'table_removed', '', '', `${a.rows.length} rows`, null); continue; }
    for (const c of a.columns) if (!b.columns.includes(c)) push(name, 'column_removed', '', c);
    for (const c of b.columns) if (!a.columns.includes(c)) push(name, 'column_added', '', c);
    const key = keys.get(name) ?? [];
    const ra = keyed(a, key);
    const rb = keyed(b, key);
    const common = a.columns.filter((c) => b.columns.includes(c));
    for (const [k, row] of ra) if (!rb.has(k)) push(name, 'row_removed', k, '', rowJson(a, row), null);
    for (const [k, row] of rb) {
      const before = ra.get(k);
      if (!before) { push(name, 'row_added', k, '', null, rowJson(b, row)); continue; }
      for (const c of common) {
        const va = before[a.columns.indexOf(c)] ?? null;
        const vb = row[b.columns.indexOf(c)] ?? null;
        if (va !== vb) push(name, 'value_changed', k, c, va, vb);
      }
    }
  }
  return out.sort((x, y) => (x.table_name + x.change + x.row_key + x.column_name < y.table_name + y.change + y.row_key + y.column_name ? -1 : 1));
}

const show = (v: string | null) => (v === null ? 'NULL' : JSON.stringify(v));

/** A readable report: a summary per table, then every change. */
export function diffReport(rows: readonly DiffRow[], baseName: string, headName: string): string {
  if (rows.length === 0) return `No differences between ${baseName} and ${headName}.\n`;
  const lines = [`Changes from ${baseName} to ${headName}:`, ''];
  for (const table of [...new Set(rows.map((r) => r.table_name))]) {
    const rs = rows.filter((r) => r.table_name === table);
    const count = (c: Change) => rs.filter((r) => r.change === c).length;
    const changedRows = new Set(rs.filter((r) => r.change === 'value_changed').map((r) => r.row_key)).size;
    const parts = [
      count('table_added') ? 'table added' : '', count('table_removed') ? 'table removed' : '',
      count('row_added') ? `${plural(count('row_added'), 'row')} added` : '', count('row_removed') ? `${plural(count('row_removed'), 'row')} removed` : '',
      changedRows ? `${plural(changedRows, 'row')} changed (${plural(count('value_changed'), 'value')})` : '',
      count('column_added') ? `${plural(count('column_added'), 'column')} added` : '', count('column_removed') ? `${plural(count('column_removed'), 'column')} removed` : '',
    ].filter(Boolean);
    lines.push(`${table}: ${parts.join(', ')}`);
    for (const r of rs) {
      if (r.change === 'value_changed') lines.push(`  ~ [${r.row_key}] ${r.column_name}: ${show(r.old_value)} → ${show(r.new_value)}`);
      else if (r.change === 'row_added') lines.push(`  + [${r.row_key}]`);
      else if (r.change === 'row_removed') lines.push(`  - [${r.row_key}]`);
      else if (r.change === 'column_added') lines.push(`  + column ${r.column_name}`);
      else if (r.change === 'column_removed') lines.push(`  - column ${r.column_name}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
