// One build at a time per output folder. The lock is a file beside it (out.lock) holding the holder's pid and
// start time, made with link(2), which fails when the name exists: of builds started together exactly one gets
// it. A lock whose holder is dead (a killed build) is taken over; one whose holder runs makes this build refuse,
// naming the running one.

import { linkSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { shown } from './paths.ts';
import { DataError, fail } from './problems.ts';
import { alive } from './process-alive.ts';

export interface Lock {
  file: string;
  release(): void;
}

interface Holder {
  pid: number;
  started: string;
  command: string;
}

function readHolder(file: string): { holder: Holder | undefined; ino: number } | undefined {
  try {
    const stat = lstatSync(file);
    // Not a file the build made (a folder, a link, a socket): the user's, so never removed as a stale lock.
    if (!stat.isFile()) {
      const what = stat.isDirectory() ? 'a folder' : stat.isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
      fail(
        { file: shown(file) },
        `is ${what}, not the lock file a build makes`,
        `Move it aside or remove it (it is not the build's to remove), then run again: the build takes ${shown(file)} as its lock.`,
      );
    }
    const ino = stat.ino;
    let holder: Holder | undefined;
    try {
      holder = JSON.parse(readFileSync(file, 'utf8')) as Holder;
    } catch {
      holder = undefined;
    }
    return { holder, ino };
  } catch (e) {
    if (e instanceof DataError) throw e;
    return undefined; // released meanwhile
  }
}

export function acquireLock(out: string, what = 'build'): Lock {
  const file = `${out}.lock`;
  const mine = `${file}.${process.pid}`;
  const me: Holder = { pid: process.pid, started: new Date().toISOString(), command: process.argv.slice(1).join(' ') };
  mkdirSync(path.dirname(out), { recursive: true });
  try {
    writeFileSync(mine, `${JSON.stringify(me)}\n`);
  } catch (e) {
    // Named by its folder: the lock's temporary file never came to be, and the folder is what needs fixing.
    if ((e as NodeJS.ErrnoException).path === mine) (e as NodeJS.ErrnoException).path = path.dirname(out);
    throw e;
  }
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        linkSync(mine, file);
        let released = false;
        return {
          file,
          release: () => {
            if (!released) {
              released = true;
              rmSync(file, { force: true });
            }
          },
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const held = readHolder(file);
      if (!held) continue;
      // A lock is linked only once written, so one that cannot be read is damaged, not in the making: stale.
      const h = held.holder;
      if (h && alive(h.pid)) {
        fail(
          { file: shown(file) },
          `is held by another ${what} (pid ${h.pid}, started ${h.started}: ${h.command})`,
          `Wait for that ${what} to finish, then run it again: one ${what} at a time may write ${shown(out)}/.`,
        );
      }
      // Stale: remove it only if it is still the file we read (another run may have taken it over meanwhile).
      const now = readHolder(file);
      if (now && now.ino === held.ino) rmSync(file, { force: true });
    }
    fail({ file: shown(file) }, 'could not be taken over from a stopped build', `Remove ${shown(file)} and run again.`);
  } finally {
    rmSync(mine, { force: true });
  }
}
