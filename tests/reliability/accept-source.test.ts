// make accept-source records a changed text's checksum and says what to do next: until the docs and the golden
// files follow the new text, make test fails, and nothing else would say why.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sha256 } from '../../pipelines/lib/hash.ts';
import { ROOT } from '../helpers/project.ts';
import { make, repoCopy, type RepoCopy } from '../helpers/repo-copy.ts';

let repo: RepoCopy;
const source = () => path.join(repo.dir, 'sources', 'chang2024');
beforeAll(() => { repo = repoCopy(); });
afterAll(() => repo.remove());

it('accepts a changed text and prints the next steps', async () => {
  const paper = path.join(source(), 'paper.txt');
  writeFileSync(paper, readFileSync(paper, 'utf8').replace('GPT-3 OpenAI 175B', 'GPT-3 OpenAI 176B'));
  const r = await make(repo.dir, 'accept-source', 'SOURCE=chang2024');
  const digest = sha256(readFileSync(paper));
  expect(readFileSync(path.join(source(), 'source.json'), 'utf8')).toContain(`"sha256": "${digest}"`);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(new RegExp(`^sources/chang2024/source\\.json: sha256 [0-9a-f]{64} → ${digest}\\.$`));
  expect(lines.slice(1)).toEqual([
    'Next steps (make test fails until they are done):',
    expect.stringMatching(/^ {2}1\. make docs {4}rebuild, then regenerate docs\/data-dictionary\.md and the README's generated sections$/),
    expect.stringMatching(/^ {2}2\. update the golden files .* as tests\/golden\/README\.md says$/),
    expect.stringMatching(/^ {2}3\. make diff BASE=<.*> {4}review every changed value$/),
    expect.stringMatching(/^ {2}4\. make test, then commit /),
  ]);
});

it('says there is nothing to accept when the text is unchanged, without next steps', async () => {
  const r = await make(repo.dir, 'accept-source', 'SOURCE=chang2024');
  expect(r.stderr).toMatch(/^sources\/chang2024\/source\.json already records [0-9a-f]{64}; nothing to accept\.\n$/);
});

it('without SOURCE, says how to call it, in one located message ending "1 problem found."', async () => {
  const r = await make(repo.dir, 'accept-source').nothrow();
  expect(r.exitCode).not.toBe(0);
  expect(r.stderr).toContain('make accept-source: needs SOURCE, the id of a source folder\n  → Run `make accept-source SOURCE=<id>`');
  expect(r.stderr).toContain('\n1 problem found.\n');
});

it('takes only the bare name of a source folder: a path or an unknown name is one message naming the sources', async () => {
  for (const id of ['nonexistent', '../../tmp; touch PWNED']) {
    const r = await make(repo.dir, 'accept-source', `SOURCE=${id}`).nothrow();
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`make accept-source: SOURCE=${JSON.stringify(id)} is not a source of sources/\n  → Use one of: chang2024`);
    expect(r.stderr).not.toMatch(/Bug:|\n\s+at /);
  }
});

it('points to a README that says how to update the golden files', () => {
  const readme = readFileSync(path.join(ROOT, 'tests', 'golden', 'README.md'), 'utf8');
  expect(readme).toContain('## After a change of the source text');
  expect(readme).toContain('npm run --silent sql -- --csv -f queries/<name>.sql > tests/golden/queries/<name>.csv');
});
