// Failpoints let tests stop the build at a chosen moment, to prove that nothing there can change out/:
//   LME_FAILPOINT=<name>          throw an ordinary Error, i.e. what a bug would do (exit 70)
//   LME_FAILPOINT=<name>=kill     SIGKILL this process, as a power cut or the OOM killer would
//   LME_FAILPOINT=<name>=enospc   write to /dev/full: the kernel's real "disk full" error, where no tmpfs can be mounted
//   LME_FAILPOINT=<name>=pause    print "failpoint <name> paused (pid N)" and wait for a signal (awaited points only),
//                                 so that a test can send SIGINT or SIGTERM at exactly this moment
//   LME_FAILPOINT=<name>=sigterm  send this process SIGTERM and go on at once: a signal that arrives while the build
//                                 does synchronous work, which its handler can only see at the event loop's next turn

import { writeFileSync } from 'node:fs';

function action(name: string): string | undefined {
  const v = process.env.LME_FAILPOINT;
  if (!v) return undefined;
  const [point, act = 'throw'] = v.split('=');
  return point === name ? act : undefined;
}

export function failpoint(name: string): void {
  const act = action(name);
  if (act === 'kill') process.kill(process.pid, 'SIGKILL');
  if (act === 'enospc') writeFileSync('/dev/full', 'x');
  if (act === 'sigterm') return void process.kill(process.pid, 'SIGTERM');
  if (act !== undefined && act !== 'pause') throw new Error(`failpoint ${name} (LME_FAILPOINT)`);
}

/** A failpoint where the build may also wait: the event loop keeps running, so signal handlers do. */
export async function pausepoint(name: string): Promise<void> {
  if (action(name) !== 'pause') return failpoint(name);
  process.stderr.write(`failpoint ${name} paused (pid ${process.pid})\n`);
  await new Promise(() => setInterval(() => {}, 1 << 30));
}
