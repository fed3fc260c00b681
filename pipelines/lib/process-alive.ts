// Whether a process is running, for telling a live build's lock or staging folder from one a killed build left.

import { readFileSync } from 'node:fs';

/**
 * A killed build's process can linger as a zombie until its new parent reaps it (some init processes, as in
 * containers, reap late or never), and signal 0 still reaches a zombie: on Linux its state in /proc says so.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false; // no /proc (not Linux), or gone meanwhile: signal 0 decided
  }
}

export function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
