// The project's SQL runner, for users without the DuckDB command line:
//
//   npm run sql -- "SELECT model, parameters FROM models"     aligned table
//   npm run sql -- -f queries/largest_models.sql --csv       CSV (or --json)
//   npm run sql -- --db path/to/large_model_ecosystem.duckdb "…"
//   npm run --silent sql -- --csv "…" > file.csv              (--silent: no npm banner in the file)
//
// It opens the built database read-only and sealed (lib/sql/run.ts): no statement can write or read outside it, and
// every query ends within limits (memory, time, rows, a value's length), each raised by an option.
// Errors follow the pipeline's contract (lib/cli.ts, docs/errors.md): a query error, a missing file or a limit is one
// located message with its fix and exit 1; a command line it cannot read, the usage and exit 2.
// -f and --db are read relative to the folder it was called from, as any command's paths are: npm runs the script
// from the repository, and says where it was called from in INIT_CWD. Without --db: out/ of this repository.

import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from './lib/cli.ts';
import { DATABASE_FILE, OUT_DIR, shown } from './lib/paths.ts';
import { fail, usage, type Where } from './lib/problems.ts';
import { csvLines, jsonLines, type ResultSet, tableLines, writeInChunks } from './lib/sql/format.ts';
import { DEFAULT_LIMITS, type Limits, QueryProblem, sizeBytes } from './lib/sql/limits.ts';

const COMMAND = 'npm run sql';
const USAGE =
  'usage: npm run --silent sql -- [--db FILE] [--csv | --json] [--max-rows N] [--memory-limit SIZE] [--timeout SECONDS] ' +
  '[--max-value-length N] ("SQL" | -f FILE | -f -)';

/** The folder the user called from: npm's INIT_CWD when run as `npm run sql` (npm moves to the repository first). */
function callerDir(): string {
  return process.env.npm_lifecycle_event === 'sql' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
}

/** The SQL in the file given with -f (a pipe or /dev/stdin too); missing, a folder, or refused (permissions) is a problem. */
function readSqlFile(file: string, given: string): string {
  const where = { file: given || '""' };
  if (given === '-') return readFileSync(0, 'utf8'); // standard input, as most commands read `-`
  try {
    if (statSync(file).isDirectory())
      fail(where, 'is a folder, not a file (given with -f)', 'Give a .sql file, e.g. -f queries/largest_models.sql.');
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      fail(where, 'no such file (given with -f)', `Check the path; it is read relative to ${callerDir()}.`);
    if (code) fail(where, `cannot be read (${code}) (given with -f)`, 'Check that you may read it.');
    throw e;
  }
}

/** Whether nothing is at `db` (a folder on the way that may not be entered is not "missing": notADatabase says so). */
function missing(db: string): boolean {
  try {
    statSync(db);
    return false;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR';
  }
}

/**
 * Why `db` cannot be opened as a database, if it cannot: a folder, a file that cannot be read (permissions), or one
 * without DuckDB's mark ("DUCK" at byte 8).
 */
function notADatabase(db: string): { why: string; fix: string } | undefined {
  const fix = `Give the .duckdb file of a build, e.g. out/${DATABASE_FILE}: the runner opens only a DuckDB database.`;
  try {
    if (statSync(db).isDirectory()) return { why: 'is a folder, not a database file', fix };
    const head = Buffer.alloc(12);
    const fd = openSync(db, 'r');
    try {
      readSync(fd, head, 0, 12, 0);
    } finally {
      closeSync(fd);
    }
    return head.subarray(8, 12).toString('latin1') === 'DUCK' ? undefined : { why: 'is not a DuckDB database', fix };
  } catch (e) {
    return {
      why: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      fix: 'Check that you may read it.',
    };
  }
}

/** What to do about an error of DuckDB's, by its kind (the words its message starts with). */
function duckdbFix(message: string): string {
  if (/^Permission Error/.test(message))
    return 'The runner reads the database only, read-only: query its tables and views (SHOW TABLES lists them).';
  if (/^(Catalog|Binder) Error/.test(message))
    return 'Check the names: SHOW TABLES lists the tables and views, DESCRIBE <table> its columns.';
  if (/^Parser Error/.test(message)) return 'Correct the SQL where DuckDB shows.';
  if (/configuration has been locked/.test(message))
    return `The runner's settings are fixed; its limits are options: ${USAGE.replace(/^usage: /, '')}.`;
  return "Correct the query: DuckDB's message says what is wrong.";
}

/** The folder a path of DuckDB's message is relative to, dropped: the message is the user's, not this machine's layout. */
function relativePaths(message: string): string {
  return message.split(`${process.cwd()}${path.sep}`).join('');
}

function* withLineEnds(lines: Iterable<string>): Generator<string> {
  for (const l of lines) yield `${l}\n`;
}

/** Reads a whole number option (digits only: Number() would also take 1e3, 0x10 and '' as 0). */
function count(name: string, given: string | undefined, fallback: number, example: string): number {
  if (given === undefined) return fallback;
  const n = /^\d+$/.test(given) ? Number(given) : NaN;
  if (!Number.isSafeInteger(n))
    usage(COMMAND, `${name} ${given}: not a whole number (digits only, e.g. ${name} ${example})`, USAGE);
  return n;
}

function limits(values: Record<string, string | undefined>): Limits {
  const memoryLimit = values['memory-limit'] ?? DEFAULT_LIMITS.memoryLimit;
  if (sizeBytes(memoryLimit) === undefined)
    usage(
      COMMAND,
      `--memory-limit ${memoryLimit}: not a size (a number and a unit, e.g. --memory-limit 2GB or 500MB)`,
      USAGE,
    );
  const timeout = values.timeout;
  const seconds =
    timeout === undefined ? DEFAULT_LIMITS.timeoutMs / 1000 : /^\d+(\.\d+)?$/.test(timeout) ? Number(timeout) : NaN;
  if (!(seconds > 0))
    usage(COMMAND, `--timeout ${timeout}: not a number of seconds above 0 (e.g. --timeout 300)`, USAGE);
  return {
    maxRows: count('--max-rows', values['max-rows'], DEFAULT_LIMITS.maxRows, '100000'),
    memoryLimit,
    timeoutMs: seconds * 1000,
    maxValueLength: count('--max-value-length', values['max-value-length'], DEFAULT_LIMITS.maxValueLength, '10000000'),
  };
}

const ONCE = ['file', 'db', 'max-rows', 'memory-limit', 'timeout', 'max-value-length'] as const;
const FLAG: Record<(typeof ONCE)[number], string> = {
  file: '-f',
  db: '--db',
  'max-rows': '--max-rows',
  'memory-limit': '--memory-limit',
  timeout: '--timeout',
  'max-value-length': '--max-value-length',
};

async function main(): Promise<void> {
  // `multiple` only to see a repeat: `-f a -f b` would otherwise run b alone, without a word.
  const args = parseArgs({
    allowPositionals: true,
    options: {
      file: { type: 'string', short: 'f', multiple: true },
      csv: { type: 'boolean' },
      json: { type: 'boolean' },
      db: { type: 'string', multiple: true },
      'max-rows': { type: 'string', multiple: true },
      'memory-limit': { type: 'string', multiple: true },
      timeout: { type: 'string', multiple: true },
      'max-value-length': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const { positionals } = args;
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const values: Record<string, string | undefined> = {};
  for (const name of ONCE) {
    const given = args.values[name];
    if (given && given.length > 1) usage(COMMAND, `${FLAG[name]} given ${given.length} times: give it once`, USAGE);
    values[name] = given?.[0];
  }
  if (args.values.csv && args.values.json)
    usage(COMMAND, '--csv and --json: give one of them (without either, an aligned table)', USAGE);
  if (values.file !== undefined && positionals.length > 0)
    usage(COMMAND, '-f and SQL on the command line: give one of them', USAGE);
  const l = limits(values);
  const file = values.file === undefined ? undefined : path.resolve(callerDir(), values.file);
  const sql = file ? readSqlFile(file, values.file!) : positionals.join(' ');
  if (sql.trim() === '') usage(COMMAND, 'no SQL given', USAGE);
  const db = values.db === undefined ? path.join(OUT_DIR, DATABASE_FILE) : path.resolve(callerDir(), values.db);
  const dbWhere: Where = { file: values.db === undefined ? shown(db) : values.db || '""' };
  const given = values.db === undefined ? '' : ' (given with --db)';
  if (missing(db)) {
    if (values.db === undefined) fail(dbWhere, 'does not exist', 'Run `make all` first, or pass --db.');
    fail(dbWhere, `no such file${given}`, `Check the path; it is read relative to ${callerDir()}.`);
  }
  const refused = notADatabase(db);
  if (refused) fail(dbWhere, `${refused.why}${given}`, refused.fix);
  // Problems of the query are located at the file it came from, or at the command for SQL given on the command line.
  const queryWhere: Where = {
    file: values.file === undefined ? COMMAND : values.file === '-' ? 'standard input (-f -)' : values.file,
  };
  let r: ResultSet;
  try {
    // DuckDB's client is loaded only now: an option or a file refused above costs none (about 0.1 s of CPU).
    const { query } = await import('./lib/sql/run.ts');
    // The file itself, not a link to it: DuckDB looks for its write-ahead log beside the name it is given, which the
    // sealed instance may not do for a name elsewhere ("file system operations are disabled").
    r = await query(realpathSync(db), sql, l);
  } catch (e) {
    if (e instanceof QueryProblem) fail(queryWhere, e.what, e.fix);
    // DuckDB's errors are the query's (its own bugs included: the user can do nothing else about them); ours are bugs.
    // The client may put words of its own before DuckDB's ("Failed to extract statements: Parser Error: …").
    const text = (e as Error)?.message ?? String(e);
    const at = text.search(/[A-Z][A-Za-z ]* Error: /);
    if (at >= 0) {
      const message = relativePaths(text.slice(at));
      fail(queryWhere, message, duckdbFix(message));
    }
    throw e;
  }
  writeInChunks(
    args.values.csv ? csvLines(r) : args.values.json ? jsonLines(r) : withLineEnds(tableLines(r)),
    (chunk) => process.stdout.write(chunk),
  );
}

// A reader that stops early (`| head`) closes the pipe: the rest of the output is not wanted, which is no error.
// Any other failure to write (a full disk) is one located problem, as the contract has it.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  void runCli(() =>
    fail(
      { file: 'standard output' },
      `could not be written (${e.code ?? e.message})`,
      e.code === 'ENOSPC'
        ? 'Free space on the disk you write the output to, then run the query again.'
        : 'Check where the output goes, then run the query again.',
    ),
  ).then(() => process.exit(process.exitCode));
});

void runCli(main, { command: COMMAND, usage: USAGE });
