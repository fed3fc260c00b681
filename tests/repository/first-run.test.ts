// The first `make all` of a fresh clone installs what the build needs with npm ci --omit=dev, and the first
// `make test` (or `make install-all`) everything: Make says which in one line before npm starts, and the README says
// why the first run is slow. A stand-in npm on PATH records the calls, so these tests install nothing; the real
// install is in runtime-install.test.ts.

import { chmodSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { $ } from 'zx';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ROOT } from '../helpers/project.ts';
import { repoCopy, type RepoCopy } from '../helpers/repo-copy.ts';

let repo: RepoCopy;
let bin: string;
beforeEach(() => {
  repo = repoCopy();
  // A fresh clone: no node_modules (the copy's is a link to this checkout's, which must stay untouched).
  unlinkSync(path.join(repo.dir, 'node_modules'));
  bin = path.join(repo.dir, 'fake-bin');
  mkdirSync(bin);
  // Like npm ci: one package, and npm's record of what it installed.
  writeFileSync(
    path.join(bin, 'npm'),
    [
      '#!/bin/sh',
      'echo "npm $*" >> "$(dirname "$0")/calls"',
      'rm -rf node_modules && mkdir -p node_modules/a && echo {} > node_modules/a/package.json',
      'printf \'{"packages": {\\n  "node_modules/a": {}\\n}}\\n\' > node_modules/.package-lock.json',
      '',
    ].join('\n'),
  );
  chmodSync(path.join(bin, 'npm'), 0o755);
});
afterEach(() => repo.remove());

const make = (target: string) =>
  $({
    cwd: repo.dir,
    quiet: true,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  })`make --no-print-directory ${target}`;

it('installs only what the build needs, saying so in one line before npm ci', async () => {
  const lines = (await make('install')).stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(
    /^Installing the dependencies of the build \(npm ci --omit=dev: about \d+ MB, a minute or two the first time\)\.\.\.$/,
  );
  expect(lines[1]).toBe('npm ci --omit=dev --ignore-scripts --no-audit --no-fund');
  expect(readFileSync(path.join(bin, 'calls'), 'utf8')).toBe(
    'npm ci --omit=dev --ignore-scripts --no-audit --no-fund\n',
  );
});

it('installs everything for the tests and tools, and keeps that set when the lock changes', async () => {
  const lines = (await make('install-all')).stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(
    /^Installing every dependency, with the tools of the tests \(npm ci: about \d+ MB, a few minutes the first time\)\.\.\.$/,
  );
  expect(readFileSync(path.join(bin, 'calls'), 'utf8')).toBe('npm ci --ignore-scripts --no-audit --no-fund\n');
  // A newer lock: `make install` (as `make all` would) installs again, and keeps the test tools.
  await $`touch -d '+1 minute' ${path.join(repo.dir, 'package-lock.json')}`;
  await make('install');
  expect(readFileSync(path.join(bin, 'calls'), 'utf8')).toBe(
    'npm ci --ignore-scripts --no-audit --no-fund\n'.repeat(2),
  );
});

it('installs again, with make install, when a package it installed is missing (and only then)', async () => {
  await make('install');
  expect((await make('install')).stdout).toContain("Nothing to be done for 'install'");
  rmSync(path.join(repo.dir, 'node_modules', 'a'), { recursive: true });
  expect((await make('install')).stdout).toContain('npm ci --omit=dev');
  expect(readFileSync(path.join(bin, 'calls'), 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
});

it('says in the README why the first make all is slow, and how much it installs', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme).toMatch(/The first `make all` takes a minute or two: it runs `npm ci` first/);
  expect(readme).toMatch(/about \d+ MB\b.*`make test`.*about \d+ MB/s);
});
