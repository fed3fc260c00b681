// vitest 4.1's `expect(p).rejects.toThrow(x)` passes when p rejects with undefined, so a test written that way would
// not notice an error object lost on its way up. Tests ask tests/helpers/rejection.ts for the Error instead; this
// test keeps the weak form from coming back.

import { $ } from 'zx';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/project.ts';
import { rejection } from '../helpers/rejection.ts';

it("is needed: vitest's rejects.toThrow passes on a rejection with undefined, the helper does not", async () => {
  await expect(Promise.reject(undefined)).rejects.toThrow(/anything/);
  const failed: unknown = await rejection(Promise.reject(undefined)).then(() => 'passed', (e: unknown) => e);
  expect(String(failed)).toMatch(/should reject with an Error/);
});

it('no test matches a rejection with rejects.toThrow', async () => {
  const weak = '.rejects' + '.toThrow';
  const hits = (await $({ cwd: ROOT, nothrow: true })`git grep -n -F ${weak} -- tests`).stdout.trim();
  expect(hits.split('\n').filter((l) => l !== '' && !l.startsWith('tests/repository/rejection-idiom.test.ts')
    && !l.startsWith('tests/helpers/rejection.ts'))).toEqual([]);
});
