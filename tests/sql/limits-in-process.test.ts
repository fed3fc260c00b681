// The SQL runner's limits and refusals in process (issue 33), beside tests/emit/sql-runner.test.ts: what each problem
// says (the limit it met, the option that raises it, the fix as a sentence of its own), a timeout that never returns a
// result cut short, the spill folder (in the temporary folder, gone after every query), and the edges of the limits.
// tests/reliability/misuse.test.ts shows the same through the runner's process; these run where Stryker sees them.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Composite } from '../../pipelines/lib/sql/format.ts';
import { type Limits, LimitExceeded, QueryProblem, Refused, sizeBytes } from '../../pipelines/lib/sql/limits.ts';
import { query } from '../../pipelines/lib/sql/run.ts';
import { interruptInProcess, signalHandlers } from '../helpers/interrupt-in-process.ts';
import { rejection } from '../helpers/rejection.ts';

/** A query that never ends by itself. */
const ENDLESS = 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r';

let dir: string;
let db: string;
let tmp: string;
const tmpBefore = process.env.TMPDIR;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lme-sql-limits-'));
  db = path.join(dir, 'small.duckdb');
  const instance = await DuckDBInstance.create(db);
  const c = await instance.connect();
  await c.run("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'GPT-3'), (2, '讯飞星火')) v(n, model)");
  c.closeSync();
  instance.closeSync();
  // The runner's spill folder goes to the temporary folder (os.tmpdir() reads TMPDIR): one of this test's own.
  tmp = mkdtempSync(path.join(dir, 'tmp-'));
  process.env.TMPDIR = tmp;
});
afterAll(() => {
  if (tmpBefore === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmpBefore;
  rmSync(dir, { recursive: true, force: true });
});

async function problem(sql: string, limits: Partial<Limits> = {}): Promise<QueryProblem> {
  const e = await rejection(query(db, sql, limits), sql);
  expect(e, sql).toBeInstanceOf(QueryProblem);
  return e as QueryProblem;
}

/** The runner prints `what` and `fix` as one located problem; the message says both, the fix as it reads there. */
function expectSentences(e: QueryProblem): void {
  expect(e.what).not.toBe('');
  expect(e.fix).toMatch(/^[A-Z]/);
  expect(e.message).toBe(`${e.what}: ${e.fix.charAt(0).toLowerCase()}${e.fix.slice(1)}`);
}

describe('each limit met', () => {
  // [the query, its limits, the option that raises the limit, the limit as the message states it]
  const CASES: [string, Partial<Limits>, LimitExceeded['option'], string][] = [
    ['SELECT * FROM range(3001)', { maxRows: 3000 }, '--max-rows', '3,000 rows'],
    [
      'SELECT len(l) FROM (SELECT list(range) AS l FROM range(50000000))',
      { memoryLimit: '30MB' },
      '--memory-limit',
      '30MB',
    ],
    ["SELECT repeat('x', 100000) FROM range(400)", { memoryLimit: '20MB' }, '--memory-limit', '20MB'],
    [
      'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r',
      { timeoutMs: 300 },
      '--timeout',
      '0.3 s',
    ],
    ["SELECT 'ab' AS s", { maxValueLength: 1 }, '--max-value-length', '1 character'],
    ["SELECT repeat('x', 12) AS s", { maxValueLength: 10 }, '--max-value-length', '10 characters'],
  ];

  it.each(CASES)('%s (%o) names %s and states the limit, %s', async (sql, limits, option, stated) => {
    const e = await problem(sql, limits);
    expect(e).toBeInstanceOf(LimitExceeded);
    expect((e as LimitExceeded).option).toBe(option);
    expect(e.what).toContain(` ${stated}`);
    expect(e.fix).toContain(option);
    expectSentences(e);
  });

  it('a value over the limit states its own length too, in characters', async () => {
    expect((await problem("SELECT 'ab' AS s", { maxValueLength: 1 })).what).toMatch(/\b2 characters\b.*\b1 character$/);
  });
});

describe('a refused statement', () => {
  it('names what it calls, with a fix of its own', async () => {
    const e = await problem('PRAGMA database_list');
    expect(e).toBeInstanceOf(Refused);
    expect((e as Refused).called).toBe('database_list');
    expect(e.what).toMatch(/^database_list\b/);
    expectSentences(e);
  });
});

describe('the timeout', () => {
  it('never returns a result cut short: every run ends in the whole result or a --timeout problem', async () => {
    // DuckDB ends a stream quietly (no chunk, no error) when the interrupt falls between two fetches, which
    // happened in about a third of such runs before the runner checked for it after every fetch.
    const outcomes = new Set<string>();
    for (let k = 0; k < 40; k++) {
      const timeoutMs = 2 + (k % 10) * 3;
      try {
        const r = await query(db, "SELECT range, repeat('x', 100) AS s FROM range(95000)", { timeoutMs });
        outcomes.add(`${r.rows.length} rows`);
      } catch (e) {
        expect(e).toBeInstanceOf(LimitExceeded);
        outcomes.add((e as LimitExceeded).option);
      }
    }
    expect([...outcomes].filter((o) => o !== '--timeout' && o !== '95000 rows')).toEqual([]);
  });

  // DuckDB forgets an interrupt that comes before its query starts: with a timeout of a millisecond, four runs in five
  // of an endless query ran on for good. The time allowed here fails such a run rather than waiting out vitest's.
  it('stops a query whose time was up before it started', async () => {
    for (let k = 0; k < 5; k++) {
      const e = await rejection(query(db, ENDLESS, { timeoutMs: 1 }));
      expect((e as LimitExceeded).option).toBe('--timeout');
    }
  }, 20_000);
});

describe('a query that ends in time', () => {
  it('leaves no timer behind (the build and the docs run queries in process, which would wait out the timeout)', async () => {
    // Timers faked, to count them; DuckDB's work runs on its own threads, untouched.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await query(db, 'SELECT count(*) FROM t');
      await rejection(query(db, 'SELECT * FROM nowhere'));
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the memory limit', () => {
  it('is a size in DuckDB notation, the whole text: a decimal, spaces around, nothing after', () => {
    expect([sizeBytes('1.25 GB'), sizeBytes(' 2GB\n'), sizeBytes('1GB and more'), sizeBytes('1GB;')]).toEqual([
      1.25e9,
      2e9,
      undefined,
      undefined,
    ]);
  });

  it('that is not a size is refused before DuckDB reads it, saying which', async () => {
    const e = await rejection(query(db, 'SELECT 1', { memoryLimit: '1 gigabyte' }));
    expect(e).not.toBeInstanceOf(QueryProblem);
    expect(e.message).toMatch(/^memory limit "1 gigabyte" is not a size/);
  });
});

describe('the spill folder', () => {
  const spill = () => readdirSync(tmp).filter((f) => f.startsWith('lme-sql-'));

  it('is a folder of its own in the temporary folder while a query runs, and gone after it, however it ends', async () => {
    for (const [sql, limits] of [
      ['SELECT count(*) FROM t', {}],
      ['SELECT * FROM nowhere', {}],
      [ENDLESS, { timeoutMs: 200 }],
    ] as [string, Partial<Limits>][]) {
      const running = query(db, sql, limits).catch((e: unknown) => e);
      expect(spill(), sql).toHaveLength(1);
      await running;
      expect(readdirSync(tmp), sql).toEqual([]);
    }
  });

  it('goes on Ctrl-C mid-query, which says the database is unchanged', async () => {
    const before = signalHandlers('SIGINT');
    const running = query(db, ENDLESS, {
      timeoutMs: 1000,
    });
    const during = spill();
    const { said, code } = await interruptInProcess('SIGINT', before);
    const after = spill();
    // Held from exiting here, the query ends at its timeout, its own cleanup finding nothing left to remove; it has
    // ended before anything is asserted, so that a failure leaves no query (and no handler) behind. (The signal came
    // before the query started; one that comes while it runs interrupts it: misuse.test.ts sends it to the process.)
    const ended = await running.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect([during.length, after]).toEqual([1, []]);
    expect([said, code]).toEqual(['\nInterrupted (SIGINT). The query was stopped; the database is unchanged.\n', 130]);
    expect((ended as LimitExceeded).option).toBe('--timeout');
  });
});

describe('a signal while a query runs', () => {
  it('interrupts the query, so that the exit need not wait for it (an endless one kept the runner alive)', async () => {
    const before = signalHandlers('SIGTERM');
    const running = query(db, ENDLESS, { timeoutMs: 60_000 }).catch((e: unknown) => e);
    // Until DuckDB's threads have worked a third of a second in this process: the query is running.
    const start = process.cpuUsage();
    const worked = () => {
      const d = process.cpuUsage(start);
      return d.user + d.system;
    };
    while (worked() < 300_000) await new Promise((resolve) => setTimeout(resolve, 20));
    const { said, code } = await interruptInProcess('SIGTERM', before);
    const signalled = Date.now();
    await running;
    expect([said, code]).toEqual(['\nInterrupted (SIGTERM). The query was stopped; the database is unchanged.\n', 143]);
    // Ended by the handler's interrupt, not by the timeout a minute later (DuckDB reports either as an interrupt).
    expect(Date.now() - signalled).toBeLessThan(10_000);
  }, 20_000);
});

describe('a number for the limits', () => {
  it('is the row limit alone', async () => {
    expect((await query(db, 'SELECT * FROM range(2)', 2)).rows).toHaveLength(2);
    expect(((await rejection(query(db, 'SELECT * FROM range(3)', 2))) as LimitExceeded).option).toBe('--max-rows');
  });
});

describe('the longest value', () => {
  it('allows exactly the limit in characters of three bytes (CJK), read from DuckDB before conversion', async () => {
    expect((await query(db, "SELECT repeat('讯', 10) AS s", { maxValueLength: 10 })).rows).toEqual([['讯'.repeat(10)]]);
    expect(((await problem("SELECT repeat('讯', 11) AS s", { maxValueLength: 10 })) as LimitExceeded).option).toBe(
      '--max-value-length',
    );
  });

  it('measures a list by the longer of its printed forms: its JSON, where quotes are escaped', async () => {
    const sql = "SELECT [repeat('\"', 5)] AS l";
    const r = await query(db, sql, { maxValueLength: 14 });
    expect(r.rows).toEqual([[new Composite(`['"""""']`, '["\\"\\"\\"\\"\\""]')]]);
    expect(((await problem(sql, { maxValueLength: 12 })) as LimitExceeded).option).toBe('--max-value-length');
  });
});

describe('a BLOB', () => {
  it("is printed as DuckDB's own text at the edges of the printable bytes (0x1F, 0x20, 0x7E, 0x7F)", async () => {
    const blob = "'\\x1F \\x7E\\x7F'::BLOB";
    const [ours, duckdb] = await Promise.all([
      query(db, `SELECT ${blob} AS b`),
      query(db, `SELECT (${blob})::VARCHAR AS b`),
    ]);
    expect(String(ours.rows[0]![0])).toBe(duckdb.rows[0]![0]);
    expect(duckdb.rows[0]![0]).toBe('\\x1F ~\\x7F');
  });
});
