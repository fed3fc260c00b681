// How every command of the pipeline ends: data problems print as located messages without a stack trace and
// exit 1; anything else is a bug and prints its stack (exit 70). Progress lines go to stderr, data to stdout.

import { writeFileSync } from 'node:fs';
import { DataError, formatProblems } from './problems.ts';

export const EXIT_DATA = 1;
export const EXIT_BUG = 70;

export async function runCli(main: () => Promise<void> | void, afterFailure = ''): Promise<void> {
  try {
    await main();
  } catch (e) {
    if (e instanceof DataError) {
      const n = e.total;
      process.stderr.write(`${formatProblems(e.problems, n)}\n${n.toLocaleString('en-US')} problem${n === 1 ? '' : 's'} found. ${afterFailure}\n`);
      process.exitCode = EXIT_DATA;
    } else {
      process.stderr.write(`Bug: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = EXIT_BUG;
    }
  }
}

/** Every progress line of this process, for the benchmarks. */
export const timings: { stage: string; detail: string; ms: number }[] = [];

/** LME_QUIET=1 silences progress lines (tests build many times). */
export function progress(stage: string, detail: string, ms: number): void {
  timings.push({ stage, detail, ms });
  if (process.env['LME_QUIET'] === '1') return;
  process.stderr.write(`${stage.padEnd(10)} ${detail.padEnd(62)} ${ms.toFixed(0).padStart(6)} ms\n`);
}

/** Times a step and prints its progress line; `detail` describes the result. */
export async function timed<T>(stage: string, fn: () => T | Promise<T>, detail: (r: T) => string): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  progress(stage, detail(r), performance.now() - t0);
  return r;
}

/**
 * For the scale benchmark, which runs the build in its own process: when LME_STATS names a file, the build
 * writes there its stage times, CPU time and peak RSS (of this process, DuckDB's threads included).
 */
export function writeStats(): void {
  const file = process.env['LME_STATS'];
  if (!file) return;
  const u = process.resourceUsage();
  writeFileSync(file, `${JSON.stringify({
    stages: Object.fromEntries(timings.filter((t) => t.stage !== 'done').map((t) => [t.stage, t.ms])),
    cpuS: (u.userCPUTime + u.systemCPUTime) / 1e6,
    peakRssMb: u.maxRSS / 1024,
  })}\n`);
}

export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : words}`;
}
