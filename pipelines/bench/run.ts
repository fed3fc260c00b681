// make bench: the pipeline's cost, measured (never asserted in tests).
//   1. `make all` from clean against the floor of the stack (a Node process that opens DuckDB and writes one
//      Parquet file), as a ratio of medians over runs taken side by side;
//   2. a no-op `make all`, which must start no Node process;
//   3. the scale benchmark: a synthetic paper of N rows built end to end, per stage, with rows/s, peak RSS and
//      the growth of time per decade of N, and DuckDB's own COPY to Parquet of the same rows as an anchor.
// Prints a Markdown table and writes it into README.md's Performance section (with the machine it ran on).
//
//   node --import tsx pipelines/bench/run.ts [--n 1000000] [--runs 7] [--no-readme]

import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mdTable, replaceSection } from '../lib/docs/markdown.ts';
import { ROOT } from '../lib/paths.ts';

const { values } = parseArgs({ options: { n: { type: 'string' }, runs: { type: 'string' }, 'no-readme': { type: 'boolean' } } });
const SIZES = values.n ? [Number(values.n)] : [1_000, 10_000, 100_000, 1_000_000];
const RUNS = Number(values.runs ?? 7);
const TARGETS = { ratio: 3, seconds1M: 10, rssMb: 1024, growth: 12 };
/** The heap settings the build runs with (see the Makefile): a larger young generation halves garbage collection. */
const NODE_FLAGS = ['--max-semi-space-size=64'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const log = (s: string) => process.stderr.write(`${s}\n`);

function timeMs(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return performance.now() - t0;
}

/** A copy of the project sharing node_modules, so that cleaning and building do not touch this checkout. */
function repoCopy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-bench-repo-'));
  for (const p of ['Makefile', 'package.json', 'package-lock.json', 'tsconfig.json', 'pipelines', 'schemas', 'sources']) {
    cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

function floorVersusMake(repo: string): { floor: number; make: number; ratio: number; distclean: number } {
  const floors: number[] = [];
  const makes: number[] = [];
  const distcleans: number[] = [];
  const env = { ...process.env, LME_QUIET: '1' };
  timeMs('make', ['all'], repo, env); // warm the caches once, as a user's second build would be
  for (let i = 0; i < RUNS; i++) {
    floors.push(timeMs(process.execPath, [path.join(ROOT, 'pipelines', 'bench', 'floor.mjs'), path.join(repo, 'floor.parquet')], repo));
    timeMs('make', ['clean'], repo, env);
    makes.push(timeMs('make', ['all'], repo, env));
  }
  // For comparison: also recompiling the pipeline (make distclean removes .build/, which make clean keeps).
  for (let i = 0; i < 3; i++) {
    timeMs('make', ['distclean'], repo, env);
    distcleans.push(timeMs('make', ['all'], repo, env));
  }
  return { floor: median(floors), make: median(makes), ratio: median(makes) / median(floors), distclean: median(distcleans) };
}

/** Runs a no-op make with `node` replaced by a shim that records every start. */
function noOp(repo: string): { ms: number; nodeStarts: number } {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'lme-shim-'));
  const logFile = path.join(bin, 'starts');
  writeFileSync(logFile, '');
  writeFileSync(path.join(bin, 'node'), `#!/bin/sh\necho "$@" >> ${logFile}\nexec ${process.execPath} "$@"\n`);
  chmodSync(path.join(bin, 'node'), 0o755);
  const env = { ...process.env, PATH: `${bin}:${process.env['PATH']}` };
  const times = Array.from({ length: RUNS }, () => timeMs('make', ['all'], repo, env));
  const starts = readFileSync(logFile, 'utf8').split('\n').filter(Boolean).length;
  rmSync(bin, { recursive: true, force: true });
  return { ms: median(times), nodeStarts: starts };
}

interface ScaleResult { n: number; totalMs: number; stages: Record<string, number>; maxRssMb: number; anchorMs: number }

function scale(n: number): ScaleResult {
  const r = spawnSync(process.execPath, [...NODE_FLAGS, '--import', 'tsx', path.join(ROOT, 'pipelines', 'bench', 'scale-run.ts'), '--n', String(n), '--keep'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`scale run of ${n} rows failed:\n${r.stderr}`);
  const result = JSON.parse(r.stdout) as ScaleResult & { dir: string };
  const a = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'pipelines', 'bench', 'anchor.ts'), path.join(result.dir, 'out')], { cwd: ROOT, encoding: 'utf8' });
  result.anchorMs = a.status === 0 ? (JSON.parse(a.stdout) as { copyParquetMs: number }).copyParquetMs : NaN;
  rmSync(result.dir, { recursive: true, force: true });
  return result;
}

const fmt = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const ok = (pass: boolean) => (pass ? 'met' : '**missed**');

const repo = repoCopy();
log('bench: make all from clean against the floor …');
const fm = floorVersusMake(repo);
log('bench: no-op make all …');
const nop = noOp(repo);
rmSync(repo, { recursive: true, force: true });
const results: ScaleResult[] = [];
for (const n of SIZES) {
  log(`bench: scale N=${n.toLocaleString('en-US')} …`);
  results.push(scale(n));
}

const stages = [...new Set(results.flatMap((r) => Object.keys(r.stages)))];
const cpu = os.cpus();
const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
const big = results.find((r) => r.n === 1_000_000);
const growth = results.slice(1).map((r, i) => ({ from: results[i]!.n, to: r.n, factor: r.totalMs / results[i]!.totalMs }));
const report = [
  `Measured by \`make bench\` on ${machine}.`,
  '',
  mdTable(['measure', 'result', 'target', ''], [
    ['`make all` from clean: after `make clean`, out/ rebuilt (median)', fmt(fm.make), '', ''],
    ['for comparison: after `make distclean`, the pipeline bundle recompiled too (median)', `${fmt(fm.distclean)} (${(fm.distclean / fm.floor).toFixed(2)}×)`, '', ''],
    ['floor: Node + DuckDB + one Parquet file (median)', fmt(fm.floor), '', ''],
    ['ratio', `${fm.ratio.toFixed(2)}×`, `≤ ${TARGETS.ratio}×`, ok(fm.ratio <= TARGETS.ratio)],
    ['no-op `make all`', `${fmt(nop.ms)}, ${nop.nodeStarts} Node processes`, '0 Node processes', ok(nop.nodeStarts === 0)],
    ...(big ? [
      ['N = 1,000,000: whole run, generation included', fmt(big.totalMs), `≤ ${TARGETS.seconds1M} s`, ok(big.totalMs <= TARGETS.seconds1M * 1000)],
      ['N = 1,000,000: peak RSS', `${big.maxRssMb.toFixed(0)} MB`, `≤ ${TARGETS.rssMb} MB`, ok(big.maxRssMb <= TARGETS.rssMb)],
    ] : []),
    ...growth.map((g) => [`time growth ${g.from.toLocaleString('en-US')} → ${g.to.toLocaleString('en-US')} rows`, `${g.factor.toFixed(1)}×`, `≤ ${TARGETS.growth}×`, ok(g.factor <= TARGETS.growth)]),
  ]),
  '',
  'Scale benchmark, per stage (a synthetic paper of N rows in 表3\'s layout; N rows give N model rows and 6 N cells):',
  '',
  mdTable(['N', ...stages, 'total', 'rows/s', 'peak RSS', 'anchor: DuckDB COPY models+cells → Parquet'], results.map((r) => [
    r.n.toLocaleString('en-US'), ...stages.map((s) => fmt(r.stages[s] ?? 0)), fmt(r.totalMs),
    Math.round(r.n / (r.totalMs / 1000)).toLocaleString('en-US'), `${r.maxRssMb.toFixed(0)} MB`, fmt(r.anchorMs),
  ])),
].join('\n');

process.stdout.write(`${report}\n`);
if (!values['no-readme']) {
  const readme = path.join(ROOT, 'README.md');
  writeFileSync(readme, replaceSection(readFileSync(readme, 'utf8'), 'performance', report));
  log('bench: README.md Performance section updated');
}
