// One error contract for the whole pipeline (docs/errors.md): an expected data problem exits 1 with located messages
// and no stack trace, several problems together up to a limit; a command line it cannot read exits 2 with one located
// message; a bug exits 70 with its stack.

import { afterEach, beforeEach, expect, it } from 'vitest';
import { REPORT_LIMIT } from '../../pipelines/lib/problems.ts';
import { buildCommand, editFile, sandbox, acceptPaper, type Sandbox } from '../helpers/sandbox.ts';
import { $ } from 'zx';
import { pipeline, script, sourceScript } from '../helpers/commands.ts';
import { ROOT } from '../helpers/project.ts';
import path from 'node:path';

let s: Sandbox;
beforeEach(() => {
  s = sandbox();
});
afterEach(() => s.remove());

const STACK = /^\s+at .+:\d+:\d+\)?$/m;

it('reports a data problem in one located message, without a stack trace, and exits 1', async () => {
  editFile(path.join(s.source, 'paper.txt'), (t) => t.replace('GPT-3 OpenAI 175B', 'GPT-3 OpenAI 175X'));
  acceptPaper(s);
  const r = await buildCommand(s).nothrow();
  expect(r.exitCode).toBe(1);
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => !/^\S+\s{2,}.*\d+ ms$/.test(l));
  expect(lines).toEqual([
    expect.stringMatching(
      /sources\/chang2024\/paper\.txt:266 表3 row 1 \(GPT-3\) column parameters: "175X" is not a quantity/,
    ),
    expect.stringMatching(/^ {2}→ Check the cell against the paper\./),
    '1 problem found. Nothing in out/ was changed.',
  ]);
  expect(r.stderr).not.toMatch(STACK);
});

it('reports many problems of one run together, up to a limit', async () => {
  editFile(path.join(s.source, 'paper.txt'), (t) => t.replace(/ (是|否) $/gm, ' 也许 '));
  acceptPaper(s);
  const r = await buildCommand(s).nothrow();
  expect(r.exitCode).toBe(1);
  const located = r.stderr
    .split('\n')
    .filter((l) => /paper\.txt:\d+ 表3 row \d+ .* column open_source: "也许" is not an open-source mark/.test(l));
  expect(located.length).toBe(REPORT_LIMIT);
  expect(r.stderr).toContain(`… and ${23 - REPORT_LIMIT} more problems of the same run`);
  expect(r.stderr).toContain('23 problems found.');
  expect(r.stderr).not.toMatch(STACK);
});

it('refuses a command line it does not know in one located message with the fix, without a stack trace, and exits 2 (usage)', async () => {
  // The source itself (not .build/build.cjs, which the run may use elsewhere): the message names the file run.
  const args = ['--sources', s.sources, '--out', s.out, '--help'];
  const r = await $({ cwd: ROOT, quiet: true, nothrow: true })`${process.execPath} ${sourceScript('build.ts')} ${args}`;
  expect([r.exitCode, r.stderr]).toEqual([
    2,
    "pipelines/build.ts: Unknown option '--help'\n  → Run `make help` for the commands and their variables (pipelines/build.ts's header says how to run it).\n",
  ]);
  // What make runs, the bundle when this run made one, points to the same header (the bundle has none).
  const bundled = await $({ cwd: ROOT, quiet: true, nothrow: true })`${process.execPath} ${script('build.ts')} ${args}`;
  expect([bundled.exitCode, bundled.stderr.split('\n')[1]]).toEqual([
    2,
    "  → Run `make help` for the commands and their variables (pipelines/build.ts's header says how to run it).",
  ]);
});

it('treats anything unexpected as a bug: exit 70 with the stack', async () => {
  const r = await buildCommand(s, { LME_FAILPOINT: 'after-csv' }).nothrow();
  expect(r.exitCode).toBe(70);
  expect(r.stderr).toContain('Bug: Error: failpoint after-csv');
  expect(r.stderr).toMatch(STACK);
});

it.each([
  [
    'download.ts',
    'make download',
    'Run `make download VERSION=vX.Y.Z [DOWNLOAD_DIR=<folder>] [RELEASE_BASE_URL=<url>]`.',
  ],
  [
    'diff.ts',
    'make diff',
    'Run `make diff BASE=<folder>`: an earlier out/ (keep a copy before rebuilding) or a folder made by `make download VERSION=…`.',
  ],
  ['release.ts', 'make release', 'Run `make release [BASE=<an earlier release download or build>]`.'],
  [
    'sql.ts',
    'npm run sql',
    'usage: npm run --silent sql -- [--db FILE] [--csv | --json] [--max-rows N] [--memory-limit SIZE] [--timeout SECONDS] [--max-value-length N] ("SQL" | -f FILE | -f -)',
  ],
])(
  '%s: an option it does not know is one message located at the command, with its usage, exit 2',
  async (script, command, usage) => {
    const r = await pipeline(script, ['--bogus']).nothrow();
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^${command}: Unknown option '--bogus'[^\\n]*\\n {2}→ ${usage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n$`,
      ),
    );
  },
);

// Make (release, pages) and the release workflow (publish-hf, publish-zenodo) run these through tsx, as ES modules;
// every other test of this run runs them as bundles (script(), bundledNode()), which accept what tsx refuses (a
// `require` in an ES module, a named import CommonJS does not export). Their start through tsx, once each.
it.each([
  ['release.ts', 'make release'],
  ['pages.ts', 'pipelines/pages.ts'],
  ['publish-hf.ts', 'pipelines/publish-hf.ts'],
  ['publish-zenodo.ts', 'pipelines/publish-zenodo.ts'],
])('%s starts through tsx, as make and the workflows run it (an unknown option: exit 2)', async (name, command) => {
  const r = await $({ cwd: ROOT, quiet: true, nothrow: true })`${process.execPath} ${sourceScript(name)} --bogus`;
  expect([r.exitCode, r.stderr.split('\n')[0]]).toEqual([2, `${command}: Unknown option '--bogus'`]);
});
