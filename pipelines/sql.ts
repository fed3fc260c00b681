// The project's SQL runner, for users without the DuckDB command line:
//
//   npm run sql -- "SELECT model, parameters FROM models"     aligned table
//   npm run sql -- -f queries/largest_models.sql --csv       CSV (or --json)
//   npm run sql -- --db path/to/large_model_ecosystem.duckdb "…"
//   npm run --silent sql -- --csv "…" > file.csv              (--silent: no npm banner in the file)
//
// It opens the built database read-only and sealed (lib/sql/run.ts): no statement can write or read outside it.
// A query error, a missing file or a result over --max-rows prints one message and exits 1.
// -f and --db are read relative to the folder it was called from, as any command's paths are: npm runs the script
// from the repository, and says where it was called from in INIT_CWD. Without --db: out/ of this repository.

import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DATABASE_FILE, OUT_DIR, shown } from './lib/paths.ts';
import { csvLines, jsonLines, tableLines, writeInChunks } from './lib/sql/format.ts';
import { DEFAULT_MAX_ROWS, query } from './lib/sql/run.ts';

const USAGE = 'usage: npm run --silent sql -- [--db FILE] [--csv | --json] [--max-rows N] ("SQL" | -f FILE | -f -)';

/** The folder the user called from: npm's INIT_CWD when run as `npm run sql` (npm moves to the repository first). */
function callerDir(): string {
  return process.env['npm_lifecycle_event'] === 'sql' && process.env['INIT_CWD'] ? process.env['INIT_CWD'] : process.cwd();
}

/**
 * The SQL in the file given with -f (a pipe or /dev/stdin too), or undefined once one message has said why it
 * cannot be read: missing, a folder, or refused (permissions).
 */
function readSqlFile(file: string, given: string): string | undefined {
  const say = (what: string, fix: string) => { process.stderr.write(`${given}: ${what} (given with -f)\n  → ${fix}\n`); return undefined; };
  if (given === '-') return readFileSync(0, 'utf8'); // standard input, as most commands read `-`
  try {
    if (statSync(file).isDirectory()) return say('is a folder, not a file', 'Give a .sql file, e.g. -f queries/largest_models.sql.');
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return say('no such file', `Check the path; it is read relative to ${callerDir()}.`);
    return say(`cannot be read (${code ?? (e as Error).message})`, 'Check that you may read it.');
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
    try { readSync(fd, head, 0, 12, 0); } finally { closeSync(fd); }
    return head.subarray(8, 12).toString('latin1') === 'DUCK' ? undefined : { why: 'is not a DuckDB database', fix };
  } catch (e) {
    return { why: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'Check that you may read it.' };
  }
}

function* withLineEnds(lines: Iterable<string>): Generator<string> {
  for (const l of lines) yield `${l}\n`;
}

async function main(): Promise<number> {
  let args;
  try {
    // `multiple` only to see a repeat: `-f a -f b` would otherwise run b alone, without a word.
    args = parseArgs({ allowPositionals: true, options: { file: { type: 'string', short: 'f', multiple: true }, csv: { type: 'boolean' }, json: { type: 'boolean' }, db: { type: 'string', multiple: true }, 'max-rows': { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { positionals } = args;
  const usage = (problem: string) => { process.stderr.write(`${problem}\n${USAGE}\n`); return 2; };
  if (args.values.help) { process.stdout.write(`${USAGE}\n`); return 0; }
  for (const [name, given] of [['-f', args.values.file], ['--db', args.values.db], ['--max-rows', args.values['max-rows']]] as const) {
    if (given && given.length > 1) return usage(`${name} given ${given.length} times: give it once.`);
  }
  const values = { ...args.values, file: args.values.file?.[0], db: args.values.db?.[0], 'max-rows': args.values['max-rows']?.[0] };
  if (values.csv && values.json) return usage('--csv and --json: give one of them (without either, an aligned table).');
  if (values.file !== undefined && positionals.length > 0) return usage('-f and SQL on the command line: give one of them.');
  const file = values.file === undefined ? undefined : path.resolve(callerDir(), values.file);
  const sql = file ? readSqlFile(file, values.file!) : positionals.join(' ');
  if (sql === undefined) return 1;
  // Digits only: Number() would also take 1e3, 0x10 and '' (as 0).
  const maxRows = values['max-rows'] === undefined ? DEFAULT_MAX_ROWS : /^\d+$/.test(values['max-rows']) ? Number(values['max-rows']) : NaN;
  if (!Number.isSafeInteger(maxRows)) return usage(`--max-rows ${values['max-rows']}: not a whole number of rows (digits only, e.g. --max-rows 100000)`);
  if (sql.trim() === '') { process.stderr.write(`No SQL given.\n${USAGE}\n`); return 2; }
  const db = values.db === undefined ? path.join(OUT_DIR, DATABASE_FILE) : path.resolve(callerDir(), values.db);
  if (missing(db)) {
    process.stderr.write(values.db === undefined
      ? `${shown(db)} does not exist\n  → Run \`make all\` first, or pass --db.\n`
      : `${values.db}: no such file (given with --db)\n  → Check the path; it is read relative to ${callerDir()}.\n`);
    return 1;
  }
  const refused = notADatabase(db);
  if (refused) {
    process.stderr.write(`${values.db === undefined ? shown(db) : values.db || '""'}: ${refused.why}${values.db === undefined ? '' : ' (given with --db)'}\n  → ${refused.fix}\n`);
    return 1;
  }
  try {
    // The file itself, not a link to it: DuckDB looks for its write-ahead log beside the name it is given, which the
    // sealed instance may not do for a name elsewhere ("file system operations are disabled").
    const r = await query(realpathSync(db), sql, maxRows);
    writeInChunks(values.csv ? csvLines(r) : values.json ? jsonLines(r) : withLineEnds(tableLines(r)), (chunk) => process.stdout.write(chunk));
    return 0;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
}

// A reader that stops early (`| head`) closes the pipe: the rest of the output is not wanted, which is no error.
// Any other failure to write (a full disk) is one message.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`The output could not be written: ${e.code ?? e.message}\n`);
  process.exit(1);
});

process.exitCode = await main();
