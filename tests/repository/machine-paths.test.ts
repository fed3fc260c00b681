// No tracked file holds an absolute path of one machine (a home folder, a scratch or work folder, a temporary
// file, this checkout's own location): such a path works only where it was written, and leaks where that was.
// Tests make their folders with os.tmpdir() and find the project with ROOT, so none needs to write one.

import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { $ } from 'zx';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/project.ts';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A path starts a word: at the start of a line, after a space, a quote, a bracket, `=`, `:` or `file://`.
// A URL's path (https://example.org/home/…) or a relative path (a/tmp/b) is not a machine's path.
const START = String.raw`(?:^|(?<=[\s'"\x60(\[{=:,;<>])|(?<=file:\/\/))`;
const FOLDERS = [
  String.raw`\/(?:home|Users)\/[^/\s'"\x60]+\/`, // a user's home folder
  String.raw`\/(?:root|work|private\/var|var\/folders)\/`,
  String.raw`\/tmp\/[^\s'"\x60)]`, // a file in /tmp; "/tmp/" alone in prose names no file
  String.raw`[A-Za-z]:\\(?:Users|Documents and Settings)\\`,
];

function machinePaths(text: string, own: readonly string[] = []): string[] {
  const alternatives = [...FOLDERS, ...own.filter((p) => p.length > 1).map(escapeRegExp)];
  const re = new RegExp(`${START}(?:${alternatives.join('|')})\\S*`, 'gm');
  return [...text.matchAll(re)].map((m) => m[0]);
}

/** Where this checkout and this user's home are: a path of this machine, whatever its shape. */
const OWN = [ROOT, os.homedir()].filter((p) => p !== '/' && p.split(path.sep).length > 2);

it('finds the absolute paths of a machine, and not URLs, relative paths or prose', () => {
  const p = (...parts: string[]) => ['', ...parts].join('/');
  expect(machinePaths(`import { x } from '${p('work', 'main', 'pipelines', 'a.ts')}';`)).toEqual([
    `${p('work', 'main', 'pipelines', 'a.ts')}';`,
  ]);
  expect(machinePaths(`db = open("${p('tmp', 'fl', 'prof.duckdb')}")`)).toHaveLength(1);
  expect(machinePaths(`cd ${p('home', 'alice', 'src')}`)).toHaveLength(1);
  expect(machinePaths(`see file://${p('root', 'x.txt')}`)).toHaveLength(1);
  expect(machinePaths(['C:', 'Users', 'bob', 'repo'].join('\\'))).toHaveLength(1);
  expect(machinePaths(`at ${p('opt', 'checkout', 'x')}/pipelines`, [p('opt', 'checkout', 'x')])).toHaveLength(1);
  for (const fine of [
    'https://example.org/home/page/',
    'https://github.com/owner/work/tree',
    'sources/chang2024/paper.txt',
    'tests/tmp/x',
    'a folder made with os.tmpdir()',
    'files under /tmp/ are removed',
    "the path '/etc/passwd' is refused",
    '/usr/bin/chromium',
    'PATH=$HOME/bin',
  ])
    expect(machinePaths(fine), fine).toEqual([]);
});

it('finds none in the tracked files', async () => {
  const files = (await $({ cwd: ROOT, quiet: true })`git ls-files -z`).stdout.split('\0').filter(Boolean);
  expect(files).toContain('package.json');
  const found: string[] = [];
  for (const f of files) {
    const bytes = readFileSync(path.join(ROOT, f));
    if (bytes.includes(0)) continue; // binary
    const lines = bytes.toString('utf8').split('\n');
    lines.forEach((line, i) => {
      for (const m of machinePaths(line, OWN)) found.push(`${f}:${i + 1}: ${m}`);
    });
  }
  expect(found, 'replace them with paths relative to the project, ROOT or os.tmpdir()').toEqual([]);
});
