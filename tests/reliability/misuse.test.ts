// Misuse changes nothing it should not. The SQL runner cannot write or reach outside the database, whatever
// the statement (every file of out/ hashed before and after, and no file appears elsewhere); a result too large
// stops with a clear limit; `make release` refuses an out/ changed after the build, naming the file; Make
// variables are data, so a hostile value runs nothing; curated CSVs saved with CRLF and JSON with a byte-order
// mark build the same bytes.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../pipelines/lib/paths.ts';
import { query } from '../../pipelines/lib/sql/run.ts';
import { $ } from 'zx';
import { pipeline, script } from '../helpers/commands.ts';
import { build, buildCommand, builtSandbox, sandbox, type Sandbox } from '../helpers/sandbox.ts';
import { acquireLock } from '../../pipelines/lib/lock.ts';
import { verifyBuild } from '../../pipelines/lib/release/verify-build.ts';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { ROOT } from '../helpers/project.ts';
import { make, repoCopy, snapshot, type RepoCopy } from '../helpers/repo-copy.ts';
import { identities } from '../helpers/identity.ts';
import { bundledNode } from '../helpers/bundled-make.ts';
import { rejection } from '../helpers/rejection.ts';

const command = (name: string, args: string[], env: Record<string, string> = {}) =>
  pipeline(name, args, { LME_QUIET: '1', ...env }).nothrow();

let s: Sandbox;
beforeAll(async () => {
  s = await builtSandbox();
});
afterAll(() => s.remove());

describe('the SQL runner', () => {
  let outside: string;
  beforeAll(() => {
    outside = mkdtempSync(path.join(os.tmpdir(), 'lme-outside-'));
    writeFileSync(path.join(outside, 'secret.csv'), 'a\n1\n');
  });
  afterAll(() => rmSync(outside, { recursive: true, force: true }));

  const attempts = () => {
    const csv = path.join(s.out, 'csv', 'models.csv');
    const db = path.join(s.out, DATABASE_FILE);
    const other = path.join(outside, 'x.duckdb');
    return [
      `COPY (SELECT 'pwned' AS x) TO '${csv}' (HEADER false)`,
      `COPY models TO '${path.join(outside, 'copy.parquet')}' (FORMAT parquet)`,
      `ATTACH '${other}' AS x (READ_ONLY false); CREATE TABLE x.t AS SELECT 1`,
      `ATTACH '${db}' AS again (READ_ONLY false)`,
      `ATTACH ':memory:' AS m; COPY FROM DATABASE large_model_ecosystem TO m`,
      `DETACH large_model_ecosystem`,
      `INSTALL httpfs`,
      `LOAD httpfs`,
      `FORCE INSTALL json`,
      `SET enable_external_access = true; COPY (SELECT 1) TO '${csv}'`,
      `PRAGMA enable_external_access = true`,
      `SET access_mode = 'READ_WRITE'`,
      `SET lock_configuration = false`,
      `RESET enable_external_access`,
      `SET allowed_directories = ['/']`,
      `SET temp_directory = '${outside}'`,
      `SET autoinstall_known_extensions = true`,
      `EXPORT DATABASE '${path.join(outside, 'export')}'`,
      `CREATE TABLE pwned (x INT)`,
      `INSERT INTO models (model_id) VALUES ('pwned')`,
      `UPDATE models SET model = 'pwned'`,
      `DELETE FROM annotations`,
      `DROP VIEW about`,
      `ALTER TABLE models RENAME TO m2`,
      `COMMENT ON TABLE models IS 'pwned'`,
      `SELECT * FROM read_csv('${path.join(outside, 'secret.csv')}')`,
      `SELECT * FROM read_text('/etc/hostname')`,
      `SELECT * FROM glob('${outside}/*')`,
      `SELECT * FROM read_parquet('${path.join(s.out, 'parquet', 'models.parquet')}')`,
      `SELECT * FROM '${path.join(outside, 'secret.csv')}'`,
    ];
  };

  it('refuses every attempt to write or reach outside: out/ keeps every byte, inode and mtime, nothing appears elsewhere', async () => {
    const [before, ids] = [snapshot(s.out), identities(s.out)];
    const db = path.join(s.out, DATABASE_FILE);
    // The command once, as a user types it; the library (what the command runs) for the whole list.
    const r = await command('sql.ts', ['--db', db, attempts()[0]!]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^npm run sql: Permission Error: .*disabled by configuration\n/);
    expect(r.stderr).toMatch(
      /\n {2}→ The runner reads the database only, read-only: query its tables and views \(SHOW TABLES lists them\)\.\n1 problem found\.\n$/,
    );
    for (const sql of attempts())
      expect((await rejection(query(db, sql), sql)).message, sql).toMatch(
        /Permission Error|locked|read-only|Catalog Error|Binder Error/,
      );
    // Statements that are allowed because they cannot write in read-only mode.
    for (const sql of ['CHECKPOINT', 'VACUUM', 'LOAD parquet']) await query(db, sql);
    expect(snapshot(s.out)).toEqual(before);
    expect(identities(s.out)).toEqual(ids);
    expect(readdirSync(outside)).toEqual(['secret.csv']);
  });

  it('still answers queries, and temporary tables live in memory only', async () => {
    const r = await command('sql.ts', [
      '--db',
      path.join(s.out, DATABASE_FILE),
      '--csv',
      'CREATE TEMP TABLE t AS SELECT count(*) AS n FROM models; SELECT n FROM t',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('n\n23\n');
  });

  it('stops a result over the row limit with a clear message, and --max-rows raises it', async () => {
    const db = path.join(s.out, DATABASE_FILE);
    const r = await command('sql.ts', ['--db', db, '--csv', '--max-rows', '1000', 'SELECT * FROM range(5000)']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'npm run sql: The result has more than 1,000 rows\n  → Add a LIMIT, write it with --csv or --json and a higher --max-rows N, ' +
        'or query the Parquet files from your own DuckDB.\n1 problem found.\n',
    );
    const more = await command('sql.ts', ['--db', db, '--csv', '--max-rows', '5000', 'SELECT * FROM range(5000)']);
    expect(more.exitCode).toBe(0);
    expect(more.stdout.split('\n')).toHaveLength(5002);
  });

  it('refuses an option given twice, an unknown one, and a limit that is not a number or size: one located line, the usage, exit 2', async () => {
    const db = path.join(s.out, DATABASE_FILE);
    const q = path.join(ROOT, 'queries', 'largest_models.sql');
    const cases: [string[], string][] = [
      [['--db', db, '-f', q, '-f', q], '-f given 2 times: give it once'],
      [
        ['--db', db, '--max-rows', '1e3', 'SELECT 1'],
        '--max-rows 1e3: not a whole number (digits only, e.g. --max-rows 100000)',
      ],
      [
        ['--db', db, '--max-rows', '', 'SELECT 1'],
        '--max-rows : not a whole number (digits only, e.g. --max-rows 100000)',
      ],
      [
        ['--db', db, '--max-rows=-1', 'SELECT 1'],
        '--max-rows -1: not a whole number (digits only, e.g. --max-rows 100000)',
      ],
      [
        ['--db', db, '--max-value-length', '1e3', 'SELECT 1'],
        '--max-value-length 1e3: not a whole number (digits only, e.g. --max-value-length 10000000)',
      ],
      [
        ['--db', db, '--memory-limit', 'lots', 'SELECT 1'],
        '--memory-limit lots: not a size (a number and a unit, e.g. --memory-limit 2GB or 500MB)',
      ],
      [['--db', db, '--timeout', '0', 'SELECT 1'], '--timeout 0: not a number of seconds above 0 (e.g. --timeout 300)'],
      // Our own sentence: node's goes on to advise on positionals and ends on an unmatched quote.
      [['--db', db, '--bogus', 'SELECT 1'], "Unknown option '--bogus'"],
      [['--db', db, ''], 'no SQL given'],
    ];
    // Every option given twice meets the same check as -f; sizes without a unit are checked in process
    // (sql-runner.test.ts, sizeBytes).
    for (const [args, message] of cases) {
      const r = await command('sql.ts', args);
      expect([r.exitCode, r.stdout, r.stderr.split('\n')[0]], args.join(' ')).toEqual([
        2,
        '',
        `npm run sql: ${message}`,
      ]);
      expect(r.stderr).toMatch(/^[^\n]*\n {2}→ usage: npm run --silent sql -- [^\n]*\n$/);
    }
  });

  it('stops a query at each limit with one message that names its option (exit 1)', async () => {
    const db = path.join(s.out, DATABASE_FILE);
    const endless = 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r';
    const cases: [string[], RegExp][] = [
      [
        ['--timeout', '0.5', endless],
        /^npm run sql: The query ran longer than the timeout of 0\.5 s and was stopped\n {2}→ .*--timeout SECONDS\.\n/,
      ],
      [
        ['--memory-limit', '30MB', 'SELECT len(l) FROM (SELECT list(range) AS l FROM range(50000000))'],
        /^npm run sql: The query needs more than the memory limit of 30MB \(spill files included\) and was stopped \(DuckDB: Out of Memory Error: .*\)\n {2}→ .*--memory-limit 4GB\.\n/,
      ],
      [
        ["SELECT repeat('x', 3000001) AS s"],
        /^npm run sql: A value of the result has 3,000,001 bytes \(at least 1,000,001 characters\), more than the longest printed, 1,000,000 characters\n {2}→ .*--max-value-length N\.\n/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await command('sql.ts', ['--db', db, ...args]);
      expect([r.exitCode, r.stdout], args.join(' ')).toEqual([1, '']);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/\n1 problem found\.\n$/);
    }
  });

  it("refuses a statement that would print this machine's paths, and prints none in DuckDB's messages either", async () => {
    const db = path.join(s.out, DATABASE_FILE);
    const pragma = await command('sql.ts', ['--db', db, 'PRAGMA database_list']);
    expect([pragma.exitCode, pragma.stdout, pragma.stderr]).toEqual([
      1,
      '',
      "npm run sql: database_list is refused: it shows this machine's paths " +
        '(of the database, its temporary files or your home folder)\n  → Query the tables and views instead: SHOW TABLES lists them, and the `about` view describes the build.\n1 problem found.\n',
    ]);
    // DuckDB names a relative file by its absolute path; the runner's message keeps it as the query wrote it.
    const attach = await command('sql.ts', ['--db', db, "ATTACH 'elsewhere.duckdb'"]);
    expect(attach.stderr).toContain(
      'npm run sql: Permission Error: Cannot access file "elsewhere.duckdb" - file system operations are disabled by configuration',
    );
    expect(attach.stderr).not.toContain(ROOT);
  });

  it('spills to a folder of its own outside out/, and removes it after the query and on Ctrl-C, before or while the query runs', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'lme-spill-'));
    try {
      const [before, ids] = [snapshot(s.out), identities(s.out)];
      // A window function over 400,000 rows in 40 MB must spill (its sort cannot fit; 300,000 spilled too, on two
      // cores, and a million took twice the CPU).
      const sorting =
        'SELECT count(DISTINCT m), max(rn) FROM (SELECT md5(range::VARCHAR) AS m, row_number() OVER (ORDER BY md5(range::VARCHAR)) AS rn FROM range(400000))';
      // The runner as its own process, its temporary folder in tmp, to watch the spill folder come and go.
      const sqlProcess = (...args: string[]) =>
        spawn(process.execPath, [...script('sql.ts'), '--db', path.join(s.out, DATABASE_FILE), ...args], {
          cwd: ROOT,
          env: { ...process.env, TMPDIR: tmp },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      const runner = sqlProcess('--memory-limit', '40MB', sorting);
      let said = '';
      runner.stderr.on('data', (d: Buffer) => {
        said += d.toString();
      });
      const spilled = new Set<string>();
      const watch = setInterval(() => {
        for (const f of readdirSync(tmp, { recursive: true }) as string[])
          if (f.startsWith('lme-sql-') && f.includes('duckdb_temp_storage')) spilled.add(path.dirname(f));
      }, 20);
      const [code] = await once(runner, 'exit');
      clearInterval(watch);
      // It fits once spilled, or (two threads each holding their share) meets the limit after spilling: either way,
      // the spill files were in a folder of their own.
      if (code !== 0)
        expect([code, said]).toEqual([
          1,
          expect.stringMatching(/^npm run sql: The query needs more than the memory limit of 40MB/),
        ]);
      expect([...spilled]).toHaveLength(1);
      expect(existsSync(path.join(tmp, [...spilled][0]!))).toBe(false);
      expect(snapshot(s.out)).toEqual(before);
      expect(identities(s.out)).toEqual(ids);

      // An endless query, with what the runner says; its own timeout ends it, should this test fail before the signal.
      const startEndless = () => {
        const child = sqlProcess(
          '--timeout',
          '60',
          'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r',
        );
        let said = '';
        child.stderr.on('data', (d: Buffer) => {
          said += d.toString();
        });
        return { child, said: () => said };
      };
      const { child: endless, said: stderr } = startEndless();
      const folder = () => readdirSync(tmp).filter((f) => f.startsWith('lme-sql-'));
      while (folder().length === 0) {
        expect(endless.exitCode, stderr()).toBeNull(); // ended before its query started: say why rather than wait
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      endless.kill('SIGINT');
      const [stopped] = await once(endless, 'exit');
      expect([stopped, stderr()]).toEqual([
        130,
        '\nInterrupted (SIGINT). The query was stopped; the database is unchanged.\n',
      ]);
      expect(folder()).toEqual([]);

      // And once the query runs (the runner has worked a second): the process's exit waited for DuckDB's query, so an
      // endless one kept the runner alive after it said "Interrupted".
      const { child: running, said: runningSaid } = startEndless();
      const worked = () => {
        const fields = readFileSync(`/proc/${running.pid}/stat`, 'utf8').split(')').pop()!.trim().split(' ');
        return (Number(fields[11]) + Number(fields[12])) / 100; // utime and stime, in clock ticks of 1/100 s
      };
      while (worked() < 1) {
        expect(running.exitCode, runningSaid()).toBeNull();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      running.kill('SIGTERM');
      // Bounded, and killed if it outlives the bound: without the fix it never exits, and waiting for it left it
      // running a core for good after vitest's timeout failed the test.
      const code143 = await Promise.race([
        once(running, 'exit').then(([c]) => c as number | null),
        new Promise<string>((resolve) => setTimeout(resolve, 10_000, 'still running 10 s after SIGTERM')),
      ]);
      if (typeof code143 === 'string') running.kill('SIGKILL');
      expect([code143, runningSaid()]).toEqual([
        143,
        '\nInterrupted (SIGTERM). The query was stopped; the database is unchanged.\n',
      ]);
      expect(folder()).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('refuses a --db that is not a DuckDB database (a CSV or Parquet file, a folder, an empty value) in one message', async () => {
    const cases: [string, string][] = [
      [path.join(s.out, 'csv', 'models.csv'), 'is not a DuckDB database'],
      [path.join(s.out, 'parquet', 'models.parquet'), 'is not a DuckDB database'],
      [path.join(s.out, 'parquet'), 'is a folder, not a database file'],
      ['', 'is a folder, not a database file'],
    ];
    for (const [given, why] of cases) {
      const r = await command('sql.ts', ['--db', given, 'SELECT 1']);
      expect([r.exitCode, r.stdout]).toEqual([1, '']);
      expect(r.stderr).toBe(
        `${given || '""'}: ${why} (given with --db)\n  → Give the .duckdb file of a build, e.g. out/${DATABASE_FILE}: the runner opens only a DuckDB database.\n1 problem found.\n`,
      );
    }
  });

  it('opens a --db given as a symbolic link to the database, and names one it may not read in one message', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-db-'));
    try {
      const link = path.join(dir, 'link.duckdb');
      symlinkSync(path.join(s.out, DATABASE_FILE), link);
      const linked = await command('sql.ts', ['--db', link, '--csv', 'SELECT count(*) AS n FROM models']);
      expect([linked.exitCode, linked.stdout, linked.stderr]).toEqual([0, 'n\n23\n', '']);
      const locked = path.join(dir, 'locked.duckdb');
      copyFileSync(path.join(s.out, DATABASE_FILE), locked);
      chmodSync(locked, 0o000);
      chmodSync(dir, 0o755); // the folder may be entered (mkdtemp makes it 700), the file not read
      // Root reads anything: the runner runs as nobody then, as a user without the permission would.
      const runner = [process.execPath, ...script('sql.ts'), '--db', locked, 'SELECT 1'];
      const cmd =
        process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...runner] : runner;
      const r = await $({ cwd: ROOT, quiet: true, nothrow: true })`${cmd}`;
      expect([r.exitCode, r.stdout, r.stderr]).toEqual([
        1,
        '',
        `${locked}: cannot be read (EACCES) (given with --db)\n  → Check that you may read it.\n1 problem found.\n`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the SQL from standard input with -f -', async () => {
    const db = path.join(s.out, DATABASE_FILE);
    const r = await $({
      cwd: ROOT,
      quiet: true,
      nothrow: true,
    })`echo ${'SELECT 42 AS answer'} | ${process.execPath} ${script('sql.ts')} --db ${db} --csv -f -`;
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([0, 'answer\n42\n', '']);
  });

  it('names a missing --db file in one message, saying where it was looked for', async () => {
    const r = await command('sql.ts', ['--db', 'missing.duckdb', 'SELECT 1']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /^missing\.duckdb: no such file \(given with --db\)\n {2}→ Check the path; it is read relative to \//,
    );
  });

  it('names a missing -f file in one message', async () => {
    const r = await command('sql.ts', ['--db', path.join(s.out, DATABASE_FILE), '-f', 'missing.sql']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^missing\.sql: no such file \(given with -f\)\n {2}→ /);
  });

  it('names a folder given with -f in one message, and refuses conflicting options with the usage line', async () => {
    const db = path.join(s.out, DATABASE_FILE);
    const folder = await command('sql.ts', ['--db', db, '-f', path.join(ROOT, 'queries')]);
    expect(folder.exitCode).toBe(1);
    expect(folder.stderr).toMatch(/queries: is a folder, not a file \(given with -f\)\n {2}→ Give a \.sql file/);
    expect(folder.stderr).not.toMatch(/\n\s+at /);
    const both = await command('sql.ts', ['--db', db, '--csv', '--json', 'SELECT 1']);
    expect([both.exitCode, both.stdout]).toEqual([2, '']);
    expect(both.stderr).toMatch(/^npm run sql: --csv and --json: give one of them.*\n {2}→ usage: /);
    const fileAndSql = await command('sql.ts', [
      '--db',
      db,
      '-f',
      path.join(ROOT, 'queries', 'largest_models.sql'),
      'SELECT 1',
    ]);
    expect([fileAndSql.exitCode, fileAndSql.stdout]).toEqual([2, '']);
    expect(fileAndSql.stderr).toMatch(/^npm run sql: -f and SQL on the command line: give one of them\n {2}→ usage: /);
  });

  it('reads -f from a pipe (/dev/stdin), and says so in one message when the output cannot be written (a full disk)', async () => {
    const db = path.join(s.out, DATABASE_FILE);
    // A shell's pipe (a child's stdin from Node is a socket, which /dev/stdin cannot open).
    const viaStdin = await $({
      cwd: ROOT,
      quiet: true,
      nothrow: true,
    })`echo ${'SELECT 42 AS answer'} | ${process.execPath} ${script('sql.ts')} --db ${db} --csv -f /dev/stdin`;
    expect([viaStdin.exitCode, viaStdin.stdout, viaStdin.stderr]).toEqual([0, 'answer\n42\n', '']);
    const full = await $({
      cwd: ROOT,
      quiet: true,
      nothrow: true,
    })`${process.execPath} ${script('sql.ts')} --db ${db} --csv ${'SELECT * FROM range(100000)'} > /dev/full`;
    expect(full.exitCode).toBe(1);
    expect(full.stderr).toBe(
      'standard output: could not be written (ENOSPC)\n  → Free space on the disk you write the output to, then run the query again.\n1 problem found.\n',
    );
  });

  it('stops quietly when the reader of its output closes the pipe early (as `| head` does)', async () => {
    const runner = spawn(
      process.execPath,
      [
        ...script('sql.ts'),
        '--db',
        path.join(s.out, DATABASE_FILE),
        '--csv',
        '--max-rows',
        '300000',
        'SELECT * FROM range(300000)',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    runner.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const [first] = (await once(runner.stdout, 'data')) as [Buffer];
    expect(first.toString()).toMatch(/^range\n0\n/);
    runner.stdout.destroy(); // the pipe's reading end closed, as head does after its lines
    const [code] = await once(runner, 'exit');
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('reads -f and --db relative to the folder it is called from, run directly or through npm (which moves to the repository), and with npm --silent writes only the CSV to a redirected stdout', async () => {
    const caller = path.join(s.root, 'caller');
    mkdirSync(caller);
    writeFileSync(path.join(caller, 'q.sql'), 'SELECT count(*) > 0 AS any_model FROM models');
    copyFileSync(path.join(s.out, DATABASE_FILE), path.join(caller, 'db.duckdb'));
    const viaNpm = await $({
      cwd: caller,
      quiet: true,
    })`npm run --silent --prefix ${ROOT} sql -- -f q.sql --db db.duckdb --csv`;
    // The CSV and nothing else: no banner of npm's (--silent), as `npm run --silent sql -- --csv … > file.csv` needs.
    expect(viaNpm.stdout).toBe('any_model\ntrue\n');
    const direct = await $({
      cwd: caller,
      quiet: true,
    })`${process.execPath} ${script('sql.ts')} -f q.sql --db db.duckdb --csv`;
    expect(direct.stdout).toBe('any_model\ntrue\n');
  });

  it('writes --json with exact decimals and integers, lists and structs as JSON, and NaN as null (JSON has none)', async () => {
    const r = await command('sql.ts', [
      '--db',
      path.join(s.out, DATABASE_FILE),
      '--json',
      "SELECT 1.50::DECIMAL(5,2) AS d, 12345678901234567890::HUGEINT AS h, [1, NULL] AS l, {'a': 'x', 'b': [2.5::DECIMAL(3,1)]} AS st, 'NaN'::DOUBLE AS nan, DATE '2024-01-02' AS dt",
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      '[\n  {"d": 1.50, "h": 12345678901234567890, "l": [1, null], "st": {"a": "x", "b": [2.5]}, "nan": null, "dt": "2024-01-02"}\n]\n',
    );
    expect(JSON.parse(r.stdout)).toEqual([
      {
        d: 1.5,
        h: Number('12345678901234567890'),
        l: [1, null],
        st: { a: 'x', b: [2.5] },
        nan: null,
        dt: '2024-01-02',
      },
    ]);
  });
});

describe('make release', () => {
  const release = (dist: string) => command('release.ts', ['--out', s.out, '--dist', dist]);

  it('refuses an out/ whose file changed after the build, naming it; nothing is released', async () => {
    const csv = path.join(s.out, 'csv', 'models.csv');
    const original = readFileSync(csv);
    const dist = path.join(s.root, 'dist-refused');
    try {
      // What the old runner let a COPY … TO do.
      writeFileSync(csv, 'pwned\n');
      const r = await release(dist);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(
        /csv\/models\.csv: has 6 bytes, but datapackage\.json records \d+: it was changed after the build/,
      );
      expect(existsSync(dist)).toBe(false);
      // Same size, other bytes.
      writeFileSync(csv, Buffer.from(original.toString('latin1').replace('OpenAI', 'OpenAl'), 'latin1'));
      expect((await release(dist)).stderr).toMatch(
        /csv\/models\.csv: has SHA-256 [0-9a-f]{64}, but datapackage\.json records [0-9a-f]{64}/,
      );
      // Neither refusal left anything of a release (no dist, no staging folder beside it).
      expect(readdirSync(s.root).filter((f) => f.startsWith('dist-refused'))).toEqual([]);
    } finally {
      writeFileSync(csv, original);
    }
    // The file put back, the check that refused passes: it refused the change, not this out/. (The check in process,
    // as release.ts runs it first: a whole release is about 1.6 s of CPU, and release.test.ts makes several.)
    await expect(verifyBuild(s.out, loadTableDefs())).resolves.toBeUndefined();
  });

  it('refuses a database that holds a table the build did not make (what make diff once wrote there)', async () => {
    const file = path.join(s.out, DATABASE_FILE);
    const saved = readFileSync(file);
    try {
      const db = await DuckDBInstance.create(file);
      const c = await db.connect();
      await c.run('CREATE TABLE data_diff (x INTEGER)');
      c.closeSync();
      db.closeSync();
      const r = await release(path.join(s.root, 'dist-diff'));
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`${DATABASE_FILE}: holds a table data_diff that the build did not make`);
    } finally {
      writeFileSync(file, saved);
    }
  });
});

describe('Make variables', () => {
  let repo: RepoCopy;
  // Built, so that `make diff` (which depends on all) has nothing to build before it reads BASE: what these show is
  // Make's handling of the value, not a build (about 5 s of CPU).
  beforeAll(() => {
    repo = repoCopy({ built: true });
  });
  afterAll(() => repo.remove());
  // The recipe's command run from the copy's bundle rather than through tsx, where this run made one (bundledNode()):
  // the value takes the same way through Make and the recipe's shell, for about 0.6 s of CPU less a run. The hostile
  // DOWNLOAD_DIR, SOURCE and BASE below run each recipe as make runs it, tsx and all.

  const HOSTILE = [
    'v0.1.0; touch PWNED1',
    'v0.1.0 $(shell touch PWNED2)',
    'v0.1.0 $$(touch PWNED3)',
    'v0.1.0 `touch PWNED4`',
    "v0.1.0' ; touch PWNED5 ; '",
    'v0.1.0" ; touch PWNED6 ; "',
  ];
  const pwned = () => readdirSync(repo.dir).filter((f) => f.startsWith('PWNED'));

  it.each(HOSTILE)('VERSION=%s runs nothing and is refused as one value', async (value) => {
    const r = await make(
      repo.dir,
      'download',
      `VERSION=${value}`,
      'RELEASE_BASE_URL=http://127.0.0.1:9',
      ...bundledNode('download.ts'),
    ).nothrow();
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('make download: ');
    expect(r.stderr).toContain('is not a release tag like v1.2.3');
    expect(pwned()).toEqual([]);
  });

  it('DOWNLOAD_DIR, SOURCE and BASE with a hostile value run nothing either', async () => {
    await make(
      repo.dir,
      'download',
      'VERSION=v0.1.0',
      `DOWNLOAD_DIR=d; touch PWNED7 $(shell touch PWNED8)`,
      'RELEASE_BASE_URL=http://127.0.0.1:9',
    ).nothrow();
    const src = await make(repo.dir, 'accept-source', 'SOURCE=x; touch PWNED9 $(shell touch PWNED10)').nothrow();
    expect(src.exitCode).not.toBe(0);
    const diff = await make(repo.dir, 'diff', 'BASE=nowhere; touch PWNED11 $(shell touch PWNED12)').nothrow();
    expect(diff.exitCode).not.toBe(0);
    expect(diff.stderr).toContain('nowhere; touch PWNED11 $(shell touch PWNED12): is neither a build');
    expect(pwned()).toEqual([]);
  });

  it('a RELEASE_BASE_URL that is not http(s), and an unknown MODULES for make mutation, are one message each, before any work', async () => {
    const dl = await make(
      repo.dir,
      'download',
      'VERSION=v0.1.0',
      'RELEASE_BASE_URL=file:///etc',
      ...bundledNode('download.ts'),
    ).nothrow();
    expect(dl.exitCode).toBe(2);
    expect(dl.stderr).toContain(
      'make download: "file:///etc" RELEASE_BASE_URL is not an http:// or https:// address\n',
    );
    expect(existsSync(path.join(repo.dir, 'downloads'))).toBe(false);
    const mutation = await make(repo.dir, 'mutation', 'MODULES=bogus atomic-swap').nothrow();
    expect(mutation.exitCode).toBe(2);
    expect(mutation.stderr).toMatch(
      /^make mutation: no module bogus in pipelines\/mutation\/modules\.json\n {2}→ Give one or more of: source-checksums, /m,
    );
    expect(existsSync(path.join(repo.dir, 'reports'))).toBe(false);
    for (const r of [dl, mutation]) expect(r.stderr).not.toMatch(/Bug:|\n\s+at /);
  });

  it('a missing BASE for make diff is one located message', async () => {
    const r = await make(repo.dir, 'diff', ...bundledNode('diff.ts')).nothrow();
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('make diff: needs BASE');
    expect(r.stderr).not.toContain('Bug:');
  });
});

describe('inputs saved by other tools', () => {
  it('curated CSVs with CRLF line ends and JSON with a byte-order mark build the same bytes', async () => {
    const other = sandbox();
    try {
      const curated = path.join(other.source, 'curated');
      for (const f of readdirSync(curated).filter((x) => x.endsWith('.csv'))) {
        const file = path.join(curated, f);
        writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
      }
      for (const f of ['tables.json', 'source.json'])
        writeFileSync(path.join(other.source, f), `\uFEFF${readFileSync(path.join(other.source, f), 'utf8')}`);
      await build(other);
      const ours = snapshot(s.out);
      const theirs = snapshot(other.out);
      ours.delete(DATABASE_FILE);
      theirs.delete(DATABASE_FILE);
      expect(theirs).toEqual(ours);
    } finally {
      other.remove();
    }
  });
});

describe('a located message where a stack trace was', () => {
  it('names an out.lock that is a folder or a link, and leaves it and out/ as they were', async () => {
    const other = sandbox();
    try {
      const lock = `${other.out}.lock`;
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'mine.txt'), "the user's");
      const r = await buildCommand(other).nothrow();
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(
        `${lock}: is a folder, not the lock file a build makes\n  → Move it aside or remove it (it is not the build's to remove), then run again`,
      );
      expect(r.stderr).not.toMatch(/Bug:|\n\s+at /);
      expect(readdirSync(lock)).toEqual(['mine.txt']);
      expect(existsSync(other.out)).toBe(false);
      rmSync(lock, { recursive: true });
      symlinkSync(path.join(other.root, 'elsewhere'), lock);
      expect(() => acquireLock(other.out)).toThrow(`${lock}: is a symbolic link, not the lock file a build makes`);
    } finally {
      other.remove();
    }
  });
});
