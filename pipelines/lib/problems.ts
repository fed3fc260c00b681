// The pipeline's error contract. An expected data problem is a `Problem`: where it is (file and line, table,
// row, column), the raw text from the source, what is wrong, and what to do. Problems are collected and
// reported together; a `DataError` carries them to the top, where they are printed without a stack trace.
// Anything else that is thrown is a bug and keeps its stack.

export interface Where {
  /** Path of the file as the user would type it (relative to the project). */
  file: string;
  /** 1-based line in that file. */
  line?: number;
  /** Table as the paper names it, e.g. "表3". */
  table?: string;
  /** 1-based data row within the table. */
  row?: number;
  /** A short name for the row (its key or model), shown in brackets after the row number. */
  rowLabel?: string;
  /** Column or field name. */
  column?: string;
}

export interface Problem {
  where: Where;
  /** Verbatim text the problem is about, quoted in the message. */
  raw?: string;
  /** What is wrong, phrased after the quoted raw text, e.g. `is not a quantity (expected e.g. …)`. */
  message: string;
  /** What to do about it. */
  fix: string;
}

/** The most problems one report prints; the rest are counted. */
export const REPORT_LIMIT = 20;

/** The most problems a run keeps in memory; the rest are counted (a broken table of a million rows stays cheap). */
export const KEEP_LIMIT = 1000;

export class DataError extends Error {
  readonly problems: Problem[];
  /** How many problems were found, kept or not. */
  readonly total: number;
  constructor(problems: Problem[], total: number = problems.length) {
    super(formatProblems(problems, total));
    this.name = 'DataError';
    this.problems = problems;
    this.total = total;
  }
}

export function problem(where: Where, message: string, fix: string, raw?: string): Problem {
  return raw === undefined ? { where, message, fix } : { where, raw, message, fix };
}

/**
 * A command line the command cannot read: an unknown or repeated option, a missing or malformed value, options that
 * exclude each other. Known before any file or the network is looked at; the command exits 2 (cli.ts, EXIT_USAGE).
 */
export class UsageError extends DataError {
  constructor(problems: Problem[]) {
    super(problems);
    this.name = 'UsageError';
  }
}

/** Refuses a command line: `command` is what the user typed (`make download`), `fix` the usage to follow. */
export function usage(command: string, message: string, fix: string, raw?: string): never {
  throw new UsageError([problem({ file: command }, message, fix, raw)]);
}

/** Throws one problem at once, for problems after which nothing sensible can follow. */
export function fail(where: Where, message: string, fix: string, raw?: string): never {
  throw new DataError([problem(where, message, fix, raw)]);
}

// Characters that print as nothing or as a plain space: a message shows them as escapes, or the reader could not
// see what is wrong ("GPT\u200b-3" rather than an apparently correct "GPT-3").
const INVISIBLE = /[\p{Cc}\p{Cf}\u00a0\u2000-\u200a\u2028\u2029\u3000]/gu;

export function visible(s: string): string {
  return s.replace(INVISIBLE, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** Quotes a raw value for a message, with invisible characters escaped. */
export function quote(raw: string): string {
  return visible(JSON.stringify(raw));
}

export function formatWhere(w: Where): string {
  let s = w.file + (w.line !== undefined ? `:${w.line}` : '');
  if (w.table) s += ` ${w.table}`;
  if (w.row !== undefined) s += ` row ${w.row}${w.rowLabel ? ` (${visible(w.rowLabel)})` : ''}`;
  if (w.column) s += ` column ${w.column}`;
  return s;
}

export function formatProblem(p: Problem): string {
  const what = p.raw !== undefined ? `${quote(p.raw)} ${p.message}` : p.message;
  return `${formatWhere(p.where)}: ${what}\n  → ${p.fix}`;
}

export function formatProblems(problems: Problem[], total: number = problems.length): string {
  const shown = problems.slice(0, REPORT_LIMIT).map(formatProblem);
  const more = total - shown.length;
  if (more > 0) shown.push(`… and ${more} more problem${more === 1 ? '' : 's'} of the same run`);
  return shown.join('\n');
}

/** Collects problems so that one run reports all it found, then stops. */
export class Problems {
  readonly list: Problem[] = [];
  total = 0;
  add(p: Problem): void {
    this.total++;
    if (this.list.length < KEEP_LIMIT) this.list.push(p);
  }
  report(where: Where, message: string, fix: string, raw?: string): void {
    this.add(problem(where, message, fix, raw));
  }
  /** Runs `fn`, turning a thrown DataError into collected problems; returns undefined then. */
  collect<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof DataError) {
        for (const p of e.problems) this.add(p);
        this.total += e.total - e.problems.length;
        return undefined;
      }
      throw e;
    }
  }
  get size(): number {
    return this.total;
  }
  throwIfAny(): void {
    if (this.total > 0) throw new DataError(this.list, this.total);
  }
}
