// The error a promise rejects with, for tests to look at. vitest 4.1's `expect(p).rejects.toThrow(x)` passes when
// p rejects with undefined (or with nothing an Error could be matched against), so an error object lost on its way
// up would go unnoticed; a test asks for the rejection here and matches its message itself.

import { expect } from 'vitest';

/** Awaits `p`, fails unless it rejects with an Error, and returns that Error. */
export async function rejection(p: Promise<unknown>, label?: string): Promise<Error> {
  const outcome = await p.then(
    (value: unknown) => ({ rejected: false, value }),
    (reason: unknown) => ({ rejected: true, value: reason }),
  );
  expect(outcome.rejected, `${label ?? 'the promise'} should reject`).toBe(true);
  expect(outcome.value, `${label ?? 'the promise'} should reject with an Error`).toBeInstanceOf(Error);
  return outcome.value as Error;
}
