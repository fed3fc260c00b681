// make diff on a build of a changed source: a parameter cell changed, a translation changed, a model row
// removed. The report, the data_diff CSV and the data_diff table of its own DuckDB file all say so; a release
// download (its CSV zip) works as the base too. The builds it compares are left byte for byte as they were. A base
// that is damaged (a cut archive, CSV that is not UTF-8 or not CSV) or too large is one located message.

import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compareBuilds } from '../../pipelines/lib/diff/compare.ts';
import { loadBuild, MAX_BUILD_CSV_BYTES } from '../../pipelines/lib/diff/load.ts';
import { DIFF_DATABASE } from '../../pipelines/lib/diff/write.ts';
import { DataError } from '../../pipelines/lib/problems.ts';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { builtRelease } from '../helpers/built-release.ts';
import { snapshot } from '../helpers/repo-copy.ts';
import {
  acceptPaper,
  build,
  builtSandbox,
  editFile,
  editPaperLine,
  sandbox,
  type Sandbox,
} from '../helpers/sandbox.ts';
import { pipeline } from '../helpers/commands.ts';
import { withDuckDB } from '../helpers/formats.ts';

let base: Sandbox;
let head: Sandbox;
let report: string;
let headBefore: Map<string, string>;
let into: string;

function removeLines(file: string, test: (line: string) => boolean): void {
  editFile(file, (t) =>
    t
      .split('\n')
      .filter((l) => !test(l))
      .join('\n'),
  );
}

const run = (script: string, ...args: string[]) => pipeline(script, args);

/**
 * The located problem that reading `base` raises, in process: a DataError, which the command prints as its message,
 * without a stack, exiting 1 (the refusals run as commands below show that part).
 */
function refusal(base: string): string {
  try {
    loadBuild(base);
  } catch (e) {
    if (e instanceof DataError) return e.message;
    throw e;
  }
  throw new Error(`${base} was read where it should have been refused`);
}

beforeAll(async () => {
  base = await builtSandbox(); // the build of the real sources, unchanged
  head = sandbox();
  editPaperLine(head, 266, '175B', '176B');
  // Remove MOSS (表3 row 5): its line, its curated entries, and one row fewer in the spec.
  removeLines(path.join(head.source, 'paper.txt'), (l) => l.startsWith('MOSS 复旦大学'));
  acceptPaper(head);
  removeLines(path.join(head.source, 'curated', 'models.csv'), (l) => l.startsWith('moss,'));
  removeLines(path.join(head.source, 'curated', 'epoch-crosswalk.csv'), (l) => l.startsWith('moss,'));
  removeLines(path.join(head.source, 'curated', 'organisations.csv'), (l) => l.startsWith('fudan-university,'));
  // The curated notes on GPT-3's changed count and on MOSS name what was printed: they would be stale.
  removeLines(
    path.join(head.source, 'curated', 'annotations.csv'),
    (l) => l.startsWith('gpt-3.parameters.') || l.startsWith('moss.'),
  );
  editFile(path.join(head.source, 'tables.json'), (t) => t.replace('"expected_rows": 23,', '"expected_rows": 22,'));
  editFile(path.join(head.source, 'curated', 'translations.csv'), (t) =>
    t.replace('city_policies,beijing,city,北京,Beijing', 'city_policies,beijing,city,北京,Peking'),
  );
  await build(head);
  headBefore = snapshot(head.out);
  into = path.join(head.root, 'diff');
  const r = await run('diff.ts', '--base', base.out, '--head', head.out, '--into', into);
  expect(r.stderr).toContain('changes written to');
  report = r.stdout;
});
afterAll(() => {
  base.remove();
  head.remove();
});

it('reports rows removed, values changed (old → new) and a summary per table', () => {
  expect(report).toContain('models: 1 row removed, ');
  expect(report).toContain('  - [source_id=chang2024, model_id=moss]');
  expect(report).toContain('  ~ [source_id=chang2024, model_id=gpt-3] parameters: "175000000000" → "176000000000"');
  expect(report).toContain('  ~ [source_id=chang2024, model_id=gpt-3] parameters_raw: "175B" → "176B"');
  expect(report).toContain('  ~ [source_id=chang2024, city_id=beijing] city_en: "Beijing" → "Peking"');
  expect(report).toContain('organisations: 1 row removed');
  // Rows after the removed one move up: their row_no changes, and the report says so.
  expect(report).toContain('  ~ [source_id=chang2024, model_id=chatglm-6b] row_no: "6" → "5"');
});

it('never changes the builds it compares: every file of out/ keeps its bytes', () => {
  expect(snapshot(head.out)).toEqual(headBefore);
});

it('writes the diff as a CSV and as the data_diff table of its own DuckDB file', async () => {
  const csv = readFileSync(path.join(into, 'data_diff.csv'), 'utf8');
  expect(csv.split('\n')[0]).toBe('table_name,change,row_key,column_name,old_value,new_value');
  expect(csv).toContain(
    'models,value_changed,"source_id=chang2024, model_id=gpt-3",parameters,175000000000,176000000000',
  );
  const rows = await withDuckDB(path.join(into, DIFF_DATABASE), (q) =>
    q(`SELECT change::VARCHAR, count(*)::INTEGER FROM data_diff WHERE table_name = 'models' GROUP BY ALL ORDER BY 1`),
  );
  expect(rows).toContainEqual(['row_removed', 1]);
  expect(rows.find((r) => r[0] === 'value_changed')![1]).toBeGreaterThan(2);
});

it('reports no differences between a build and itself', async () => {
  const r = await run('diff.ts', '--base', base.out, '--head', base.out, '--into', into);
  expect(r.stdout).toMatch(/^No differences between /);
  expect(r.stderr).toContain('diff: 0 changes written');
});

/** A release of the base build, made once for the tests that need one (only read, or copied before a change). */
let baseRelease: Promise<string> | undefined;
function releaseOfBase(): Promise<string> {
  const dist = path.join(base.root, 'dist');
  baseRelease ??= builtRelease(base, dist);
  return baseRelease;
}

it('takes a release download (its CSV zip) as the base', async () => {
  const dist = await releaseOfBase();
  const r = await run('diff.ts', '--base', dist, '--head', head.out, '--into', into);
  expect(r.stdout).toContain('  - [source_id=chang2024, model_id=moss]');
});

it('refuses a base that is neither a build nor a release download, with a located message', async () => {
  const r = await run(
    'diff.ts',
    '--base',
    path.join(base.root, 'sources'),
    '--head',
    head.out,
    '--into',
    into,
  ).nothrow();
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toContain('is neither a build (with a csv/ folder) nor a release download');
  expect(r.stderr).not.toContain('    at ');
});

it('refuses a missing BASE with one message saying how to give it (a usage error: exit 2)', async () => {
  const r = await run('diff.ts', '--base', '', '--head', head.out, '--into', into).nothrow();
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toContain('make diff: needs BASE');
  expect(r.stderr).not.toContain('    at ');
});

it('refuses a base with a damaged CSV with one message naming the file and line', async () => {
  const broken = path.join(base.root, 'broken');
  cpSync(base.out, broken, { recursive: true });
  const models = path.join(broken, 'csv', 'models.csv');
  writeFileSync(models, `${readFileSync(models, 'utf8')}"never closed,1\n`);
  const r = await run('diff.ts', '--base', broken, '--head', head.out, '--into', into).nothrow();
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toMatch(/broken\/csv\/models\.csv:25: has a quoted field that is never closed/);
  expect(r.stderr).not.toContain('    at ');
});

// In process, each base read as the command reads it (loadBuild): the command's way of printing a refusal is shown by
// the refusals above and below, run as commands.
it('refuses a base that is a file, or whose CSV is not UTF-8 or is a folder, with one located message each', async () => {
  expect(refusal(path.join(base.out, 'datapackage.json'))).toContain(
    'datapackage.json: is a file, not the folder of a build or of a release download',
  );

  const latin = path.join(base.root, 'not-utf8');
  cpSync(base.out, latin, { recursive: true });
  writeFileSync(path.join(latin, 'csv', 'models.csv'), Buffer.from([0xff, 0xfe, 0x2c, 0x0a]));
  expect(refusal(latin)).toMatch(/not-utf8\/csv\/models\.csv: is not UTF-8 text, as every CSV file of a build is/);

  // A base assembled from links to a build's CSV files reads like the build itself.
  const linked = path.join(base.root, 'linked');
  mkdirSync(path.join(linked, 'csv'), { recursive: true });
  for (const f of readdirSync(path.join(base.out, 'csv')))
    symlinkSync(path.join(base.out, 'csv', f), path.join(linked, 'csv', f));
  const keys = new Map(loadTableDefs().map((d) => [d.name, d.primaryKey]));
  expect(compareBuilds(loadBuild(linked), loadBuild(base.out), keys)).toEqual([]);

  // A link to nothing, and a loop of links, are named rather than skipped (a table "added") or a stack.
  for (const [name, target] of [
    ['dangling', 'nowhere.csv'],
    ['looping', 'models.csv'],
  ] as const) {
    const broken = path.join(base.root, name);
    cpSync(base.out, broken, { recursive: true });
    rmSync(path.join(broken, 'csv', 'models.csv'));
    symlinkSync(target, path.join(broken, 'csv', 'models.csv'));
    expect(refusal(broken), name).toMatch(
      new RegExp(
        `${name}/csv/models\\.csv: cannot be read \\((ENOENT|ELOOP): a link to nothing, or a loop of links\\?\\)`,
      ),
    );
  }

  const folder = path.join(base.root, 'csv-folder');
  cpSync(base.out, folder, { recursive: true });
  rmSync(path.join(folder, 'csv', 'annotations.csv'));
  mkdirSync(path.join(folder, 'csv', 'annotations.csv'));
  const f = await run('diff.ts', '--base', folder, '--head', head.out, '--into', into).nothrow();
  expect(f.stderr).not.toContain('    at ');
  expect(f.stderr).not.toContain('Bug:');
});

it('refuses a damaged CSV archive in BASE, for make diff and for make release BASE=…, with one located message; nothing is written', async () => {
  const dist = await releaseOfBase();
  const damaged = path.join(base.root, 'damaged');
  cpSync(dist, damaged, { recursive: true });
  const zip = readdirSync(damaged).find((f) => f.endsWith('-csv.zip'))!;
  const bytes = readFileSync(path.join(damaged, zip));
  // The archive cut short, as an interrupted copy leaves it: its directory (at the end) is gone.
  writeFileSync(path.join(damaged, zip), bytes.subarray(0, bytes.length >> 1));
  const into2 = path.join(base.root, 'diff-damaged');
  const diff = await run('diff.ts', '--base', damaged, '--head', head.out, '--into', into2).nothrow();
  expect(diff.exitCode).toBe(1);
  expect(diff.stderr).toMatch(
    new RegExp(
      `damaged/${zip.replace(/\./g, '\\.')}: is not a readable zip archive \\(.+\\)\\n {2}→ BASE must be an unchanged build or release download: build or download it again\\.\\n1 problem found\\.`,
    ),
  );
  expect(diff.stderr).not.toMatch(/Bug:|\n\s+at /);
  expect(existsSync(into2)).toBe(false);
  const dist2 = path.join(base.root, 'dist-with-damaged-base');
  const release = await run('release.ts', '--out', base.out, '--dist', dist2, '--base', damaged).nothrow();
  expect(release.exitCode).toBe(1);
  expect(release.stderr).toContain(`damaged/${zip}: is not a readable zip archive (`);
  expect(release.stderr).not.toMatch(/Bug:|\n\s+at /);
  expect(existsSync(dist2)).toBe(false);
});

it('refuses a base whose CSV is larger than a diff can hold (a 1.5 GiB file of ASCII), saying the limit, before reading it', async () => {
  const huge = path.join(base.root, 'huge');
  cpSync(base.out, huge, { recursive: true });
  // A sparse file: 1.5 GiB of NUL bytes (valid UTF-8, and ASCII) that take no disk.
  truncateSync(path.join(huge, 'csv', 'models.csv'), 1.5 * 2 ** 30);
  const r = await run(
    'diff.ts',
    '--base',
    huge,
    '--head',
    head.out,
    '--into',
    path.join(base.root, 'diff-huge'),
  ).nothrow();
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toMatch(
    new RegExp(
      `huge/csv/models\\.csv: is 1,610,612,736 bytes of CSV, which takes the build to [\\d,]+: make diff reads at most ` +
        `${MAX_BUILD_CSV_BYTES.toLocaleString('en-US')} bytes of CSV a build \\(it holds every value in memory, about 14 times as much\\)\\n {2}→ This is no build of this dataset`,
    ),
  );
  expect(r.stderr).not.toContain('not UTF-8');
});
