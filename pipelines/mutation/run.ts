// make mutation: Stryker over the modules that hold the README's guarantees (pipelines/mutation/modules.json),
// each against the test files that cover it. Prints the score per module and the surviving mutants, and writes
// them into README.md's Mutation testing section with the reviews of pipelines/mutation/reviewed.json (why a
// survivor is equivalent, or which test now kills it). Slow (tens of minutes): not part of make test or CI.
//
//   node --import tsx pipelines/mutation/run.ts [module id …] [--no-readme]
// (make mutation MODULES="id …" passes the ids in LME_MODULES.)

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mdTable, replaceSection } from '../lib/docs/markdown.ts';
import { ROOT } from '../lib/paths.ts';

interface Module { id: string; promise: string; mutate: string[]; tests: string[]; coverage: string }
interface Mutant { id: string; mutatorName: string; replacement?: string; status: string; location: { start: { line: number } } }
interface Report { files: Record<string, { source: string; mutants: Mutant[] }> }
interface Survivor { file: string; line: number; mutator: string; replacement: string; original: string }

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'no-readme': { type: 'boolean' } } });
const { modules } = JSON.parse(readFileSync(path.join(ROOT, 'pipelines', 'mutation', 'modules.json'), 'utf8')) as { modules: Module[] };
const reviewed = JSON.parse(readFileSync(path.join(ROOT, 'pipelines', 'mutation', 'reviewed.json'), 'utf8')) as { survivors: Record<string, string> };
const log = (s: string) => process.stderr.write(`${s}\n`);
const reportFile = (id: string) => path.join(ROOT, 'reports', 'mutation', `${id}.json`);

const ids = positionals.length > 0 ? positionals : (process.env['LME_MODULES'] ?? '').split(/\s+/).filter(Boolean);
for (const id of ids) if (!modules.some((m) => m.id === id)) throw new Error(`no module ${id} in modules.json`);
const chosen = ids.length > 0 ? modules.filter((m) => ids.includes(m.id)) : modules;

/** The key a review is filed under: file, mutator and the mutated text (line numbers move with edits). */
export const survivorKey = (s: Survivor) => `${s.file} ${s.mutator}: ${s.original.trim()} → ${s.replacement.trim()}`;

function summarise(report: Report) {
  const count: Record<string, number> = {};
  const survivors: Survivor[] = [];
  for (const [file, f] of Object.entries(report.files)) {
    const lines = f.source.split('\n');
    for (const m of f.mutants) {
      count[m.status] = (count[m.status] ?? 0) + 1;
      if (m.status === 'Survived' || m.status === 'NoCoverage') {
        const line = m.location.start.line;
        survivors.push({ file: path.relative(ROOT, path.resolve(ROOT, file)), line, mutator: m.mutatorName, replacement: m.replacement ?? '', original: lines[line - 1] ?? '' });
      }
    }
  }
  const detected = (count['Killed'] ?? 0) + (count['Timeout'] ?? 0);
  const valid = detected + (count['Survived'] ?? 0) + (count['NoCoverage'] ?? 0);
  return { count, detected, valid, score: valid === 0 ? 100 : (100 * detected) / valid, survivors };
}

const durations = new Map<string, number>();
for (const m of chosen) {
  log(`mutation: ${m.id} (${m.mutate.join(', ')}) against ${m.tests.join(', ')}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'), 'run', 'stryker.config.mjs'], {
    cwd: ROOT, stdio: 'inherit', env: { ...process.env, LME_MUTATION_MODULE: m.id, LME_MUTATION_TESTS: m.tests.join(','), LME_QUIET: '1', LME_HANG_GUARD_FACTOR: '10' },
  });
  durations.set(m.id, performance.now() - t0);
  if (r.status !== 0) throw new Error(`stryker failed on ${m.id} (exit ${r.status})`);
}

const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
const rows: string[][] = [];
const survivorRows: string[][] = [];
let unreviewed = 0;
for (const m of modules) {
  if (!existsSync(reportFile(m.id))) { rows.push([m.id, m.promise, 'not run', '', '', '']); continue; }
  const s = summarise(JSON.parse(readFileSync(reportFile(m.id), 'utf8')) as Report);
  const ms = durations.get(m.id);
  rows.push([m.id, m.promise, `${s.score.toFixed(1)} %`, `${s.detected} / ${s.valid}`, String(s.survivors.length), ms === undefined ? '' : minutes(ms)]);
  for (const v of s.survivors) {
    const review = reviewed.survivors[survivorKey(v)];
    if (!review) unreviewed++;
    survivorRows.push([`${v.file}:${v.line}`, `${v.mutator}: \`${v.replacement.replace(/\s+/g, ' ').slice(0, 60)}\``, review ?? '**not reviewed**']);
  }
}
const total = [...durations.values()].reduce((a, b) => a + b, 0);
const section = [
  `Scores of the last \`make mutation\` (Stryker ${JSON.parse(readFileSync(path.join(ROOT, 'node_modules', '@stryker-mutator', 'core', 'package.json'), 'utf8')).version}, ` +
    `${chosen.length === modules.length ? `all modules in ${minutes(total)}` : `modules run: ${chosen.map((m) => m.id).join(', ')}`}; ` +
    'score = killed or timed out / mutants that ran or had no test reaching them):',
  '',
  mdTable(['module', 'promise', 'score', 'killed', 'survived', 'time'], rows),
  '',
  survivorRows.length === 0 ? 'No mutant survived.' : `Surviving mutants, each reviewed (${unreviewed} not yet):`,
  '',
  ...(survivorRows.length === 0 ? [] : [mdTable(['where', 'mutant', 'review'], survivorRows)]),
].join('\n');
process.stdout.write(`${section}\n`);
if (!values['no-readme']) {
  const readme = path.join(ROOT, 'README.md');
  writeFileSync(readme, replaceSection(readFileSync(readme, 'utf8'), 'mutation', section));
  log('mutation: README.md Mutation testing section updated');
}
