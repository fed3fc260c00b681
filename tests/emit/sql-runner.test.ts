// The SQL runner's library in process, on a small database of its own (no build): what it prints — an aligned
// table with CJK characters two columns wide and numbers to the right, CSV, JSON with exact integers — and how it
// queries — the last statement's result, a row limit that is exact, a sealed database that no statement can write
// to or reach outside of, a memory limit, a timeout that interrupts DuckDB, a longest value, and no statement that
// prints this machine's paths. tests/emit/queries.test.ts runs the command on the built database,
// tests/reliability/misuse.test.ts its messages and exits.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '../../pipelines/lib/emit/csv.ts';
import {
  Composite,
  csvLines,
  displayWidth,
  formatCsv,
  formatJson,
  formatTable,
  jsonLines,
  tableLines,
  uniqueNames,
  writeInChunks,
  type ResultSet,
} from '../../pipelines/lib/sql/format.ts';
import { DEFAULT_LIMITS, LimitExceeded, Refused, sizeBytes } from '../../pipelines/lib/sql/limits.ts';
import { longestString, pathRevealing, query } from '../../pipelines/lib/sql/run.ts';
import { rejection } from '../helpers/rejection.ts';

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lme-sql-runner-'));
  db = path.join(dir, 'small.duckdb');
  const instance = await DuckDBInstance.create(db);
  const c = await instance.connect();
  await c.run(
    "CREATE TABLE t AS SELECT * FROM (VALUES (1, 'GPT-3', 175000000000::BIGINT, true), (2, '讯飞星火', NULL, false)) v(n, model, parameters, open)",
  );
  c.closeSync();
  instance.closeSync();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const result: ResultSet = {
  columns: ['model', 'parameters', 'note'],
  types: ['VARCHAR', 'BIGINT', 'VARCHAR'],
  rows: [
    ['GPT-3', 175000000000n, 'a, "b"'],
    ['讯飞星火', 9007199254740993n, null],
  ],
};

describe('printing', () => {
  it('counts CJK characters two columns wide and combining or zero-width ones none', () => {
    expect(displayWidth('GPT-3')).toBe(5);
    expect(displayWidth('讯飞星火')).toBe(8);
    expect(displayWidth('e\u0301\u200b')).toBe(1);
    expect(displayWidth('\u{20000}')).toBe(2);
  });

  it('counts emoji drawn as pictures two columns wide, text-style symbols one (a row of 😀 stays in line)', () => {
    expect(displayWidth('😀😀')).toBe(4);
    expect(displayWidth('🚀x')).toBe(3);
    expect(displayWidth('©☺')).toBe(2);
    // Emoji of several code points: a skin tone, a flag, a family joined by zero-width joiners, a heart made a picture.
    expect(['👍🏽', '🇫🇷', '👨‍👩‍👧', '❤️', 'é'].map(displayWidth)).toEqual([2, 2, 2, 2, 1]);
    expect(displayWidth('讯飞星火😀a')).toBe(11);
    expect(
      formatTable({ columns: ['e'], types: ['VARCHAR'], rows: [['😀😀'], ['ab']] })
        .split('\n')
        .slice(0, 5),
    ).toEqual(['┌──────┐', '│ e    │', '├──────┤', '│ 😀😀 │', '│ ab   │']);
  });

  it('makes repeated column names unique in JSON, where a repeated key would lose a value (SELECT * over a join)', () => {
    expect(uniqueNames(['a', 'a', 'a_1', 'a'])).toEqual(['a', 'a_2', 'a_1', 'a_3']);
    const json = formatJson({
      columns: ['id', 'id', 'id_1'],
      types: ['INTEGER', 'INTEGER', 'INTEGER'],
      rows: [[1, 2, 3]],
    });
    expect(JSON.parse(json)).toEqual([{ id: 1, id_2: 2, id_1: 3 }]);
    // The table and CSV keep the names as the query gave them.
    expect(formatCsv({ columns: ['id', 'id'], types: ['INTEGER', 'INTEGER'], rows: [[1, 2]] })).toBe('id,id\n1,2\n');
  });

  it('gives its output in pieces of a row each, so that the runner never makes one string of a large result', () => {
    const r: ResultSet = { columns: ['n'], types: ['INTEGER'], rows: [[1], [2], [3]] };
    expect([...jsonLines(r)]).toEqual(['[\n', '  {"n": 1},\n', '  {"n": 2},\n', '  {"n": 3}\n', ']\n']);
    expect([...csvLines(r)]).toEqual(['n\n', '1\n', '2\n', '3\n']);
    expect([...tableLines(r)]).toHaveLength(8);
    expect([...jsonLines({ ...r, rows: [] })]).toEqual(['[]\n']);
  });

  it('writes the pieces in chunks of about a megabyte, never the whole output as one string', () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => [`${'x'.repeat(100)}${i}`]);
    const r: ResultSet = { columns: ['s'], types: ['VARCHAR'], rows };
    const chunks: string[] = [];
    writeInChunks(csvLines(r), (c) => chunks.push(c));
    expect(chunks.join('')).toBe(formatCsv(r));
    expect(chunks.length).toBe(Math.ceil(formatCsv(r).length / (1 << 20)));
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan((1 << 20) + 200);
  });

  it('aligns a table, numbers to the right, NULL spelled out, rows counted', () => {
    expect(formatTable(result)).toBe(
      [
        '┌──────────┬──────────────────┬────────┐',
        '│ model    │       parameters │ note   │',
        '├──────────┼──────────────────┼────────┤',
        '│ GPT-3    │     175000000000 │ a, "b" │',
        '│ 讯飞星火 │ 9007199254740993 │ NULL   │',
        '└──────────┴──────────────────┴────────┘',
        '(2 rows)',
      ].join('\n'),
    );
    expect(
      formatTable({ columns: ['n'], types: ['INTEGER'], rows: [[1]] })
        .split('\n')
        .at(-1),
    ).toBe('(1 row)');
  });

  it('keeps each row of the table on one line: line ends and tabs in a value are shown as \\n, \\r, \\t', () => {
    expect(formatTable({ columns: ['s'], types: ['VARCHAR'], rows: [['a\nb\r\tc']] }).split('\n')).toEqual([
      '┌───────────┐',
      '│ s         │',
      '├───────────┤',
      '│ a\\nb\\r\\tc │',
      '└───────────┘',
      '(1 row)',
    ]);
  });

  it('shows other control characters in values and column names as \\x.. (an escape sequence would restyle the terminal)', () => {
    expect(
      formatTable({ columns: ['a\nb'], types: ['VARCHAR'], rows: [['\u001b[31mred']] })
        .split('\n')
        .slice(1, 4),
    ).toEqual(['│ a\\nb        │', '├─────────────┤', '│ \\x1b[31mred │']);
    expect(formatTable({ columns: ['c'], types: ['VARCHAR'], rows: [['\u0001\u007f']] }).split('\n')[3]).toBe(
      '│ \\x01\\x7f │',
    );
  });

  it('makes a table of any length (a raised --max-rows): 300,000 rows', () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => [i]);
    const lines = formatTable({ columns: ['n'], types: ['BIGINT'], rows }).split('\n');
    expect(lines).toHaveLength(300_005);
    expect(lines[3]).toBe('│      0 │');
    expect(lines.at(-2)).toBe('└────────┘');
  });

  it('writes CSV with quoting where needed, NULL as an empty field, integers exact', () => {
    expect(formatCsv(result)).toBe(
      'model,parameters,note\nGPT-3,175000000000,"a, ""b"""\n讯飞星火,9007199254740993,\n',
    );
    expect(formatCsv({ columns: ['x'], types: ['DOUBLE'], rows: [[0.5]] })).toBe('x\n0.5\n');
  });

  it('writes JSON with integers beyond 2^53 exact, and an empty result as []', () => {
    expect(formatJson(result)).toBe(
      '[\n  {"model": "GPT-3", "parameters": 175000000000, "note": "a, \\"b\\""},\n  {"model": "讯飞星火", "parameters": 9007199254740993, "note": null}\n]\n',
    );
    expect(formatJson({ columns: ['x'], types: ['INTEGER'], rows: [] })).toBe('[]\n');
  });
});

describe('querying', () => {
  it("returns the last statement's result with its columns, types and values", async () => {
    const r = await query(db, 'SELECT 1; SELECT n, model, parameters, open FROM t ORDER BY n');
    expect(r).toEqual({
      columns: ['n', 'model', 'parameters', 'open'],
      types: ['INTEGER', 'VARCHAR', 'BIGINT', 'BOOLEAN'],
      rows: [
        [1, 'GPT-3', 175000000000n, true],
        [2, '讯飞星火', null, false],
      ],
    });
  });

  it("returns values of other types as DuckDB's text, and as JSON for --json", async () => {
    const r = await query(db, "SELECT DATE '2024-03-01' AS d");
    expect(r.rows).toEqual([[new Composite('2024-03-01', '"2024-03-01"')]]);
    expect(formatTable(r).split('\n')[3]).toBe('│ 2024-03-01 │');
    expect(formatJson(r)).toBe('[\n  {"d": "2024-03-01"}\n]\n');
  });

  it("prints a BLOB and DATE 'infinity' exactly as DuckDB's own text of them (its ::VARCHAR), where its client does not", async () => {
    const values = [
      "'a\\x5C\\x27\\x22\\x00\\xFF z'::BLOB",
      "DATE 'infinity'",
      "DATE '-infinity'",
      "DATE '2024-03-01'",
      "TIMESTAMP 'infinity'",
    ];
    const r = await query(db, `SELECT ${values.join(', ')}`);
    const duckdb = await query(db, `SELECT ${values.map((v) => `(${v})::VARCHAR`).join(', ')}`);
    expect(r.rows[0]!.map(String)).toEqual(duckdb.rows[0]);
    expect(duckdb.rows[0]).toEqual(['a\\x5C\\x27\\x22\\x00\\xFF z', 'infinity', '-infinity', '2024-03-01', 'infinity']);
    expect(JSON.parse(formatJson(r))[0]).toEqual(Object.fromEntries(r.columns.map((c, i) => [c, duckdb.rows[0]![i]])));
  });

  it('writes nested values as JSON: exact decimals, lists, arrays, structs and maps, NaN as null, others as text', async () => {
    const r = await query(
      db,
      'SELECT 12345678901234567.89::DECIMAL(38,2) AS d, [1, 2]::BIGINT[] AS l, [2, 3]::INTEGER[2] AS a, ' +
        "{'a': 'x', 'b': [true, NULL]} AS s, MAP {'k': 1.5::DOUBLE, 'j': 2} AS m, [1.5::DOUBLE, 'nan'::DOUBLE, 'inf'::DOUBLE] AS f, [DATE '2024-03-01'] AS t",
    );
    expect(formatJson(r)).toBe(
      '[\n  {"d": 12345678901234567.89, "l": [1, 2], "a": [2, 3], "s": {"a": "x", "b": [true, null]}, ' +
        '"m": [{"key": "k", "value": 1.5}, {"key": "j", "value": 2}], "f": [1.5, null, null], "t": ["2024-03-01"]}\n]\n',
    );
    expect(formatCsv(r).split('\n')[1]).toBe(r.rows[0]!.map((v) => csvField(String(v))).join(','));
  });

  it('gives an empty result for a text of comments, white space and semicolons only, and runs one behind a comment', async () => {
    for (const sql of ['', ' ;\n', '-- only a comment\n', '/* a block\n comment */ ;', '-- SELECT 1\n/* SELECT 2 */']) {
      expect(await query(db, sql)).toEqual({ columns: [], types: [], rows: [] });
    }
    expect((await query(db, '-- the count\nSELECT count(*) AS n FROM t; /* done */')).rows).toEqual([[2n]]);
  });

  it('allows exactly the row limit and refuses one more, saying how to get more', async () => {
    expect((await query(db, 'SELECT * FROM range(3000)', { maxRows: 3000 })).rows).toHaveLength(3000);
    const more = query(db, 'SELECT * FROM range(3001)', { maxRows: 3000 });
    await expect(more).rejects.toBeInstanceOf(LimitExceeded);
    expect((await rejection(more)).message).toContain(
      'The result has more than 3,000 rows: add a LIMIT, write it with --csv or --json and a higher --max-rows N, or query the Parquet files from your own DuckDB.',
    );
  });

  it('is sealed: no statement writes, reaches a file outside, or unlocks the configuration', async () => {
    const outside = path.join(dir, 'copy.csv');
    for (const sql of [
      "INSERT INTO t VALUES (3, 'x', 1, true)",
      `COPY t TO '${outside}'`,
      `SELECT * FROM read_csv('${db}')`,
      'SET enable_external_access = true',
      'SET autoload_known_extensions = true',
      'SET allow_unsigned_extensions = true',
      "SET access_mode = 'READ_WRITE'",
      'INSTALL httpfs',
      "SET memory_limit = '100GB'",
      "SET max_temp_directory_size = '100GB'",
      `SET temp_directory = '${dir}'`,
      'RESET memory_limit',
    ]) {
      expect((await rejection(query(db, sql), sql)).message, sql).toMatch(
        /Permission Error|locked|read-only|Catalog Error|Binder Error|Invalid Input/,
      );
    }
    expect(existsSync(outside)).toBe(false);
    expect((await query(db, 'SELECT count(*) AS n FROM t')).rows).toEqual([[2n]]);
  });
});

/** How a query failed: the limit's option, or the name a refused statement called. */
async function refusal(sql: string, limits = {}): Promise<string> {
  const e = await rejection(query(db, sql, limits), sql);
  if (e instanceof LimitExceeded) return e.option;
  if (e instanceof Refused) return e.called;
  throw e;
}

describe('limits', () => {
  it('default to about a gigabyte, a minute, 100,000 rows and a million characters a value', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxRows: 100_000,
      memoryLimit: '1GB',
      timeoutMs: 60_000,
      maxValueLength: 1_000_000,
    });
    expect([
      sizeBytes('1GB'),
      sizeBytes('500 MB'),
      sizeBytes('2GiB'),
      sizeBytes('1.5kb'),
      sizeBytes('1G'),
      sizeBytes('-1GB'),
    ]).toEqual([1e9, 5e8, 2 ** 31, 1500, undefined, undefined]);
  });

  it('interrupt a query that runs past the timeout (an endless recursive CTE), naming --timeout', async () => {
    expect(
      await refusal('WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r', {
        timeoutMs: 300,
      }),
    ).toBe('--timeout');
    expect((await query(db, 'SELECT 1 AS x', { timeoutMs: 300 })).rows).toEqual([[1]]);
  });

  it('stop a query that needs more memory than the limit, naming --memory-limit, and the result held to it too', async () => {
    expect(
      await refusal('SELECT len(l) FROM (SELECT list(range) AS l FROM range(50000000))', { memoryLimit: '30MB' }),
    ).toBe('--memory-limit');
    // 400 values of 100,000 characters: 80 MB held in JavaScript, though DuckDB makes them a chunk at a time.
    expect(await refusal("SELECT repeat('x', 100000) FROM range(400)", { memoryLimit: '20MB' })).toBe('--memory-limit');
    expect((await query(db, "SELECT repeat('x', 100000) FROM range(40)", { memoryLimit: '20MB' })).rows).toHaveLength(
      40,
    );
  });

  it('refuse a value longer than the longest printed, exactly at the limit, in lists and structs too', async () => {
    expect((await query(db, "SELECT repeat('é', 10) AS s", { maxValueLength: 10 })).rows).toEqual([['é'.repeat(10)]]);
    expect(await refusal("SELECT repeat('é', 11) AS s", { maxValueLength: 10 })).toBe('--max-value-length');
    expect(await refusal("SELECT [repeat('x', 20)] AS l", { maxValueLength: 10 })).toBe('--max-value-length');
    const e = await rejection(query(db, "SELECT repeat('x', 5000000) AS s"));
    expect(e.message).toBe(
      'A value of the result has 5,000,000 bytes (at least 1,666,667 characters), more than the longest printed, 1,000,000 characters: ' +
        'select a part of it (left(x, 1000)), or raise the limit with --max-value-length N.',
    );
  });

  it("read a string's length from DuckDB's memory before converting it (the client's internals it relies on are there)", async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    try {
      const r = await c.run(
        "SELECT s, s::BLOB AS b, 7 AS n FROM (VALUES ('short'), (NULL), (repeat('x', 3000000))) v(s)",
      );
      const chunk = (await r.fetchChunk())!;
      expect([longestString(chunk, 0), longestString(chunk, 1), longestString(chunk, 2)]).toEqual([
        3_000_000, 3_000_000, 0,
      ]);
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  it('cannot be raised, nor the spill folder moved, by SET or PRAGMA: the configuration is locked', async () => {
    for (const sql of [
      "SET memory_limit = '100GB'",
      "PRAGMA memory_limit = '100GB'",
      "SET max_temp_directory_size = '1TB'",
      'SET threads = 64',
    ]) {
      expect((await rejection(query(db, sql), sql)).message, sql).toMatch(/locked/);
    }
  });
});

describe('paths of this machine', () => {
  const REVEALING: [string, string][] = [
    ['PRAGMA database_list', 'database_list'],
    ['SELECT * FROM pragma_database_list', 'database_list'],
    ['SELECT path FROM duckdb_databases()', 'duckdb_databases'],
    ["SELECT value FROM duckdb_settings() WHERE name = 'temp_directory'", 'duckdb_settings'],
    ["SELECT current_setting('temp_directory')", 'current_setting'],
    ['SELECT install_path FROM duckdb_extensions()', 'duckdb_extensions'],
    ['FROM duckdb_secrets()', 'duckdb_secrets'],
    ["FROM which_secret('s3://x', 's3')", 'which_secret'],
    ['FROM duckdb_temporary_files()', 'duckdb_temporary_files'],
    ["SELECT * FROM query('SELECT path FROM duck' || 'db_databases()')", 'query'],
    ["SET VARIABLE q = 'x'; SELECT * FROM query_table(getvariable('q'))", 'query_table'],
    ['SELECT * FROM "Duckdb_Settings"()', 'duckdb_settings'],
  ];

  it.each(REVEALING)('refuses %s before it runs', async (sql, name) => {
    expect(pathRevealing(sql)).toBe(name);
    expect(await refusal(sql)).toBe(name);
  });

  it('lets through what only looks alike', () => {
    for (const sql of [
      'SELECT 1 AS query',
      'SELECT * FROM models -- the query',
      "SELECT 'settings' AS duckdb",
      'SHOW DATABASES',
    ])
      expect(pathRevealing(sql), sql).toBeUndefined();
  });
});
