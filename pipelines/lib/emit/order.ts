// Stable row order: every output lists rows by the schema's x-order-by columns.

import type { TableData, Value } from '../table-data.ts';

function compare(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const cache = new WeakMap<TableData, { rows: number; order: Uint32Array }>();

/** Row indexes in output order; the identity when the rows are already in order (the usual case). Cached. */
export function rowOrder(t: TableData): Uint32Array {
  const hit = cache.get(t);
  if (hit && hit.rows === t.rowCount) return hit.order;
  const order = computeOrder(t);
  cache.set(t, { rows: t.rowCount, order });
  return order;
}

function computeOrder(t: TableData): Uint32Array {
  const keys = t.def.orderBy.map((n) => t.columns[t.indexOf(n)]!);
  const n = t.rowCount;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const cmp = (i: number, j: number): number => {
    for (const k of keys) {
      const c = compare(k[i]!, k[j]!);
      if (c !== 0) return c;
    }
    return i - j;
  };
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (cmp(i - 1, i) > 0) sorted = false;
  if (!sorted) order.sort(cmp);
  return order;
}
