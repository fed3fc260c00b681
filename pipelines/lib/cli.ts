// How every command of the pipeline ends (docs/errors.md): a problem the user can fix (the data, a file, the machine,
// the network) prints as located messages with their fix, without a stack trace, and exits 1; a command line the
// command cannot read exits 2 with one located message whose fix is the usage; anything else is a bug and prints its
// stack (exit 70). Progress lines go to stderr, data to stdout.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { environmentProblem } from './environment.ts';
import { pausepoint } from './failpoint.ts';
import { shown } from './paths.ts';
import { DataError, formatProblems, problem, UsageError } from './problems.ts';
import { grouped } from './grouped.ts';

export const EXIT_DATA = 1;
export const EXIT_USAGE = 2;
export const EXIT_BUG = 70;

export interface CliOptions {
  /** What the user typed to run the command, where its usage errors are located (default: the script's path). */
  command?: string;
  /** How to run it, the fix of a usage error (default: where `make help` lists the commands). */
  usage?: string;
  /** Said after a failure's count of problems: what happened to the outputs, e.g. "Nothing in out/ was changed." */
  afterFailure?: string;
}

/** Whether `e` is node:util parseArgs refusing a command line (an unknown option, a missing value). */
function isParseArgsError(e: unknown): e is Error {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/**
 * parseArgs's refusal as one sentence: an unknown option's message goes on to advise on positionals starting with
 * '-' and ends on an unmatched quote (as in '-- "--bogus"), which the usage after it says better.
 */
function parseArgsMessage(e: Error): string {
  return /^Unknown option '[^']*'/.exec(e.message)?.[0] ?? e.message.replace(/\.$/, '');
}

/** The problem a thrown value is, when it is one the user can fix; undefined for a bug. */
function expected(caught: unknown, o: CliOptions): DataError | undefined {
  if (caught instanceof DataError) return caught;
  if (isParseArgsError(caught)) {
    const command = o.command ?? shown(process.argv[1] ?? 'the command');
    return new UsageError([
      problem(
        { file: command },
        parseArgsMessage(caught),
        o.usage ??
          `Run \`make help\` for the commands and their variables (${path.basename(command)}'s header says how to run it).`,
      ),
    ]);
  }
  const env = environmentProblem(caught);
  return env ? new DataError([env]) : undefined;
}

/** Runs a command's `main` under the error contract; `options` may be the afterFailure text alone. */
export async function runCli(main: () => Promise<void> | void, options: string | CliOptions = {}): Promise<void> {
  const o: CliOptions = typeof options === 'string' ? { afterFailure: options } : options;
  try {
    await main();
  } catch (caught) {
    const e = expected(caught, o);
    if (e instanceof UsageError) {
      process.stderr.write(`${formatProblems(e.problems, e.total)}\n`);
      process.exitCode = EXIT_USAGE;
    } else if (e) {
      process.stderr.write(`${formatProblems(e.problems, e.total)}\n${problemsFound(e.total, o.afterFailure)}\n`);
      process.exitCode = EXIT_DATA;
    } else {
      process.stderr.write(`Bug: ${(caught as Error)?.stack ?? String(caught)}\n`);
      process.exitCode = EXIT_BUG;
    }
  }
}

/** The last line of a failed run: how many problems, then what happened to the outputs (if anything is said). */
export function problemsFound(n: number, afterFailure = ''): string {
  return [`${plural(n, 'problem')} found.`, afterFailure].filter(Boolean).join(' ');
}

/** Every progress line of this process, for the benchmarks. */
export const timings: { stage: string; detail: string; ms: number }[] = [];

/** LME_QUIET=1 silences progress lines (tests build many times). */
export function progress(stage: string, detail: string, ms: number): void {
  timings.push({ stage, detail, ms });
  if (process.env.LME_QUIET === '1') return;
  process.stderr.write(progressLines(stage, detail, ms));
}

const STAGE_WIDTH = 10;
const DETAIL_WIDTH = 62;

/**
 * A progress line: stage, detail, time in a column. A detail longer than its column is kept whole on its line (so
 * that it can be searched for) and the time goes on the next line, in the column.
 */
export function progressLines(stage: string, detail: string, ms: number): string {
  const time = `${ms.toFixed(0).padStart(6)} ms`;
  const head = `${stage.padEnd(STAGE_WIDTH)} ${detail}`;
  return detail.length <= DETAIL_WIDTH
    ? `${head.padEnd(STAGE_WIDTH + 1 + DETAIL_WIDTH)} ${time}\n`
    : `${head}\n${' '.repeat(STAGE_WIDTH + 1 + DETAIL_WIDTH)} ${time}\n`;
}

/** Times a step and prints its progress line; `detail` describes the result. */
export async function timed<T>(stage: string, fn: () => T | Promise<T>, detail: (r: T) => string): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  progress(stage, detail(r), performance.now() - t0);
  await pausepoint(`after-${stage}`);
  return r;
}

/**
 * For the scale benchmark, which runs the build in its own process: when LME_STATS names a file, the build
 * writes there its stage times, CPU time and peak RSS (of this process, DuckDB's threads included).
 */
export function writeStats(): void {
  const file = process.env.LME_STATS;
  if (!file) return;
  const u = process.resourceUsage();
  writeFileSync(
    file,
    `${JSON.stringify({
      stages: Object.fromEntries(timings.filter((t) => t.stage !== 'done').map((t) => [t.stage, t.ms])),
      cpuS: (u.userCPUTime + u.systemCPUTime) / 1e6,
      peakRssMb: u.maxRSS / 1024,
    })}\n`,
  );
}

export function plural(n: number, word: string, words = `${word}s`): string {
  return `${grouped(n)} ${n === 1 ? word : words}`;
}
