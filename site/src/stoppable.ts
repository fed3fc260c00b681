// A query the console can end: by the Stop button or after its time limit. DuckDB-WASM's query() runs to its end
// inside the worker and cannot be cancelled (cancelSent ends only a query started with send(), which the console
// avoids because it drops ENUM values), so ending a query means terminating the worker; `end` does that, and the
// next query starts DuckDB-WASM again.

/** How long a query may run, as the SQL runner's default --timeout. */
export const QUERY_TIMEOUT_MS = 60_000;

/** Why a query was ended, and after how long. */
export class Stopped extends Error {
  constructor(
    readonly reason: 'stop' | 'timeout',
    readonly afterMs: number,
  ) {
    super(`stopped (${reason}) after ${afterMs} ms`);
  }
}

export interface Run<T> {
  /** The query's result, or Stopped once it was ended. */
  readonly result: Promise<T>;
  /** Ends the query now (the Stop button); nothing once it has finished. */
  stop(): void;
}

/**
 * Runs `task`, ending it after `timeoutMs` or on stop(): then `end` is called (it terminates the worker) and the
 * result rejects with Stopped, whatever the task does afterwards (a terminated worker never answers).
 */
export function stoppable<T>(task: Promise<T>, end: () => unknown, timeoutMs = QUERY_TIMEOUT_MS): Run<T> {
  const t0 = Date.now();
  let halt: (reason: Stopped['reason']) => void = () => {};
  const halted = new Promise<never>((_, reject) => {
    halt = (reason) => {
      halt = () => {};
      void Promise.resolve(end()).catch(() => {});
      reject(new Stopped(reason, Date.now() - t0));
    };
  });
  const timer = setTimeout(() => halt('timeout'), timeoutMs);
  const result = Promise.race([task, halted]).finally(() => {
    clearTimeout(timer);
    halt = () => {};
  });
  return { result, stop: () => halt('stop') };
}
