// The row order of every output (pipelines/lib/emit/order.ts): by the schema's x-order-by columns in turn, NULL
// first, strings by UTF-16 code units, integers of either representation by value, ties in input order; the
// identity when already sorted; cached per table until its row count changes.

import { describe, expect, it } from 'vitest';
import { rowOrder } from '../../pipelines/lib/emit/order.ts';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import type { Value } from '../../pipelines/lib/table-data.ts';
import { column, tableOf, tableWith, tinyTable } from '../helpers/tiny-dataset.ts';

const def = tableOf(
  't',
  [column('a', 'string', { nullable: true }), column('b', 'integer', { nullable: true }), column('c', 'string')],
  { orderBy: ['a', 'b'] },
);
const order = (rows: Value[][]) => [...rowOrder(tableWith(def, rows))];

describe('rowOrder', () => {
  it('sorts by the first order column, then the next, NULL first', () => {
    expect(
      order([
        ['b', 1, 'r0'],
        ['a', 2, 'r1'],
        [null, 5, 'r2'],
        ['a', 1, 'r3'],
        ['b', null, 'r4'],
      ]),
    ).toEqual([2, 3, 1, 4, 0]);
  });

  it('orders rows NULL in the first order column by the next (two NULLs are a tie, not an order)', () => {
    expect(
      order([
        [null, 2, 'r0'],
        [null, 1, 'r1'],
        [null, null, 'r2'],
      ]),
    ).toEqual([2, 1, 0]);
  });

  it('compares strings by code unit (Z before a, 中 after both) and integers by value, bigint or not', () => {
    expect(
      order([
        ['中', 0, ''],
        ['a', 0, ''],
        ['Z', 0, ''],
        ['ab', 0, ''],
      ]),
    ).toEqual([2, 1, 3, 0]);
    expect(
      order([
        ['x', 2n ** 60n, ''],
        ['x', -3, ''],
        ['x', 10, ''],
        ['x', 9n, ''],
        ['x', null, ''],
      ]),
    ).toEqual([4, 1, 3, 2, 0]);
  });

  it('sorts integers given in descending order, numbers and bigints mixed, and takes 9 and 9n as equal', () => {
    const rows = Array.from({ length: 40 }, (_, i): Value[] => ['x', i % 2 === 0 ? 40 - i : BigInt(40 - i), `r${i}`]);
    expect(order(rows)).toEqual(Array.from({ length: 40 }, (_, i) => 39 - i));
    // Shuffled (row i holds (i × 37) mod 101), so that the sort compares pairs both ways round.
    const shuffled = Array.from({ length: 101 }, (_, i): Value[] => ['x', (i * 37) % 101, '']);
    expect(order(shuffled).map((r) => shuffled[r]![1])).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect(
      order([
        ['x', 9n, ''],
        ['x', 9, ''],
        ['x', 9n, ''],
        ['x', 8, ''],
      ]),
    ).toEqual([3, 0, 1, 2]);
    expect(
      order([
        ['y', 9, ''],
        ['y', 9n, ''],
        ['x', 1, ''],
      ]),
    ).toEqual([2, 0, 1]);
  });

  it('keeps rows with equal keys in their input order, NULLs too', () => {
    expect(
      order([
        ['b', 1, 'r0'],
        ['a', 1, 'r1'],
        ['b', 1, 'r2'],
        ['a', 1, 'r3'],
        [null, null, 'r4'],
        [null, null, 'r5'],
      ]),
    ).toEqual([4, 5, 1, 3, 0, 2]);
  });

  it('is the identity for rows already in order, and empty for an empty table', () => {
    expect(
      order([
        [null, 1, ''],
        ['a', null, ''],
        ['a', 1, ''],
        ['a', 1, ''],
        ['b', 0, ''],
      ]),
    ).toEqual([0, 1, 2, 3, 4]);
    expect(order([])).toEqual([]);
  });

  it('orders the tables of the real schemas by their order columns', () => {
    for (const d of loadTableDefs()) expect([...rowOrder(tinyTable(d))], d.name).toEqual([2, 1, 0]);
  });

  it('is computed again once rows are added, and kept while they are not', () => {
    const t = tableWith(def, [
      ['b', 1, ''],
      ['a', 1, ''],
    ]);
    const first = rowOrder(t);
    expect([...first]).toEqual([1, 0]);
    expect(rowOrder(t)).toBe(first);
    t.push({ a: null, b: null, c: '' });
    expect([...rowOrder(t)]).toEqual([2, 1, 0]);
  });
});
