// vitest 4.1's `expect(p).rejects.toThrow(x)` passes when p rejects with undefined, so a test written that way would
// not notice an error object lost on its way up. Tests ask tests/helpers/rejection.ts for the Error instead; this
// test keeps the weak form from coming back.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/project.ts';
import { rejection } from '../helpers/rejection.ts';

/** `.rejects` then `.toThrow`, white space (line ends too) allowed between them. */
const WEAK = /\.rejects\s*\.\s*toThrow/;
/** The files that name the weak form to explain it. */
const EXPLAINING = [
  path.join('tests', 'repository', 'rejection-idiom.test.ts'),
  path.join('tests', 'helpers', 'rejection.ts'),
];

it("is needed: vitest's rejects.toThrow passes on a rejection with undefined, the helper does not", async () => {
  await expect(Promise.reject(undefined)).rejects.toThrow(/anything/);
  const failed: unknown = await rejection(Promise.reject(undefined)).then(
    () => 'passed',
    (e: unknown) => e,
  );
  expect(String(failed)).toMatch(/should reject with an Error/);
  expect(WEAK.test('expect(p)\n  .rejects\n  .toThrow(/x/)')).toBe(true);
});

it('no test matches a rejection with rejects.toThrow', () => {
  const files = readdirSync(path.join(ROOT, 'tests'), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mts|js|mjs)$/.test(f))
    .map((f) => path.join('tests', f))
    .filter((f) => !EXPLAINING.includes(f) && !f.includes(`${path.sep}fixtures${path.sep}`));
  expect(files.length).toBeGreaterThan(50);
  expect(files.filter((f) => WEAK.test(readFileSync(path.join(ROOT, f), 'utf8')))).toEqual([]);
});
