// Generated documentation cannot drift: the data dictionary must be what the schemas generate, and the README's
// generated sections (tables, example queries with output, known issues) what the data generates.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDocs, type GeneratedDocs } from '../pipelines/docs.ts';
import { dataDictionary } from '../pipelines/lib/docs/dictionary.ts';
import { loadViews } from '../pipelines/lib/emit/ddl.ts';
import { loadTableDefs } from '../pipelines/lib/schemas.ts';
import { build, sandbox, type Sandbox } from './helpers/sandbox.ts';
import { ROOT } from './helpers/project.ts';

let s: Sandbox;
let docs: GeneratedDocs;
beforeAll(async () => {
  s = sandbox();
  await build(s);
  docs = await generateDocs(s.out);
});
afterAll(() => s.remove());

it('docs/data-dictionary.md is what the schemas generate (run `make docs` after changing a schema)', () => {
  expect(readFileSync(path.join(ROOT, 'docs', 'data-dictionary.md'), 'utf8')).toBe(docs.dictionary);
});

it('README.md\'s generated sections are what the data generates (run `make docs`)', () => {
  expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toBe(docs.readme);
});

it('describes every column of every table in the data dictionary', () => {
  const dictionary = dataDictionary(loadTableDefs(), loadViews());
  for (const d of loadTableDefs()) {
    expect(dictionary).toContain(`## ${d.name}`);
    for (const c of d.columns) expect(dictionary, `${d.name}.${c.name}`).toContain(`| \`${c.name}\` | ${c.labelEn} | ${c.labelZh} | \`${c.enumName ?? { string: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN' }[c.base]}\` |`);
  }
});

it('lists in the README every error and warning annotation on a model', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const csv = readFileSync(path.join(s.out, 'csv', 'annotations.csv'), 'utf8');
  const serious = csv.split('\n').filter((l) => /,models,[a-z0-9-]+,.*,(warning|error),(curated|rule),/.test(l));
  expect(serious.length).toBeGreaterThan(20);
  const known = readme.slice(readme.indexOf('## Known issues in the source'));
  for (const line of serious) {
    const [, , , , , printed] = line.split(',');
    expect(known, line).toContain(`| ${printed} |`);
  }
});
