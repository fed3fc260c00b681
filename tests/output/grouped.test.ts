// Numbers in messages and summaries are grouped by lib/grouped.ts, written out to spare the build ICU's start-up:
// it must print what en-US's toLocaleString prints, for every integer, number or bigint.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { grouped } from '../../pipelines/lib/grouped.ts';

test('grouped prints integers as toLocaleString("en-US") does', () => {
  fc.assert(
    fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => {
      expect(grouped(n)).toBe(n.toLocaleString('en-US'));
    }),
  );
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), (n) => {
      expect(grouped(n)).toBe(n.toLocaleString('en-US'));
    }),
  );
  expect(grouped(1234567)).toBe('1,234,567');
});
