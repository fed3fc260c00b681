// A DuckDB error about the machine (a full disk) names the file it is about: DuckDB, writing its own database file at
// the checkpoint, reports ENOSPC with no path in its message, and the build's one located message must still say
// which disk to free (tests/reliability/environment.test.ts shows it end to end on a real full tmpfs).

import { expect, it } from 'vitest';
import { aboutFile, environmentProblem } from '../../pipelines/lib/environment.ts';

const db = 'out.staging-1/large_model_ecosystem.duckdb';

it('names the database where DuckDB names no path', () => {
  const e = new Error('IO Error: Could not write all bytes to file: No space left on device');
  const p = environmentProblem(aboutFile(e, db))!;
  expect(p.where.file).toBe(db);
  expect(p.message).toContain('the disk is full (ENOSPC)');
});

it("keeps the path DuckDB's message names, and the path of an error that has one", () => {
  const quoted = new Error(
    "IO Error: Cannot open file './out.staging-1/parquet/models.parquet': No space left on device",
  );
  expect(environmentProblem(aboutFile(quoted, db))!.where.file).toBe('out.staging-1/parquet/models.parquet');
  const node = Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
    path: 'out/a.csv',
  });
  expect(environmentProblem(aboutFile(node, db))!.where.file).toBe('out/a.csv');
  expect(aboutFile('not an error', db)).toBe('not an error');
});
