// What Ctrl-C does mid-operation, seen in process: the handler pipelines/lib/interrupt.ts registers is called as the
// signal would call it, with process.exit held so that the test's worker lives on. The tests that send real signals
// to a command's process (tests/reliability/misuse.test.ts, tests/release/download.test.ts) show the exit itself;
// this shows what the handler removes and says where Stryker's per-test coverage sees it.

import { vi } from 'vitest';

type Handler = NodeJS.SignalsListener;

/** The signal handlers registered now, to tell later which one an operation added. */
export const signalHandlers = (signal: NodeJS.Signals): Handler[] => process.listeners(signal);

/**
 * Calls the handler for `signal` that an operation registered (one not in `before`: the code registers it before its
 * first await, so it is there as soon as the operation is called), and returns what it wrote to stderr and the code
 * it would have exited with.
 */
export async function interruptInProcess(
  signal: NodeJS.Signals,
  before: Handler[],
): Promise<{ said: string; code: number | undefined }> {
  const added = process.listeners(signal).filter((l) => !before.includes(l));
  if (added.length === 0) throw new Error(`no handler for ${signal} was registered: nothing to interrupt`);
  let said = '';
  let code: number | undefined;
  const exit = vi.spyOn(process, 'exit').mockImplementation(((c?: number) => {
    code = c;
  }) as typeof process.exit);
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    said += String(s);
    return true;
  });
  try {
    for (const handler of added) (handler as (s: NodeJS.Signals) => void)(signal);
  } finally {
    exit.mockRestore();
    write.mockRestore();
  }
  return { said, code };
}
