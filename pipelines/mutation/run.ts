// make mutation: Stryker over the modules that hold the guarantees of docs/guarantees.md (pipelines/mutation/modules.json),
// each against the test files that cover it. Prints the score per module and the surviving mutants, and writes
// them into docs/maintainers/mutation.md's scores section with the reviews of pipelines/mutation/reviewed.json (why a
// survivor is equivalent, or which test now kills it). Slow (tens of minutes): not part of make test or CI.
//
//   node --import tsx pipelines/mutation/run.ts [module id …] [--no-write] [--report-only] [--check]
// (--report-only, make mutation-report, runs nothing: it writes the section from the scores committed in
// reports/mutation/<module>.scores.json, with the times of their runs from reports/mutation/times.json; --minutes id=12.5
// records a time run outside this script; --from-reports writes each scores file again from Stryker's full report;
// --check writes nothing and fails when docs/maintainers/mutation.md or docs/mutation-survivors.md differ from what the reports give.)
// (make mutation MODULES="id …" passes the ids in LME_MODULES.)

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mdTable, replaceSection } from '../lib/docs/markdown.ts';
import { ROOT } from '../lib/paths.ts';

interface Module {
  id: string;
  promise: string;
  mutate: string[];
  tests: string[];
  coverage: string;
  notRun?: string;
  timeoutMS?: number;
}
interface RunTime {
  minutes: number;
  concurrency: number;
  date: string;
}
interface Position {
  line: number;
  column: number;
}
interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  statusReason?: string;
  location: { start: Position; end: Position };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}
/** A surviving mutant: `original` is its whole line (the review key), `span` the text the mutant replaced. */
interface Survivor {
  file: string;
  line: number;
  mutator: string;
  replacement: string;
  original: string;
  span: string;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'no-write': { type: 'boolean' },
    'report-only': { type: 'boolean' },
    'from-reports': { type: 'boolean' },
    check: { type: 'boolean' },
    minutes: { type: 'string', multiple: true },
  },
});
const { modules } = JSON.parse(readFileSync(path.join(ROOT, 'pipelines', 'mutation', 'modules.json'), 'utf8')) as {
  modules: Module[];
};
const reviewed = JSON.parse(readFileSync(path.join(ROOT, 'pipelines', 'mutation', 'reviewed.json'), 'utf8')) as {
  survivors: Record<string, string>;
};
const timesFile = path.join(ROOT, 'reports', 'mutation', 'times.json');
const SURVIVORS_DOC = 'docs/mutation-survivors.md';
/** The maintainers' page on mutation testing, whose generated section holds the scores. */
const SCORES_DOC = 'docs/maintainers/mutation.md';
const log = (s: string) => process.stderr.write(`${s}\n`);
// Stryker's incremental file is its full report of a module's last run (every mutant, its status and the tests that
// reached or killed it; hundreds of kilobytes) and lets the next run test only what changed. It stays in this
// checkout, not in git: what is committed is its summary, the scores file (counts and survivors, small and diffable).
const reportFile = (id: string) => path.join(ROOT, 'reports', 'mutation', `${id}.incremental.json`);
const scoresFile = (id: string) => path.join(ROOT, 'reports', 'mutation', `${id}.scores.json`);

const ids = positionals.length > 0 ? positionals : (process.env.LME_MODULES ?? '').split(/\s+/).filter(Boolean);
const unknown = ids.filter((id) => !modules.some((m) => m.id === id));
if (unknown.length > 0) {
  // A mistyped name is the user's to fix: one message and the names there are, no stack.
  process.stderr.write(
    `make mutation: no module ${unknown.join(', ')} in pipelines/mutation/modules.json\n  → Give one or more of: ${modules.map((m) => m.id).join(', ')} (MODULES="a b").\n`,
  );
  process.exit(1);
}
const chosen = ids.length > 0 ? modules.filter((m) => ids.includes(m.id)) : modules;

/** The key a review is filed under: file, mutator and the mutated text (line numbers move with edits). */
export const survivorKey = (s: Survivor) => `${s.file} ${s.mutator}: ${s.original.trim()} → ${s.replacement.trim()}`;

/** A review may cover a family of survivors: in its key, `*` stands for any text (e.g. every mutant of one message). */
export function reviewOf(s: Survivor, reviews: Record<string, string>): string | undefined {
  const key = survivorKey(s);
  if (reviews[key] !== undefined) return reviews[key];
  for (const [pattern, review] of Object.entries(reviews)) {
    if (!pattern.includes('*')) continue;
    const re = new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      's',
    );
    if (re.test(key)) return review;
  }
  return undefined;
}

/** What the docs need of a module's run: the count of mutants by status, and each survivor. */
export interface Scores {
  stryker: string;
  mutants: Record<string, number>;
  survivors: Survivor[];
}

export function summarise(report: Report, stryker: string): Scores {
  const mutants: Record<string, number> = {};
  const survivors: Survivor[] = [];
  for (const [file, f] of Object.entries(report.files)) {
    const lines = f.source.split('\n');
    for (const m of f.mutants) {
      mutants[m.status] = (mutants[m.status] ?? 0) + 1;
      if (m.status === 'Survived' || m.status === 'NoCoverage') {
        const { start, end } = m.location;
        const original = lines[start.line - 1] ?? '';
        // The replaced text, on its first line: a mutant of one operand reads like one of the whole line otherwise.
        const span = original.slice(start.column - 1, end.line === start.line ? end.column - 1 : undefined);
        survivors.push({
          file: path.relative(ROOT, path.resolve(ROOT, file)),
          line: start.line,
          mutator: m.mutatorName,
          replacement: m.replacement ?? '',
          original,
          span,
        });
      }
    }
  }
  return {
    stryker,
    mutants: Object.fromEntries(Object.entries(mutants).sort(([a], [b]) => a.localeCompare(b))),
    survivors,
  };
}

/** A scores file: one line per survivor, so that a change of one survivor is a change of one line. */
export function scoresJson(s: Scores): string {
  const survivors = s.survivors.map((v) => `    ${JSON.stringify(v)}`).join(',\n');
  return `{\n  "stryker": ${JSON.stringify(s.stryker)},\n  "mutants": ${JSON.stringify(s.mutants)},\n  "survivors": [${survivors === '' ? '' : `\n${survivors}\n  `}]\n}\n`;
}

/** Score = killed or timed out / mutants that ran or had no test reaching them. */
export function score(s: Scores): { detected: number; valid: number; score: number } {
  const n = (status: string) => s.mutants[status] ?? 0;
  const detected = n('Killed') + n('Timeout');
  const valid = detected + n('Survived') + n('NoCoverage');
  return { detected, valid, score: valid === 0 ? 100 : (100 * detected) / valid };
}

const readTimes = () =>
  (existsSync(timesFile) ? JSON.parse(readFileSync(timesFile, 'utf8')) : {}) as Record<string, RunTime>;
const concurrency = Number(process.env.LME_MUTATION_CONCURRENCY ?? 2);
if (!Number.isInteger(concurrency) || concurrency < 1)
  throw new Error(
    `LME_MUTATION_CONCURRENCY must be a whole number of at least 1; got ${process.env.LME_MUTATION_CONCURRENCY}`,
  );
/** Records one module's time in reports/mutation/times.json, read afresh: another run may have written it meanwhile. */
function record(id: string, ms: number): void {
  const times = readTimes();
  times[id] = { minutes: Math.round(ms / 6_000) / 10, concurrency, date: new Date().toISOString().slice(0, 10) };
  writeFileSync(timesFile, `${JSON.stringify(times, null, 2)}\n`);
}
for (const kv of values.minutes ?? []) record(kv.split('=')[0]!, Number(kv.split('=')[1]) * 60_000);
const strykerVersion = () =>
  (
    JSON.parse(readFileSync(path.join(ROOT, 'node_modules', '@stryker-mutator', 'core', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
/** The scores file of a module, from Stryker's report of its last run in this checkout. */
const writeScores = (id: string) =>
  writeFileSync(
    scoresFile(id),
    scoresJson(summarise(JSON.parse(readFileSync(reportFile(id), 'utf8')) as Report, strykerVersion())),
  );
if (values['from-reports']) for (const m of chosen) if (existsSync(reportFile(m.id))) writeScores(m.id);
for (const m of values['report-only'] ? [] : chosen) {
  if (m.notRun) {
    log(`mutation: ${m.id} not run: ${m.notRun}`);
    continue;
  }
  log(`mutation: ${m.id} (${m.mutate.join(', ')}) against ${m.tests.join(', ')}`);
  const t0 = performance.now();
  // LME_MUTATION_FORCE=1 tests every mutant again (Stryker's --force), e.g. to check an incremental result.
  const force = process.env.LME_MUTATION_FORCE === '1' ? ['--force'] : [];
  const r = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'),
      'run',
      'stryker.config.mjs',
      ...force,
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        LME_MUTATION_MODULE: m.id,
        LME_MUTATION_TESTS: m.tests.join(','),
        LME_QUIET: '1',
        LME_HANG_GUARD_FACTOR: '10',
      },
    },
  );
  if (r.status !== 0) throw new Error(`stryker failed on ${m.id} (exit ${r.status})`);
  record(m.id, performance.now() - t0);
  writeScores(m.id);
}
const times = readTimes();

const minutes = (t: RunTime | undefined) =>
  t === undefined ? '' : `${t.minutes.toFixed(1)} min (${t.concurrency} at a time, ${t.date})`;
const rows: string[][] = [];
const survivorParts: string[] = [];
const versions = new Set<string>();
let unreviewed = 0;
for (const m of modules) {
  if (m.notRun || !existsSync(scoresFile(m.id))) {
    rows.push([m.id, m.promise, m.notRun ? `not run: ${m.notRun}` : 'not run yet', '', '', '', '']);
    continue;
  }
  const scores = JSON.parse(readFileSync(scoresFile(m.id), 'utf8')) as Scores;
  versions.add(scores.stryker);
  const s = { ...score(scores), survivors: scores.survivors };
  const survivorRows = s.survivors.map((v) => {
    const review = reviewOf(v, reviewed.survivors);
    const short = (t: string) => `\`${t.replace(/\s+/g, ' ').slice(0, 60)}\``;
    return [
      `${v.file}:${v.line}`,
      `${v.mutator}: ${short(v.span)} → ${short(v.replacement)}`,
      review ?? '**not reviewed**',
    ];
  });
  // A review may itself say the survivor is still open (e.g. a test meant to kill it did not): it counts as not reviewed.
  const open = survivorRows.filter((r) => r[2]!.startsWith('**not reviewed**')).length;
  unreviewed += open;
  rows.push([
    m.id,
    m.promise,
    `${s.score.toFixed(1)} %`,
    `${s.detected} / ${s.valid}`,
    String(s.survivors.length),
    String(s.survivors.length - open),
    minutes(times[m.id]),
  ]);
  if (survivorRows.length > 0)
    survivorParts.push(`## ${m.id}`, '', mdTable(['where', 'mutant', 'review'], survivorRows), '');
}
const section = [
  `Scores of the last run of each module (Stryker ${[...versions].sort().join(', ')}; ` +
    "score = killed or timed out / mutants that ran or had no test reaching them; time = the module's last run on the shared 2-core machine, " +
    'a rough guide, and only of the mutants whose code or tests had changed when a report existed; the scores are in reports/mutation/):',
  '',
  mdTable(['module', 'promise', 'score', 'killed', 'survived', 'reviewed', 'time'], rows),
  '',
  `The surviving mutants and their reviews: [${SURVIVORS_DOC}](${path.relative(path.dirname(SCORES_DOC), SURVIVORS_DOC)}) (${unreviewed} not reviewed yet).`,
].join('\n');
const survivorsDoc = [
  '# Surviving mutants',
  '',
  `<!-- Generated by make mutation and make mutation-report (pipelines/mutation/run.ts) from reports/mutation/ and pipelines/mutation/reviewed.json: do not edit. -->`,
  '',
  'Each mutant that no test killed in the last run of its module, with its review: why it is equivalent (no test can',
  'tell it from the original) or not worth a test. A survivor that a test added since kills shows as killed at the',
  `next run of its module. Scores and times: [${SCORES_DOC}](${path.relative(path.dirname(SURVIVORS_DOC), SCORES_DOC)}).`,
  '',
  ...survivorParts,
].join('\n');
const readme = path.join(ROOT, SCORES_DOC);
const survivorsFile = path.join(ROOT, SURVIVORS_DOC);
if (values.check) {
  // Used by tests/repository/mutation-scores.test.ts: the committed files say what the committed reports say.
  const stale = [
    ...(replaceSection(readFileSync(readme, 'utf8'), 'mutation', section, SCORES_DOC) === readFileSync(readme, 'utf8')
      ? []
      : [SCORES_DOC]),
    ...(existsSync(survivorsFile) && readFileSync(survivorsFile, 'utf8') === survivorsDoc ? [] : [SURVIVORS_DOC]),
  ];
  if (stale.length > 0) {
    log(`mutation: ${stale.join(' and ')} differ from what reports/mutation/ gives: run make mutation-report`);
    process.exitCode = 1;
  }
} else {
  process.stdout.write(`${section}\n`);
  if (!values['no-write']) {
    writeFileSync(readme, replaceSection(readFileSync(readme, 'utf8'), 'mutation', section, SCORES_DOC));
    writeFileSync(survivorsFile, survivorsDoc);
    log(`mutation: ${SCORES_DOC}'s scores and ${SURVIVORS_DOC} written`);
  }
}
