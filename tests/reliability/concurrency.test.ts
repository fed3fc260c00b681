// One build at a time: of several `make all` started together in one checkout, one builds and each other one
// either builds after it or refuses with one message naming the running build (exit 1, never a crash); a lock
// left by a killed build is taken over; and no build deletes another's staging folder.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recover } from '../../pipelines/lib/atomic.ts';
import { make, rebuildable, repoCopy, snapshot, type RepoCopy } from '../helpers/repo-copy.ts';
import { startMakeAll, touchSource } from '../helpers/make-process.ts';

let repo: RepoCopy;
let clean: Map<string, string>;
const byproducts = () => readdirSync(repo.dir).filter((f) => f.startsWith('out.'));
const DEAD_PID = 99_999_999; // above any Linux pid_max

beforeAll(async () => {
  repo = repoCopy({ built: true });
  await make(repo.dir, 'all');
  clean = snapshot(repo.out);
});
afterAll(() => repo.remove());
/**
 * out/ built again where a make clean of an earlier case removed it, for a case that reads it before its own build:
 * the cases that clean leave no build behind (one full build each), and only a case that needs one pays for it.
 */
const built = async () => {
  if (!existsSync(repo.out)) await make(repo.dir, 'all');
};

it('four make all at once: one builds, the others build after it or refuse naming it; out/ is the clean build', async () => {
  touchSource(repo.dir);
  const runs = await Promise.all(Array.from({ length: 4 }, () => startMakeAll(repo.dir, { LME_QUIET: '1' }).exited));
  const ok = runs.filter((r) => r.status === 0);
  const refused = runs.filter((r) => r.status !== 0);
  expect(ok.length).toBeGreaterThanOrEqual(1);
  // Whether the others overlap the first is up to the scheduler; the refusal itself is the next test's, made certain
  // by a build paused while it holds the lock. Here: whatever the timing, no crash and a clean out/.
  for (const r of refused) {
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/out\.lock: is held by another build \(pid \d+, started [^)]+\)/);
    expect(r.stderr).toMatch(/\] Error 1\n/);
    expect(r.stderr).not.toContain('Bug:');
    expect(r.stderr).not.toContain('ENOTEMPTY');
  }
  expect(rebuildable(snapshot(repo.out))).toEqual(rebuildable(clean));
  expect(byproducts()).toEqual([]);
});

it('a running build makes a second one refuse, and keeps its staging folder', async () => {
  touchSource(repo.dir);
  const first = startMakeAll(repo.dir, { LME_FAILPOINT: 'before-swap=pause' });
  const pid = Number((await first.waitFor(/failpoint before-swap paused \(pid (\d+)\)/))[1]);
  const second = await make(repo.dir, 'all').nothrow();
  // The build refuses with exit 1, which make reports and passes on as its own 2.
  expect(second.exitCode).toBe(2);
  expect(second.stderr).toMatch(/\] Error 1\n/);
  expect(second.stderr).not.toContain('Bug:');
  expect(second.stderr).toContain(`out.lock: is held by another build (pid ${pid}, started `);
  expect(second.stderr).toContain('Wait for that build to finish');
  expect(existsSync(`${repo.out}.staging-${pid}`)).toBe(true);
  process.kill(-first.pid, 'SIGINT');
  await first.exited;
  expect(byproducts()).toEqual([]);
});

it("make clean refuses while a build runs (it would delete the build's staging folder and lock), and cleans after it", async () => {
  await built();
  touchSource(repo.dir);
  const first = startMakeAll(repo.dir, { LME_FAILPOINT: 'before-swap=pause' });
  const pid = Number((await first.waitFor(/failpoint before-swap paused \(pid (\d+)\)/))[1]);
  const [ids, before] = [snapshot(repo.out), readdirSync(repo.dir).sort()];
  const clean = await make(repo.dir, 'clean').nothrow();
  expect(clean.exitCode).toBe(2);
  expect(clean.stderr).toMatch(
    new RegExp(
      `^out\\.lock: is held by a running process \\(pid ${pid}, started 20\\d\\d-[^:]+:\\d\\d:\\d\\d\\.\\d+Z: .*build\\.cjs.*\\): make clean would delete what it is writing\n`,
      'm',
    ),
  );
  expect(clean.stderr).toContain(
    `Wait for it to finish (or stop it: kill ${pid}), then run make clean again. If that process is no build (its pid was reused), remove out.lock first.`,
  );
  expect(readdirSync(repo.dir).sort()).toEqual(before);
  expect(snapshot(repo.out)).toEqual(ids);
  process.kill(-first.pid, 'SIGINT');
  await first.exited;
  // A lock left by a dead build (SIGKILL) does not stand in clean's way.
  writeFileSync(
    `${repo.out}.lock`,
    `${JSON.stringify({ pid: DEAD_PID, started: '2026-01-01T00:00:00.000Z', command: 'killed' })}\n`,
  );
  await make(repo.dir, 'clean');
  expect(existsSync(repo.out)).toBe(false);
  expect(existsSync(`${repo.out}.lock`)).toBe(false);
});

it('make clean cleans without a lock, or with one whose holder is no running process (dead, a zombie, pid 0), and refuses a live one', async () => {
  const lock = (pid: number) =>
    writeFileSync(
      `${repo.out}.lock`,
      `${JSON.stringify({ pid, started: '2026-01-01T00:00:00.000Z', command: 'a "quoted" command' })}\n`,
    );
  // A zombie: the shell's background child, never waited for by the program exec'd in its place. The child outlives
  // the exec (with `sleep 0`, a loaded machine let the shell reap it first, and there was no zombie to find).
  const parent = spawn('bash', ['-c', 'sleep 0.5 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const zombie = Number((await once(parent.stdout!, 'data'))[0].toString());
  try {
    while (!readFileSync(`/proc/${zombie}/stat`, 'utf8').match(/\) Z/)) await new Promise((r) => setTimeout(r, 10));
    for (const holder of [undefined, DEAD_PID, zombie, 0]) {
      mkdirSync(repo.out, { recursive: true });
      if (holder === undefined) rmSync(`${repo.out}.lock`, { force: true });
      else lock(holder);
      const r = await make(repo.dir, 'clean').nothrow();
      expect([r.exitCode, r.stderr], String(holder)).toEqual([0, '']);
      expect(existsSync(repo.out) || existsSync(`${repo.out}.lock`), String(holder)).toBe(false);
    }
    mkdirSync(repo.out);
    lock(parent.pid!); // a live process, though no build: its pid could have been reused
    const r = await make(repo.dir, 'clean').nothrow();
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      `out.lock: is held by a running process (pid ${parent.pid}, started 2026-01-01T00:00:00.000Z: a \\"quoted\\" command)`,
    );
    expect(r.stderr).toContain('remove out.lock first');
    expect(existsSync(repo.out)).toBe(true);
    // JSON as another tool might write it (spaces) is read the same; a pid given as a string is none.
    writeFileSync(`${repo.out}.lock`, `{ "pid" : ${parent.pid}, "started": "x", "command": "y" }\n`);
    expect((await make(repo.dir, 'clean').nothrow()).exitCode).toBe(2);
    writeFileSync(`${repo.out}.lock`, `{"pid":"${parent.pid}","started":"x","command":"y"}\n`);
    expect((await make(repo.dir, 'clean').nothrow()).exitCode).toBe(0);
    expect(existsSync(repo.out)).toBe(false);
  } finally {
    parent.kill();
    rmSync(`${repo.out}.lock`, { force: true });
  }
});

it('a lock left by a killed build is taken over', async () => {
  writeFileSync(
    `${repo.out}.lock`,
    `${JSON.stringify({ pid: DEAD_PID, started: '2026-01-01T00:00:00.000Z', command: 'killed' })}\n`,
  );
  touchSource(repo.dir);
  await make(repo.dir, 'all');
  expect(rebuildable(snapshot(repo.out))).toEqual(rebuildable(clean));
  expect(byproducts()).toEqual([]);
});

it('recovery removes the leftovers of dead runs only, never those of a running one', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-recover-'));
  try {
    const out = path.join(dir, 'out');
    mkdirSync(out);
    // process.ppid: a process that runs, and is not this one.
    for (const f of [
      `out.staging-${process.ppid}`,
      `out.previous-${process.ppid}`,
      `out.staging-${DEAD_PID}`,
      `out.previous-${DEAD_PID}`,
    ])
      mkdirSync(path.join(dir, f));
    recover(out);
    expect(readdirSync(dir).sort()).toEqual(['out', `out.previous-${process.ppid}`, `out.staging-${process.ppid}`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
