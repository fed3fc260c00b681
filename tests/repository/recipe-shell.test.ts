// Make's recipes run in bash with no startup file. Bash reads ~/.bashrc and /etc/bash.bashrc without a terminal
// when its input is a socket (sshd, or a Node parent's 'pipe', which libuv makes a socket pair) and it believes it
// is the first shell (SHLVL unset or 0): every recipe then ran the user's startup file, and Debian's printed
// "PS1: unbound variable" under -u, which failed tests whose make happened to be started so.

import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/project.ts';

it('runs a recipe without reading bash startup files, from a socket and as the first shell', () => {
  const r = spawnSync('make', ['--no-print-directory', '-s', 'help'], {
    cwd: ROOT,
    env: { ...process.env, SHLVL: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  expect([r.status, r.stderr]).toEqual([0, '']);
  expect(r.stdout).toContain('make all');
});
