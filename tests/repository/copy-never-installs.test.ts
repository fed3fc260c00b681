// A copy of the project made by the tests (tests/helpers/repo-copy.ts) links node_modules to this checkout's. A
// `make` there that decides to install (its package-lock.json newer than the stamp, or a changed package.json) would
// run npm ci, which empties the shared folder under every other test: it refuses instead, in one message, and leaves
// node_modules as it was. A stand-in npm first on PATH records any call, so a broken guard fails this test without
// touching the shared folder.

import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { $ } from 'zx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from '../helpers/project.ts';
import { repoCopy, type RepoCopy } from '../helpers/repo-copy.ts';

let repo: RepoCopy;
let bin: string;
beforeAll(() => {
  repo = repoCopy();
  bin = path.join(repo.dir, 'fake-bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'npm'), '#!/bin/sh\necho "npm $*" >> "$(dirname "$0")/calls"\nexit 1\n');
  chmodSync(path.join(bin, 'npm'), 0o755);
});
afterAll(() => repo.remove());

const stamp = path.join(ROOT, 'node_modules', '.installed');

it.each([['all'], ['typecheck']])(
  'refuses to install into the shared node_modules (make %s, lock newer than the stamp)',
  async (target) => {
    const before = statSync(stamp).mtimeMs;
    await $`touch -d '+1 minute' ${path.join(repo.dir, 'package-lock.json')}`;
    const r = await $({
      cwd: repo.dir,
      quiet: true,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    })`make --no-print-directory ${target}`.nothrow();
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(
      `make: node_modules is a link to ${path.join(ROOT, 'node_modules')}, shared with another checkout; installing here would replace its packages.`,
    );
    expect(r.stderr).toContain(
      `→ Run \`make install\` (or the command you ran) in the checkout that owns it, ${ROOT}.`,
    );
    expect(existsSync(path.join(bin, 'calls')) ? readFileSync(path.join(bin, 'calls'), 'utf8') : '').toBe('');
    expect(statSync(stamp).mtimeMs).toBe(before);
    expect(existsSync(path.join(ROOT, 'node_modules', 'vitest', 'package.json'))).toBe(true);
  },
);
