// make bench: the pipeline's cost, measured (never asserted in tests).
//   1. `make all` from clean against the floor of the stack (a Node process that opens DuckDB and writes one
//      Parquet file), as a ratio of medians over runs taken side by side;
//   2. a no-op `make all`, which must start no Node process;
//   3. the scale benchmark as a guard: a synthetic paper of N rows built end to end, per stage, with rows/s, peak
//      RSS, the growth of time per decade of N, and DuckDB's own COPY to Parquet of the same rows as an anchor
//      measured in the same run (scale-run.ts).
// Prints a Markdown table with the machine and its load; docs/maintainers/performance.md says what holds.
//
//   node --import tsx pipelines/bench/run.ts [--n 1000000] [--runs 7]

import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { $ } from 'zx';
import { mdTable } from '../lib/docs/markdown.ts';
import { ROOT } from '../lib/paths.ts';
import { GUARD, scaleRun } from './scale-run.ts';

const { values } = parseArgs({ options: { n: { type: 'string' }, runs: { type: 'string' } } });
const FULL = [1_000, 10_000, 100_000, 1_000_000];
const SIZES = values.n ? [Number(values.n)] : FULL;
const RUNS = Number(values.runs ?? 7);
/** The paper's build against the floor (issue 28). */
const RATIO = 2.5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const log = (s: string) => process.stderr.write(`${s}\n`);

async function timeMs(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const t0 = performance.now();
  await $({ cwd, env, quiet: true })`${cmd} ${args}`;
  return performance.now() - t0;
}

/** A copy of the project sharing node_modules, so that cleaning and building do not touch this checkout. */
function repoCopy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-bench-repo-'));
  for (const p of [
    'Makefile',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'pipelines',
    'schemas',
    'sources',
  ]) {
    cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

async function floorVersusMake(
  repo: string,
): Promise<{ floor: number; make: number; ratio: number; distclean: number }> {
  const floors: number[] = [];
  const makes: number[] = [];
  const distcleans: number[] = [];
  const env = { ...process.env, LME_QUIET: '1' };
  await timeMs('make', ['all'], repo, env); // warm the caches once, as a user's second build would be
  for (let i = 0; i < RUNS; i++) {
    floors.push(
      await timeMs(
        process.execPath,
        [path.join(ROOT, 'pipelines', 'bench', 'floor.mjs'), path.join(repo, 'floor.parquet')],
        repo,
      ),
    );
    await timeMs('make', ['clean'], repo, env);
    makes.push(await timeMs('make', ['all'], repo, env));
  }
  // For comparison: also recompiling the pipeline (make distclean removes .build/, which make clean keeps).
  for (let i = 0; i < 3; i++) {
    await timeMs('make', ['distclean'], repo, env);
    distcleans.push(await timeMs('make', ['all'], repo, env));
  }
  return {
    floor: median(floors),
    make: median(makes),
    ratio: median(makes) / median(floors),
    distclean: median(distcleans),
  };
}

/** Runs a no-op make with `node` replaced by a shim that records every start. */
async function noOp(repo: string): Promise<{ ms: number; nodeStarts: number }> {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'lme-shim-'));
  const logFile = path.join(bin, 'starts');
  writeFileSync(logFile, '');
  writeFileSync(path.join(bin, 'node'), `#!/bin/sh\necho "$@" >> ${logFile}\nexec ${process.execPath} "$@"\n`);
  chmodSync(path.join(bin, 'node'), 0o755);
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await timeMs('make', ['all'], repo, env));
  const starts = readFileSync(logFile, 'utf8').split('\n').filter(Boolean).length;
  rmSync(bin, { recursive: true, force: true });
  return { ms: median(times), nodeStarts: starts };
}

interface ScaleRow {
  n: number;
  totalMs: number;
  stages: Record<string, number>;
  maxRssMb: number;
  cpuS: number;
  anchorMs: number;
}

/** One size: generation, the build (in its own process), then DuckDB's own COPY of the same rows as an anchor. */
async function scale(n: number): Promise<ScaleRow> {
  const r = await scaleRun(n);
  rmSync(r.dir, { recursive: true, force: true });
  log(`  ${JSON.stringify({ ...r, dir: undefined })}`);
  return {
    n,
    totalMs: r.build_s * 1000,
    stages: { generate: r.generate_s * 1000, ...r.stages },
    maxRssMb: r.peak_rss_mb,
    cpuS: r.cpu_s,
    anchorMs: r.anchor_s * 1000,
  };
}

const fmt = (ms: number) =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
const ok = (pass: boolean) => (pass ? 'met' : '**missed**');

const loadBefore = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(', ');
const repo = repoCopy();
log('bench: make all from clean against the floor …');
const fm = await floorVersusMake(repo);
log('bench: no-op make all …');
const nop = await noOp(repo);
rmSync(repo, { recursive: true, force: true });
const results: ScaleRow[] = [];
for (const n of SIZES) {
  log(`bench: scale N=${n.toLocaleString('en-US')} …`);
  results.push(await scale(n));
}

const stages = [...new Set(results.flatMap((r) => Object.keys(r.stages)))];
const cpu = os.cpus();
const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
const big = results.find((r) => r.n === 1_000_000);
const growth = results
  .slice(1)
  .map((r, i) => ({ from: results[i]!.n, to: r.n, factor: r.totalMs / results[i]!.totalMs }));
const report = [
  `Measured by \`make bench\` on ${machine}; load average before and after: ${loadBefore} / ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}.`,
  '',
  mdTable(
    ['measure', 'result', 'target', ''],
    [
      ['`make all` from clean: after `make clean`, out/ rebuilt (median)', fmt(fm.make), '', ''],
      [
        'for comparison: after `make distclean`, the pipeline bundle recompiled too (median)',
        `${fmt(fm.distclean)} (${(fm.distclean / fm.floor).toFixed(2)}×)`,
        '',
        '',
      ],
      ['floor: Node + DuckDB + one Parquet file (median)', fmt(fm.floor), '', ''],
      ['ratio', `${fm.ratio.toFixed(2)}×`, `≤ ${RATIO}×`, ok(fm.ratio <= RATIO)],
      [
        'no-op `make all`',
        `${fmt(nop.ms)}, ${nop.nodeStarts} Node processes`,
        '0 Node processes',
        ok(nop.nodeStarts === 0),
      ],
      ...(big
        ? [
            [
              "N = 1,000,000: build against the anchor (DuckDB's COPY of the same models and cells to Parquet, same run)",
              `${fmt(big.totalMs)} / ${fmt(big.anchorMs)} = ${(big.totalMs / big.anchorMs).toFixed(1)}×`,
              `≤ ${GUARD.anchorRatio}×`,
              ok(big.totalMs <= GUARD.anchorRatio * big.anchorMs),
            ],
            [
              'N = 1,000,000: peak RSS of the build process',
              `${big.maxRssMb.toFixed(0)} MB`,
              `≤ ${GUARD.rssMb} MB`,
              ok(big.maxRssMb <= GUARD.rssMb),
            ],
          ]
        : []),
      ...growth.map((g) => [
        `time growth ${g.from.toLocaleString('en-US')} → ${g.to.toLocaleString('en-US')} rows`,
        `${g.factor.toFixed(1)}×`,
        `≤ ${GUARD.growth}×`,
        ok(g.factor <= GUARD.growth),
      ]),
    ],
  ),
  '',
  "Scale benchmark, per stage (a synthetic paper of N rows in 表3's layout; N rows give N model rows and 6 N cells):",
  '',
  mdTable(
    [
      'N',
      ...stages,
      'build',
      'build CPU (user + sys)',
      'rows/s',
      'peak RSS',
      'anchor: DuckDB COPY models+cells → Parquet',
    ],
    results.map((r) => [
      r.n.toLocaleString('en-US'),
      ...stages.map((s) => fmt(r.stages[s] ?? 0)),
      fmt(r.totalMs),
      fmt(r.cpuS * 1000),
      Math.round(r.n / (r.totalMs / 1000)).toLocaleString('en-US'),
      `${r.maxRssMb.toFixed(0)} MB`,
      fmt(r.anchorMs),
    ]),
  ),
].join('\n');

process.stdout.write(`${report}\n`);
