// The README's mutation scores are what the committed reports say: the generated section is rewritten from
// reports/mutation/*.json (make mutation-report, which runs no mutant) and must come out the same. A survivor
// listed there carries its review from pipelines/mutation/reviewed.json or says it is not reviewed.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { pipeline } from '../helpers/commands.ts';
import { ROOT } from '../helpers/project.ts';

it('README\'s Mutation testing section is the one the committed reports give', async () => {
  const r = await pipeline('mutation/run.ts', ['--report-only', '--no-readme']);
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('<!-- BEGIN GENERATED: mutation'), readme.indexOf('<!-- END GENERATED: mutation -->'));
  expect(section.slice(section.indexOf('-->') + 3).trim(), 'run make mutation-report').toBe(r.stdout.trim());
});
