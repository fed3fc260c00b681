// Ctrl-C (SIGINT), CI cancellation (SIGTERM) and a closed terminal (SIGHUP) end a run cleanly: what the run has
// registered (its staging folder, its lock) is removed, one line says what happened, and the process exits
// 128 + the signal's number (130, 143, 129) without a stack. out/ is never touched here. A handler runs only before
// the swap: the swap into out/ is synchronous, and the build removes the handlers in the same synchronous run, so a
// signal that comes during the swap finds it done and no handler (the build goes on to exit 0), and one after it
// ends the process as signals do by default, out/ being the new build.

import { constants } from 'node:os';

// Each cleanup with what the user is told after it. The first registered still waiting speaks for the run: the
// command's own (the site's "out/site/ was not changed."), not that of a step inside it (a query the site runs).
const cleanups = new Map<() => void, string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function onSignal(signal: NodeJS.Signals): void {
  const [message] = [...cleanups.values()];
  for (const fn of [...cleanups.keys()].reverse()) {
    try {
      fn();
    } catch {
      /* the next run's recovery clears what is left */
    }
  }
  process.stderr.write(`\nInterrupted (${signal}). ${message}\n`);
  process.exit(128 + constants.signals[signal]);
}

/** Runs `cleanup` if the process is interrupted before the returned function is called. */
export function onInterrupt(cleanup: () => void, afterwards = 'Nothing in out/ was changed.'): () => void {
  if (cleanups.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  cleanups.set(cleanup, afterwards);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) for (const s of SIGNALS) process.off(s, onSignal);
  };
}

/**
 * Lets the event loop turn, so that a pending signal's handler runs. A signal is delivered only between turns:
 * a long loop of synchronous work or of promise callbacks (a writer's pieces or batches) calls this between pieces,
 * or Ctrl-C would wait for the whole loop.
 */
export function letSignalsIn(): Promise<void> {
  // Two turns: a signal is read in the loop's poll phase, and one setImmediate can resolve in the check phase that
  // follows the current callback without a poll between (a SIGTERM just before the swap went unseen that way).
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
