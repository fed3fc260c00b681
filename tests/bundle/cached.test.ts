// pipelines/cached.cjs, which runs every bundled command (make all's build, the SQL runner, diff, release, download)
// with V8's code cache kept beside the bundle: the command sees its own path and arguments, its exit code is the
// process's, a cache is written once and then used, and a cache that is damaged or cannot be written costs a
// compile, never a failure or a message.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ROOT } from '../helpers/project.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-cached-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bundle = path.join(dir, 'command.cjs');
const cache = `${bundle}.cache`;
writeFileSync(
  bundle,
  `const seen = { argv: process.argv.slice(1), file: __filename, dir: __dirname, required: typeof require('node:path').join };
process.stdout.write(JSON.stringify(seen));
process.exitCode = Number(process.env.EXIT_WITH ?? 0);
`,
);

function run(env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'pipelines', 'cached.cjs'), bundle, 'a b', '--c'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stderr: r.stderr, seen: r.stdout ? JSON.parse(r.stdout) : undefined };
}

it("runs the bundle as the script itself, with its arguments, and its exit code is the process's", () => {
  const r = run({ EXIT_WITH: '3' });
  expect(r.status).toBe(3);
  expect(r.stderr).toBe('');
  expect(r.seen).toEqual({ argv: [bundle, 'a b', '--c'], file: bundle, dir, required: 'function' });
});

it('writes the cache once, then uses it as it is', () => {
  rmSync(cache, { force: true });
  expect(run().status).toBe(0);
  const written = readFileSync(cache);
  expect(written.length).toBeGreaterThan(0);
  const mtime = statSync(cache).mtimeMs;
  expect(run().status).toBe(0);
  expect(statSync(cache).mtimeMs).toBe(mtime); // accepted by V8: not written again
});

// V8 checks a cache against the source's length only: without the bundle's SHA-256 at its head, a bundle rebuilt to
// the same length ran the code of the one before.
it('runs a bundle rebuilt to the same length as it now is, not as the cache remembers it', () => {
  const other = path.join(dir, 'same-length.cjs');
  writeFileSync(other, 'process.stdout.write("AAAA");\n');
  const runOther = () =>
    spawnSync(process.execPath, [path.join(ROOT, 'pipelines', 'cached.cjs'), other], { encoding: 'utf8' }).stdout;
  expect(runOther()).toBe('AAAA');
  writeFileSync(other, 'process.stdout.write("BBBB");\n');
  expect(runOther()).toBe('BBBB');
  expect(runOther()).toBe('BBBB');
  rmSync(other);
  rmSync(`${other}.cache`);
});

it('compiles afresh and writes the cache again when it is damaged', () => {
  writeFileSync(cache, 'not a code cache');
  const r = run();
  expect([r.status, r.stderr, r.seen?.argv[1]]).toEqual([0, '', 'a b']);
  expect(readFileSync(cache, 'utf8')).not.toBe('not a code cache');
});

it('runs without a cache where none can be written, leaving nothing behind', () => {
  rmSync(cache, { force: true });
  mkdirSync(cache); // a folder where the file would go: reading and renaming it both fail, as on a read-only disk
  const r = run();
  expect([r.status, r.stderr, r.seen?.argv[1]]).toEqual([0, '', 'a b']);
  expect(readdirSync(dir).sort()).toEqual(['command.cjs', 'command.cjs.cache']);
  expect(statSync(cache).isDirectory()).toBe(true);
  rmSync(cache, { recursive: true });
});
