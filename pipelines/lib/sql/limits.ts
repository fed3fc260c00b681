// The SQL runner's limits and the problems it reports, apart from the runner itself: the command line reads its
// options with these before it loads DuckDB (pipelines/sql.ts), so that a usage error costs no database client.

export interface Limits {
  /** The most rows a result may have; more is an error asking for LIMIT (--max-rows). */
  maxRows: number;
  /** DuckDB's memory limit in its own notation (1GB, 500MB, 2GiB); also the most its spill files and the result held may take (--memory-limit). */
  memoryLimit: string;
  /** The longest a query may run, in ms (--timeout). */
  timeoutMs: number;
  /** The most characters one value may have (--max-value-length). */
  maxValueLength: number;
}

/** About a gigabyte and a minute: ample for a dataset of a few hundred rows, and no threat to the machine. */
export const DEFAULT_LIMITS: Limits = {
  maxRows: 100_000,
  memoryLimit: '1GB',
  timeoutMs: 60_000,
  maxValueLength: 1_000_000,
};

/** What went wrong and what to do about it: the runner prints them as one located problem. */
export class QueryProblem extends Error {
  /** The fix as a sentence of its own (the message carries it after a colon). */
  readonly fix: string;
  constructor(
    readonly what: string,
    fix: string,
  ) {
    super(`${what}: ${fix}`);
    this.name = new.target.name;
    this.fix = fix.charAt(0).toUpperCase() + fix.slice(1);
  }
}

/** A limit the query went past: `option` raises it. */
export class LimitExceeded extends QueryProblem {
  constructor(
    readonly option: '--max-rows' | '--memory-limit' | '--timeout' | '--max-value-length',
    what: string,
    fix: string,
  ) {
    super(what, fix);
  }
}

/** A statement refused before it ran; `called` is what it calls. */
export class Refused extends QueryProblem {
  constructor(
    readonly called: string,
    what: string,
    fix: string,
  ) {
    super(what, fix);
  }
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** Bytes of a size in DuckDB's notation (GB = 10^9, GiB = 2^30), or undefined when it is not one. */
export function sizeBytes(size: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)$/i.exec(size.trim());
  return m ? Number(m[1]) * UNITS[m[2]!.toLowerCase()]! : undefined;
}
