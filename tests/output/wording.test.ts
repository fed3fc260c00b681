// The wording of what commands print: progress lines keep their times in one column however long the detail,
// counts agree with their nouns, and no line ends in a space.

import { expect, it } from 'vitest';
import { plural, problemsFound, progressLines } from '../../pipelines/lib/cli.ts';
import { diffReport, type DiffRow } from '../../pipelines/lib/diff/compare.ts';

const timeColumn = (line: string) => line.length - ' ms'.length;

it('keeps the times of progress lines in one column when a detail is longer than its column', () => {
  const short = progressLines('csv', '9 tables, 275 rows, 0.1 MB', 4);
  const detail = 'extracted = normalised = valid: models 23, country_policies 4, city_policies 4, product_modes 5';
  const long = progressLines('validate', detail, 7);
  expect(short).toBe(`csv        ${'9 tables, 275 rows, 0.1 MB'.padEnd(62)}      4 ms\n`);
  // The detail stays whole on one line, where a search finds it; the time goes below, in its column.
  expect(long).toBe(`validate   ${detail}\n${' '.repeat(73)}      7 ms\n`);
  expect(timeColumn(long.trimEnd().split('\n').at(-1)!)).toBe(timeColumn(short.trimEnd()));
  expect(long.split('\n').every((l) => l === l.trimEnd())).toBe(true);
});

it('ends the count of problems without a trailing space', () => {
  expect(problemsFound(1)).toBe('1 problem found.');
  expect(problemsFound(23, 'Nothing in out/ was changed.')).toBe('23 problems found. Nothing in out/ was changed.');
  expect(problemsFound(1234)).toBe('1,234 problems found.');
});

it('says "1 row", "2 rows" in the diff report', () => {
  const row = (change: DiffRow['change'], key: string, column = ''): DiffRow => ({
    table_name: 'models',
    change,
    row_key: key,
    column_name: column,
    old_value: 'a',
    new_value: 'b',
  });
  const one = diffReport(
    [row('row_removed', 'id=a'), row('value_changed', 'id=b', 'x'), row('column_added', '', 'y')],
    'v1',
    'v2',
  );
  expect(one).toContain('models: 1 row removed, 1 row changed (1 value), 1 column added\n');
  const two = diffReport(
    [
      row('row_added', 'id=a'),
      row('row_added', 'id=c'),
      row('value_changed', 'id=b', 'x'),
      row('value_changed', 'id=b', 'z'),
      row('value_changed', 'id=d', 'x'),
    ],
    'v1',
    'v2',
  );
  expect(two).toContain('models: 2 rows added, 2 rows changed (3 values)\n');
  expect(plural(0, 'row')).toBe('0 rows');
});
