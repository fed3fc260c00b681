// The first `make all` of a fresh clone installs the dependencies with npm ci, which takes minutes: Make says so
// in one line before npm starts, and the README says why the first run is slow. A stand-in npm on PATH records
// the call, so the test installs nothing.

import { chmodSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { $ } from 'zx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from '../helpers/project.ts';
import { repoCopy, type RepoCopy } from '../helpers/repo-copy.ts';

let repo: RepoCopy;
beforeAll(() => {
  repo = repoCopy();
  // A fresh clone: no node_modules (the copy's is a link to this checkout's, which must stay untouched).
  unlinkSync(path.join(repo.dir, 'node_modules'));
  const bin = path.join(repo.dir, 'fake-bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'npm'), '#!/bin/sh\necho "npm $*" >> "$(dirname "$0")/calls"\nmkdir -p node_modules\n');
  chmodSync(path.join(bin, 'npm'), 0o755);
});
afterAll(() => repo.remove());

it('prints one line before npm ci installs the dependencies', async () => {
  const bin = path.join(repo.dir, 'fake-bin');
  const r = await $({ cwd: repo.dir, quiet: true, env: { ...process.env, PATH: `${bin}:${process.env['PATH']}` } })`make --no-print-directory install`;
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^Installing the pinned dependencies \(npm ci: about \d+ MB, a few minutes the first time\)\.\.\.$/);
  expect(lines[1]).toBe('npm ci --ignore-scripts --no-audit --no-fund');
  expect(readFileSync(path.join(bin, 'calls'), 'utf8')).toBe('npm ci --ignore-scripts --no-audit --no-fund\n');
});

it('says in the README why the first make all is slow', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme).toMatch(/The first `make all` takes a few minutes, not seconds: it runs `npm ci` first/);
});
