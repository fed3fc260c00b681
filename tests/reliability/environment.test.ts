// The environment is not a bug: a full disk, a permission denied, a read-only file system and a leftover that
// cannot be removed each give one message naming the path, the cause and the fix, exit 1 and out/ intact; a
// leftover that cannot be removed never breaks a later build. Real conditions: a small tmpfs (mounting needs
// root, as CI has; elsewhere /dev/full raises the same ENOSPC), a file system remounted read-only, and a build
// run as an unprivileged user (root ignores permissions).

import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { script } from '../helpers/commands.ts';
import { ROOT } from '../helpers/project.ts';
import { rebuildable, snapshot } from '../helpers/repo-copy.ts';
import { identities } from '../helpers/identity.ts';
import { $, type ProcessOutput } from 'zx';

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** The build command (script(): its bundle where the run has one) on `sources` into `out`, as an unprivileged user
 * when this runs as root. */
function runBuild(sources: string, out: string, env: Record<string, string> = {}): Promise<ProcessOutput> {
  const node = [process.execPath, ...script('build.ts'), '--sources', sources, '--out', out];
  const cmd =
    isRoot && env.AS_ROOT !== '1'
      ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...node]
      : node;
  return $({ cwd: ROOT, quiet: true, nothrow: true, env: { ...process.env, LME_QUIET: '1', ...env } })`${cmd}`;
}

const sh = (cmd: string[]) => $({ quiet: true, nothrow: true })`${cmd}`;

function expectEnvironmentMessage(r: ProcessOutput, pathPart: string, cause: RegExp) {
  expect(r.exitCode, r.stderr).toBe(1);
  expect(r.stderr).not.toContain('Bug:');
  expect(r.stderr).not.toMatch(/^\s+at /m);
  const first = r.stderr.split('\n')[0]!;
  expect(first).toContain(pathPart);
  expect(first).toMatch(cause);
  expect(r.stderr).toMatch(/\n {2}→ \S/);
  expect(r.stderr).toContain('Nothing in out/ was changed.');
}

const folderBytes = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (n, d) => n + (d.isDirectory() ? folderBytes(path.join(dir, d.name)) : statSync(path.join(dir, d.name)).size),
    0,
  );

const mounted: string[] = [];
async function tmpfs(size: string): Promise<string | undefined> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-tmpfs-'));
  const r = await sh(['mount', '-t', 'tmpfs', '-o', `size=${size},mode=0777`, 'tmpfs', dir]);
  if (r.exitCode !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  mounted.push(dir);
  return dir;
}

let s: Sandbox;
beforeAll(async () => {
  s = await builtSandbox();
  // The unprivileged user must read the sources and the project (but own nothing).
  chmodSync(s.root, 0o755);
});
afterAll(async () => {
  for (const m of mounted) {
    await sh(['umount', m]);
    rmSync(m, { recursive: true, force: true });
  }
  s.remove();
});

describe('a full disk', () => {
  it('stops the build with one message naming the path, ENOSPC and the fix; out/ stays as it was', async () => {
    // out/ fits, with a quarter to spare; a second copy in the staging folder does not.
    const disk = await tmpfs(`${Math.ceil((folderBytes(s.out) * 1.25) / 1024)}k`);
    if (disk) {
      const out = path.join(disk, 'out');
      cpSync(s.out, out, { recursive: true });
      const [before, ids] = [snapshot(out), identities(out)];
      const r = await runBuild(s.sources, out, { AS_ROOT: '1' });
      expectEnvironmentMessage(r, disk, /disk is full \(ENOSPC\)/);
      expect(snapshot(out)).toEqual(before);
      expect(identities(out)).toEqual(ids);
      expect(readdirSync(disk)).toEqual(['out']);
    } else {
      if (process.env.CI === 'true') throw new Error('CI must be able to mount a tmpfs (it runs as root)');
      process.stderr.write('tmpfs not mountable (needs root): the full disk is /dev/full instead\n');
      const r = await runBuild(s.sources, s.out, { AS_ROOT: '1', LME_FAILPOINT: 'after-csv=enospc' });
      expectEnvironmentMessage(r, '/dev/full', /disk is full \(ENOSPC\)/);
    }
  });
});

describe('a read-only file system', () => {
  it('stops the build with one message naming the path, EROFS and the fix; out/ stays as it was', async () => {
    const disk = await tmpfs(`${Math.ceil((folderBytes(s.out) * 1.25) / 1024)}k`);
    if (!disk) {
      if (process.env.CI === 'true') throw new Error('CI must be able to mount a tmpfs (it runs as root)');
      process.stderr.write('tmpfs not mountable (needs root): read-only file system not tested here\n');
      return;
    }
    const out = path.join(disk, 'out');
    cpSync(s.out, out, { recursive: true });
    const [before, ids] = [snapshot(out), identities(out)];
    expect((await sh(['mount', '-o', 'remount,ro', disk])).exitCode).toBe(0);
    const r = await runBuild(s.sources, out, { AS_ROOT: '1' });
    expectEnvironmentMessage(r, disk, /read-only \(EROFS\)/);
    expect(snapshot(out)).toEqual(before);
    expect(identities(out)).toEqual(ids);
  });
});

describe('permission denied', () => {
  let dir: string;
  let out: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lme-perm-'));
    out = path.join(dir, 'out');
    cpSync(s.out, out, { recursive: true });
  });
  afterAll(async () => {
    await sh(['chmod', '-R', 'u+w', dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('on the folder that holds out/ stops the build with one message naming it, EACCES and the fix', async () => {
    chmodSync(dir, 0o555);
    const [before, ids] = [snapshot(out), identities(out)];
    const r = await runBuild(s.sources, out);
    chmodSync(dir, 0o777);
    expectEnvironmentMessage(r, dir, /permission denied \(EACCES\)/);
    expect(r.stderr.startsWith(`${dir}: `), 'named by the folder, not by the lock file the build could not make').toBe(
      true,
    );
    expect(snapshot(out)).toEqual(before);
    expect(identities(out)).toEqual(ids);
  });

  it('on a folder inside out/ stops the build before it starts, naming the folder: out/ stays, no leftover', async () => {
    // The swap would move out/ aside and fail to remove it: the old out/ would stay beside the new one for good.
    if (isRoot) await sh(['chown', '-R', `${NOBODY}:${NOBODY}`, out]);
    chmodSync(dir, 0o777);
    chmodSync(path.join(out, 'arrow'), 0o555);
    const [before, ids] = [snapshot(out), identities(out)];
    const r = await runBuild(s.sources, out);
    chmodSync(path.join(out, 'arrow'), 0o755);
    expectEnvironmentMessage(r, path.join(out, 'arrow'), /permission denied \(EACCES\)/);
    expect(r.stderr).toContain('chmod -R u+w');
    expect(snapshot(out)).toEqual(before);
    expect(identities(out)).toEqual(ids);
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('on a leftover that cannot be removed: a warning naming it, and this and later builds succeed', async () => {
    // A dead run's moved-aside out/, holding a file in a folder the builder may not write.
    const leftover = `${out}.previous-99999999`;
    mkdirSync(path.join(leftover, 'csv'), { recursive: true });
    writeFileSync(path.join(leftover, 'csv', 'models.csv'), 'stale');
    chmodSync(path.join(leftover, 'csv'), 0o555);
    if (isRoot) await sh(['chown', '-R', `${NOBODY}:${NOBODY}`, out]);
    chmodSync(dir, 0o777);
    for (let i = 0; i < 2; i++) {
      const r = await runBuild(s.sources, out);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toContain(`warning: ${leftover}`);
      expect(r.stderr).toContain('cannot remove a leftover of an earlier run');
      expect(rebuildable(snapshot(out))).toEqual(rebuildable(snapshot(s.out)));
    }
  });
});
