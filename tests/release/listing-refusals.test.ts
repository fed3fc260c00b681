// A SHA256SUMS the download refuses (unreadable, empty, listing a file no release holds) is one located problem
// with a fix: the error contract of docs/errors.md, whatever is wrong with the listing.

import { expect, it } from 'vitest';
import { DataError } from '../../pipelines/lib/problems.ts';
import { fetchSha256sums, type FetchLike } from '../../pipelines/lib/release/download.ts';
import { rejection } from '../helpers/rejection.ts';

const serving =
  (listing: string): FetchLike =>
  async () => ({ status: 200, arrayBuffer: async () => new TextEncoder().encode(listing).slice().buffer });

it.each([
  ['cannot be read', 'not a listing\n'],
  ['lists no files', '\n'],
  ['lists a file no release holds', `${'0'.repeat(64)}  Makefile\n`],
])('that %s is refused, located at its address, with a fix', async (_, listing) => {
  const e = await rejection(
    fetchSha256sums({ base: 'http://mirror.test', version: 'v1.0.0', fetch: serving(listing) }),
  );
  expect(e).toBeInstanceOf(DataError);
  const problems = (e as DataError).problems;
  expect(problems).toHaveLength(1);
  expect(problems[0]!.where.file).toBe('http://mirror.test/v1.0.0/SHA256SUMS');
  expect(problems[0]!.fix).toMatch(/^[A-Z].+\.$/);
});
