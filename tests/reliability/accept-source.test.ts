// make accept-source records a changed text's checksum and says what to do next: until the docs and the golden
// files follow the new text, make test fails, and nothing else would say why. Its steps are run here, in order, as a
// user would: keeping the old build, rebuilding, comparing with it.

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { $ } from 'zx';
import { sha256 } from '../../pipelines/lib/hash.ts';
import { ROOT } from '../helpers/project.ts';
import { bundledNode } from '../helpers/bundled-make.ts';
import { make, repoCopy, type RepoCopy } from '../helpers/repo-copy.ts';

let repo: RepoCopy;
/** The command's bundle as make's NODE, in the built copy (tests/helpers/bundled-make.ts): what it prints is the test. */
const accept = bundledNode('accept-source.ts');
const source = () => path.join(repo.dir, 'sources', 'chang2024');
beforeAll(() => {
  repo = repoCopy({ built: true });
  // What `make docs` rewrites and reads, beside what a build needs.
  for (const p of ['README.md', 'docs', 'queries'])
    cpSync(path.join(ROOT, p), path.join(repo.dir, p), { recursive: true });
});
afterAll(() => repo.remove());

it('accepts a changed text and prints next steps that work in the order given: keep the old build, rebuild, compare', async () => {
  await make(repo.dir, 'all');
  const paper = path.join(source(), 'paper.txt');
  const before = JSON.parse(readFileSync(path.join(source(), 'source.json'), 'utf8')).sha256 as string;
  writeFileSync(paper, readFileSync(paper, 'utf8').replace('GPT-3 OpenAI 175B', 'GPT-3 OpenAI 176B'));
  // The curated note on GPT-3's count names what was printed: with the count changed, it goes too (or is stale).
  const notes = path.join(source(), 'curated', 'annotations.csv');
  writeFileSync(
    notes,
    readFileSync(notes, 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('gpt-3.parameters.'))
      .join('\n'),
  );
  const r = await make(repo.dir, 'accept-source', ...accept, 'SOURCE=chang2024');
  const digest = sha256(readFileSync(paper));
  expect(readFileSync(path.join(source(), 'source.json'), 'utf8')).toContain(`"sha256": "${digest}"`);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(new RegExp(`^sources/chang2024/source\\.json: sha256 ${before} → ${digest}\\.$`));
  const keep = `prev/chang2024-${before.slice(0, 12)}`;
  expect(lines.slice(1)).toEqual([
    'Next steps, in this order (make test fails until they are done):',
    `  1. mkdir -p ${keep} && cp -R out/. ${keep}/    keep the build of the old text (out/ holds it until the next build) to compare with`,
    '  2. make docs    rebuild out/ from the new text, then regenerate the generated sections of the README and docs/',
    `  3. make diff BASE=${keep}    review every changed value`,
    expect.stringMatching(/^ {2}4\. update the golden files .* as tests\/golden\/README\.md says$/),
    expect.stringMatching(/^ {2}5\. make test, then commit /),
  ]);
  // The commands of steps 1 to 3, as printed.
  const [keepOld, rebuild, compare] = lines.slice(2, 5).map((l) => l.replace(/^ {2}\d\. /, '').split('    ')[0]!);
  await $({ cwd: repo.dir, quiet: true })`bash -c ${keepOld}`;
  await $({ cwd: repo.dir, quiet: true })`bash -c ${rebuild}`;
  expect(readFileSync(path.join(repo.dir, 'docs', 'query.md'), 'utf8')).toContain('176B');
  const diff = await $({ cwd: repo.dir, quiet: true })`bash -c ${compare}`;
  expect(diff.stdout).toContain('  ~ [source_id=chang2024, model_id=gpt-3] parameters_raw: "175B" → "176B"');
});

it('without a build of the old text, takes the last release as the base to compare with', async () => {
  const fresh = repoCopy();
  try {
    const paper = path.join(fresh.dir, 'sources', 'chang2024', 'paper.txt');
    const before = JSON.parse(readFileSync(path.join(fresh.dir, 'sources', 'chang2024', 'source.json'), 'utf8'))
      .sha256 as string;
    writeFileSync(paper, readFileSync(paper, 'utf8').replace('GPT-3 OpenAI 175B', 'GPT-3 OpenAI 176B'));
    const r = await make(fresh.dir, 'accept-source', 'SOURCE=chang2024');
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
    const keep = `prev/chang2024-${before.slice(0, 12)}`;
    expect(r.stderr.split('\n')[2]).toBe(
      `  1. make download VERSION=v${version} DOWNLOAD_DIR=${keep}    out/ holds no build of the old text: the last release, to compare with`,
    );
    expect(r.stderr.split('\n')[4]).toBe(`  3. make diff BASE=${keep}    review every changed value`);
  } finally {
    fresh.remove();
  }
});

it('says there is nothing to accept when the text is unchanged, without next steps', async () => {
  const r = await make(repo.dir, 'accept-source', ...accept, 'SOURCE=chang2024');
  expect(r.stderr).toMatch(/^sources\/chang2024\/source\.json already records [0-9a-f]{64}; nothing to accept\.\n$/);
});

it('without SOURCE, says how to call it in one located message, a usage error (exit 2)', async () => {
  const r = await make(repo.dir, 'accept-source', ...accept).nothrow();
  expect(r.exitCode).not.toBe(0);
  expect(r.stderr).toContain(
    'make accept-source: needs SOURCE, the id of a source folder\n  → Run `make accept-source SOURCE=<id>`',
  );
  expect(r.stderr).toContain('Error 2');
});

it('takes only the bare name of a source folder: a path or an unknown name is one message naming the sources', async () => {
  for (const id of ['nonexistent', '../../tmp; touch PWNED']) {
    const r = await make(repo.dir, 'accept-source', ...accept, `SOURCE=${id}`).nothrow();
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(
      `make accept-source: SOURCE=${JSON.stringify(id)} is not a source of sources/\n  → Use one of: chang2024`,
    );
    expect(r.stderr).not.toMatch(/Bug:|\n\s+at /);
  }
});

it('points to a README that says how to update the golden files', () => {
  const readme = readFileSync(path.join(ROOT, 'tests', 'golden', 'README.md'), 'utf8');
  expect(readme).toContain('## After a change of the source text');
  expect(readme).toContain('npm run --silent sql -- --csv -f queries/<name>.sql > tests/golden/queries/<name>.csv');
});
