// The mutation scores of docs/maintainers/mutation.md and docs/mutation-survivors.md are what the committed scores
// say: both are written from reports/mutation/*.scores.json and pipelines/mutation/reviewed.json (make
// mutation-report, which runs no mutant), and writing them again must change nothing.

import { expect, it } from 'vitest';
import { pipeline } from '../helpers/commands.ts';

it("docs/maintainers/mutation.md's scores and docs/mutation-survivors.md are what the committed scores give", async () => {
  const r = await pipeline('mutation/run.ts', ['--report-only', '--check']).nothrow();
  expect(r.stderr, 'run make mutation-report').toBe('');
  expect(r.exitCode).toBe(0);
});
