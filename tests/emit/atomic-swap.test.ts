// The atomic swap (pipelines/lib/atomic.ts) in process, on real folders: a staging folder beside out/, out/
// moved aside, staging moved in, the old out/ removed; a failure at each step (the build's failpoints, or a failing
// rename or removal injected into node:fs), a real SIGKILL between the steps, and the recovery of what they leave
// (out.staging-*, out.previous-*), out/ always wholly old or wholly new. The slow end-to-end counterpart, through
// make and killed builds in copies of the repository, is tests/reliability/atomic-outputs.test.ts.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkReplaceable, discard, isSwapFolder, recover, stagingDir, swapIn } from '../../pipelines/lib/atomic.ts';
import { identities } from '../helpers/identity.ts';
import { ROOT } from '../helpers/project.ts';

// The module's renames and removals, observable and able to fail on demand; they do the real thing otherwise.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    renameSync: vi.fn(real.renameSync),
    rmSync: vi.fn(real.rmSync),
    accessSync: vi.fn(real.accessSync),
  };
});
const { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } = fs;
const renameSync = vi.mocked(fs.renameSync);
const rmSync = vi.mocked(fs.rmSync);
const accessSync = vi.mocked(fs.accessSync);
const { accessSync: realAccessSync } = await vi.importActual<typeof import('node:fs')>('node:fs');

/** A failure of the file system, as node:fs raises it. */
function fsError(code: string, p: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: operation failed, '${p}'`), { code, path: p });
}

/** The one warning a leftover that cannot be removed gives: where removal failed, why, and the command that removes it. */
const cannotRemove = (where: string, cause: string, folder: string) =>
  `warning: ${where}: cannot remove a leftover of an earlier run (${cause}); it is ignored. ` +
  `Remove it yourself when convenient (e.g. \`chmod -R u+w ${folder} && rm -rf ${folder}\`, with sudo if another user owns it).\n`;

/** The pid of a process that has ended (spawnSync reaps it): what a killed build's folders are named with. */
const deadPid = (): number => spawnSync('true').pid!;

/** Every file of a folder with its text, so that "wholly old" and "wholly new" are each one comparison. */
function contents(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const p = path.join(dir, f);
    if (!fs.statSync(p).isDirectory()) files[f] = readFileSync(p, 'utf8');
  }
  return files;
}

function fill(dir: string, version: string): void {
  mkdirSync(path.join(dir, 'csv'), { recursive: true });
  writeFileSync(path.join(dir, 'csv', 'models.csv'), `models ${version}\n`);
  writeFileSync(path.join(dir, 'datapackage.json'), `{"version": "${version}"}\n`);
}
const OLD = { 'csv/models.csv': 'models old\n', 'datapackage.json': '{"version": "old"}\n' };
const NEW = { 'csv/models.csv': 'models new\n', 'datapackage.json': '{"version": "new"}\n' };

let root: string;
let checkout: string;
let out: string;
let warnings: string[];
const siblings = () => readdirSync(checkout).sort();

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lme-atomic-'));
  // A checkout whose own name ends in -<digits>, as many do (project-1, dataset-2024): a leftover's pid is read
  // from the end of its name, not from the first digits of its path.
  checkout = path.join(root, 'checkout-1');
  mkdirSync(checkout);
  out = path.join(checkout, 'out');
  warnings = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    warnings.push(String(s));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  renameSync.mockClear();
  rmSync.mockClear();
  accessSync.mockReset(); // back to the real accessSync, calls forgotten
  delete process.env.LME_FAILPOINT;
  fs.rmSync(root, { recursive: true, force: true });
});

/** A staging folder of this run holding the new outputs. */
function stagedNew(): string {
  const staging = stagingDir(out);
  fill(staging, 'new');
  return staging;
}

/** swapIn with a failpoint set to throw at `point`, the error it throws. */
function swapFailingAt(point: string, staging: string): unknown {
  process.env.LME_FAILPOINT = point;
  try {
    swapIn(staging, out);
  } catch (e) {
    return e;
  } finally {
    delete process.env.LME_FAILPOINT;
  }
  throw new Error(`swapIn did not stop at ${point}`);
}

describe('checkReplaceable', () => {
  /** Access to `folder` denied, as the file system denies it to a user who may not write there (root never is). */
  const denied = (folder: string) =>
    accessSync.mockImplementation((p, mode) => {
      if (p === folder) throw fsError('EACCES', folder);
      realAccessSync(p, mode);
    });

  it('accepts a missing out/, and an out/ whose every folder may be written', () => {
    expect(() => checkReplaceable(out)).not.toThrow();
    fill(out, 'old');
    mkdirSync(path.join(out, 'csv', 'deeper'));
    expect(() => checkReplaceable(out)).not.toThrow();
    expect(accessSync.mock.calls.map(([p]) => p)).toEqual([
      out,
      path.join(out, 'csv'),
      path.join(out, 'csv', 'deeper'),
    ]);
  });

  it('looks into no link or file: the swap removes those themselves', () => {
    const target = path.join(root, 'elsewhere');
    fill(target, 'old');
    denied(target);
    fs.symlinkSync(target, out);
    expect(() => checkReplaceable(out)).not.toThrow();
    fs.rmSync(out);
    writeFileSync(out, 'a file where out/ should be');
    expect(() => checkReplaceable(out)).not.toThrow();
  });

  it.each(['', 'csv', 'csv/deeper'])(
    'throws the EACCES of a folder the swap could not remove (out/%s), naming it',
    (sub) => {
      fill(out, 'old');
      mkdirSync(path.join(out, 'csv', 'deeper'));
      const folder = path.join(out, sub);
      denied(folder);
      let thrown: unknown;
      try {
        checkReplaceable(out);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toMatchObject({ code: 'EACCES', path: folder });
      expect(contents(out)).toEqual(OLD);
    },
  );
});

describe('isSwapFolder', () => {
  it('names the folders a swap of a base makes or leaves, and nothing else that begins alike', () => {
    expect(
      ['site.staging-12', 'site.previous-12', 'site.staging-discarded-12'].map((n) => isSwapFolder(n, 'site')),
    ).toEqual([true, true, true]);
    expect(
      ['site', 'site.html', 'site.staging', 'sites.staging-12', 'out.staging-12'].map((n) => isSwapFolder(n, 'site')),
    ).toEqual([false, false, false, false, false]);
  });
});

describe('stagingDir', () => {
  it("is an empty folder beside out/, named with this run's pid", () => {
    fill(out, 'old');
    const staging = stagingDir(out);
    expect(staging).toBe(path.join(checkout, `out.staging-${process.pid}`));
    expect(readdirSync(staging)).toEqual([]);
    expect(contents(out)).toEqual(OLD);
  });

  it('is emptied when this pid left one before (an earlier run of this process, or a dead one that had this pid)', () => {
    fill(`${out}.staging-${process.pid}`, 'stale');
    expect(readdirSync(stagingDir(out))).toEqual([]);
  });

  it("is made with the folders above it when out/'s folder does not exist yet", () => {
    out = path.join(checkout, 'not', 'yet', 'out');
    expect(readdirSync(stagingDir(out))).toEqual([]);
  });
});

describe('swapIn', () => {
  it.each([
    ['where there was none', false],
    ['over an old out/, which it removes', true],
  ])(
    'moves staging in as out/ %s: the same files (renamed, not copied), nothing left beside it, not a word',
    (_, hadOut) => {
      if (hadOut) fill(out, 'old');
      const staging = stagedNew();
      const ids = identities(staging);
      swapIn(staging, out);
      expect(contents(out)).toEqual(NEW);
      expect(identities(out)).toEqual(ids);
      expect(siblings()).toEqual(['out']);
      expect(warnings).toEqual([]);
    },
  );

  it("replaces an out/ that is a symbolic link by the new folder, leaving the link's target as it was (the README says so)", () => {
    const target = path.join(root, 'elsewhere');
    fill(target, 'old');
    const ids = identities(target);
    fs.symlinkSync(target, out);
    const staging = stagedNew();
    swapIn(staging, out);
    expect(fs.lstatSync(out).isDirectory()).toBe(true);
    expect(contents(out)).toEqual(NEW);
    expect([contents(target), identities(target)]).toEqual([OLD, ids]);
    expect(siblings()).toEqual(['out']);
  });

  it("moves the old out/ aside under this run's pid first, then moves staging in, then removes the old one", () => {
    fill(out, 'old');
    const staging = stagedNew();
    renameSync.mockClear();
    rmSync.mockClear();
    swapIn(staging, out);
    const previous = `${out}.previous-${process.pid}`;
    expect(renameSync.mock.calls).toEqual([
      [out, previous],
      [staging, out],
    ]);
    expect(rmSync.mock.calls).toEqual([[previous, { recursive: true, force: true }]]);
    expect(renameSync.mock.invocationCallOrder[1]!).toBeLessThan(rmSync.mock.invocationCallOrder[0]!);
  });

  it('that fails moving the old out/ aside leaves out/ and staging as they were', () => {
    fill(out, 'old');
    const staging = stagedNew();
    const ids = identities(out);
    renameSync.mockImplementationOnce(() => {
      throw fsError('EBUSY', out);
    });
    expect(() => swapIn(staging, out)).toThrow('EBUSY');
    expect(identities(out)).toEqual(ids);
    expect(contents(staging)).toEqual(NEW);
    expect(siblings()).toEqual(['out', `out.staging-${process.pid}`]);
  });

  // Found by these tests: a failure here used to leave out/ moved aside until the next run, while the build said
  // "Nothing in out/ was changed.".
  it.each(['a crash (failpoint swap-moved-aside)', 'the second rename refused'])(
    'that fails with out/ moved aside, by %s, puts the old out/ back at once, the same files',
    (how) => {
      fill(out, 'old');
      const staging = stagedNew();
      const ids = identities(out);
      if (how.startsWith('a crash')) {
        expect(String(swapFailingAt('swap-moved-aside', staging))).toContain('failpoint swap-moved-aside');
      } else {
        const real = renameSync.getMockImplementation()!;
        renameSync.mockImplementationOnce(real).mockImplementationOnce(() => {
          throw fsError('EIO', staging);
        });
        expect(() => swapIn(staging, out)).toThrow('EIO');
      }
      expect(identities(out)).toEqual(ids);
      expect(contents(staging)).toEqual(NEW);
      expect(siblings()).toEqual(['out', `out.staging-${process.pid}`]);
    },
  );

  it('that fails on a first build (no old out/) leaves no out/ and nothing moved aside', () => {
    const staging = stagedNew();
    expect(String(swapFailingAt('swap-moved-aside', staging))).toContain('failpoint swap-moved-aside');
    expect(siblings()).toEqual([`out.staging-${process.pid}`]);
  });

  it('that crashes after staging is in (failpoint swap-renamed) leaves out/ wholly new and the old one beside it, which recovery removes', () => {
    fill(out, 'old');
    const staging = stagedNew();
    const ids = identities(staging);
    expect(String(swapFailingAt('swap-renamed', staging))).toContain('failpoint swap-renamed');
    expect(contents(out)).toEqual(NEW);
    expect(contents(`${out}.previous-${process.pid}`)).toEqual(OLD);
    recover(out);
    expect(identities(out)).toEqual(ids);
    expect(siblings()).toEqual(['out']);
  });

  it('whose old out/ cannot be removed still succeeds: out/ is new, and the leftover is named once with the fix', () => {
    fill(out, 'old');
    const staging = stagedNew();
    const previous = `${out}.previous-${process.pid}`;
    const inner = path.join(previous, 'csv', 'models.csv');
    rmSync.mockImplementationOnce(() => {
      throw fsError('EACCES', inner);
    });
    swapIn(staging, out);
    expect(contents(out)).toEqual(NEW);
    expect(warnings).toEqual([cannotRemove(inner, 'EACCES', previous)]);
  });
});

describe('recover', () => {
  it("removes a dead run's staging and moved-aside folders and leaves a current out/ untouched", () => {
    fill(out, 'old');
    const ids = identities(out);
    const dead = deadPid();
    fill(`${out}.staging-${dead}`, 'new');
    fill(`${out}.previous-${dead}`, 'older');
    recover(out);
    expect(identities(out)).toEqual(ids);
    expect(siblings()).toEqual(['out']);
    expect(warnings).toEqual([]);
  });

  it('puts back an out/ that a dead run moved aside (the same files) and removes its staging folder', () => {
    const dead = deadPid();
    fill(`${out}.previous-${dead}`, 'old');
    fill(`${out}.staging-${dead}`, 'new');
    const ids = identities(`${out}.previous-${dead}`);
    recover(out);
    expect(identities(out)).toEqual(ids);
    expect(contents(out)).toEqual(OLD);
    expect(siblings()).toEqual(['out']);
  });

  it("removes what a dead run's discard left (out.staging-discarded-<pid>)", () => {
    fill(out, 'old');
    fill(`${out}.staging-discarded-${deadPid()}`, 'new');
    recover(out);
    expect(siblings()).toEqual(['out']);
  });

  it('leaves alone the folders of a run that is still running', () => {
    fill(out, 'old');
    const running = process.ppid;
    fill(`${out}.staging-${running}`, 'new');
    fill(`${out}.previous-${running}`, 'older');
    recover(out);
    expect(contents(`${out}.staging-${running}`)).toEqual(NEW);
    expect(siblings()).toEqual(['out', `out.previous-${running}`, `out.staging-${running}`]);
  });

  it('puts back nothing that a running build moved aside (that build is between its renames)', () => {
    const running = process.ppid;
    fill(`${out}.previous-${running}`, 'old');
    recover(out);
    expect(existsSync(out)).toBe(false);
    expect(siblings()).toEqual([`out.previous-${running}`]);
  });

  it("takes a folder of its kind whose name ends in no pid (out.previous-copy) for a dead run's, not for a crash", () => {
    fill(out, 'old');
    fill(`${out}.previous-copy`, 'older');
    fill(`${out}.staging-`, 'new');
    recover(out);
    expect(siblings()).toEqual(['out']);
  });

  it('touches nothing else beside out/: its lock, other files whose names begin alike', () => {
    fill(out, 'old');
    const others = ['out.lock', `out.lock.${deadPid()}`, 'out.staging', 'output-1', 'site.staging-1'];
    for (const f of others) writeFileSync(path.join(checkout, f), 'x');
    recover(out);
    expect(siblings()).toEqual(['out', ...others].sort());
  });

  it('does nothing, and does not fail, where there is nothing to recover or no folder yet', () => {
    recover(out);
    expect(siblings()).toEqual([]);
    recover(path.join(checkout, 'not', 'yet', 'out'));
    expect(siblings()).toEqual([]);
  });

  it('names a leftover it cannot remove, with the cause and the fix, and goes on with the others', () => {
    fill(out, 'old');
    const [a, b] = [deadPid(), deadPid()];
    const stuck = `${out}.staging-${a}`;
    fill(stuck, 'new');
    fill(`${out}.previous-${b}`, 'older');
    rmSync.mockImplementationOnce(() => {
      throw Object.assign(new Error('no code'), { path: undefined });
    });
    recover(out);
    expect(warnings).toEqual([cannotRemove(stuck, 'no code', stuck)]);
    expect(siblings()).toEqual(['out', `out.staging-${a}`]);
  });

  it('names leftovers relative to the working directory when they are inside it', () => {
    const cwd = vi.spyOn(process, 'cwd').mockReturnValue(checkout);
    const stuck = `${out}.staging-${deadPid()}`;
    fill(stuck, 'new');
    rmSync.mockImplementationOnce(() => {
      throw fsError('EPERM', stuck);
    });
    recover(out);
    cwd.mockRestore();
    const name = path.basename(stuck);
    expect(warnings).toEqual([cannotRemove(name, 'EPERM', name)]);
  });
});

describe('discard', () => {
  it('renames the staging folder away from its name before removing it, and leaves nothing', () => {
    fill(out, 'old');
    const staging = stagedNew();
    renameSync.mockClear();
    discard(staging);
    const doomed = `${out}.staging-discarded-${process.pid}`;
    expect(renameSync.mock.calls).toEqual([[staging, doomed]]);
    expect(rmSync).toHaveBeenLastCalledWith(doomed, { recursive: true, force: true });
    expect(siblings()).toEqual(['out']);
    expect(contents(out)).toEqual(OLD);
  });

  it('removes the staging folder where it is when it cannot be renamed', () => {
    const staging = stagedNew();
    renameSync.mockImplementationOnce(() => {
      throw fsError('EBUSY', staging);
    });
    discard(staging);
    expect(siblings()).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('of a staging folder that is gone already does nothing and says nothing', () => {
    discard(`${out}.staging-${process.pid}`);
    expect(siblings()).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

describe('a build killed by SIGKILL inside the swap, then the next run', () => {
  /** swapIn in a child process that kills itself at `point` (LME_FAILPOINT=<point>=kill); its pid. */
  function killedSwapAt(point: string): number {
    fill(out, 'old');
    const script = `import { stagingDir, swapIn } from ${JSON.stringify(path.join(ROOT, 'pipelines/lib/atomic.ts'))};
      import { writeFileSync } from 'node:fs';
      const s = stagingDir(${JSON.stringify(out)});
      writeFileSync(s + '/datapackage.json', 'new');
      swapIn(s, ${JSON.stringify(out)});`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, LME_FAILPOINT: `${point}=kill` },
      encoding: 'utf8',
    });
    expect(r.signal, r.stderr).toBe('SIGKILL');
    return r.pid!;
  }

  it('between the two renames: out/ is moved aside, and recovery puts the old one back whole', () => {
    const pid = killedSwapAt('swap-moved-aside');
    expect(siblings()).toEqual([`out.previous-${pid}`, `out.staging-${pid}`]);
    recover(out);
    expect(contents(out)).toEqual(OLD);
    expect(siblings()).toEqual(['out']);
  });

  it('after staging is in, before the old out/ is removed: out/ is new, and recovery removes the leftover', () => {
    const pid = killedSwapAt('swap-renamed');
    expect(siblings()).toEqual(['out', `out.previous-${pid}`]);
    expect(contents(out)).toEqual({ 'datapackage.json': 'new' });
    recover(out);
    expect(contents(out)).toEqual({ 'datapackage.json': 'new' });
    expect(siblings()).toEqual(['out']);
  });
});
