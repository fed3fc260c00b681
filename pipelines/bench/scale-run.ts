// One size of the scale benchmark: generate a synthetic paper of N rows, build it with the pipeline's bundle in a
// process of its own (so that its peak RSS is the build's alone), then time the anchor: DuckDB's own COPY of the
// same models and cells to Parquet, from the database the build made, in a process of its own. Prints as the last
// line one JSON object: n, build_s, generate_s, rows_per_s, peak_rss_mb, cpu_s (user + system of the build), the
// time of each stage, anchor_s and anchor_ratio (build_s / anchor_s), and whether the scale guard holds (GUARD).
// Both times come from the same run, so that the ratio holds on a shared machine where each alone varies.
//
//   node --import tsx pipelines/bench/scale-run.ts --n 1000000 [--keep]   (make bench-scale N=1000000)

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { $ } from 'zx';
import { ROOT } from '../lib/paths.ts';
import { generate } from './generate.ts';

export interface ScaleResult {
  n: number;
  build_s: number;
  generate_s: number;
  rows_per_s: number;
  peak_rss_mb: number;
  cpu_s: number;
  stages: Record<string, number>;
  anchor_s: number;
  anchor_ratio: number;
  guard: boolean;
  dir: string;
}

/**
 * The scale guard (issue 28): at 1,000,000 rows the build takes at most 40 times the anchor and at most 3,000 MB of
 * peak RSS; the time grows at most 12-fold per tenfold rows (checked by pipelines/bench/run.ts across sizes).
 */
export const GUARD = { anchorRatio: 40, rssMb: 3000, growth: 12 };

/** The Node flags the Makefile gives the build (its NODE_FLAGS line), so that the benchmark runs the build as `make all` does. */
function makefileNodeFlags(): string[] {
  const line = /^NODE_FLAGS := (.*)$/m.exec(readFileSync(path.join(ROOT, 'Makefile'), 'utf8'));
  if (!line) throw new Error('Makefile: no NODE_FLAGS line for the build');
  return line[1]!.trim().split(/\s+/);
}

/** The build's command line, as the Makefile runs it. */
export const BUILD = [
  'node',
  ...makefileNodeFlags(),
  path.join(ROOT, 'pipelines', 'cached.cjs'),
  path.join(ROOT, '.build', 'build.cjs'),
];

export async function scaleRun(n: number): Promise<ScaleResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-bench-'));
  const t0 = performance.now();
  const sources = generate(dir, n);
  const generateMs = performance.now() - t0;
  const statsFile = path.join(dir, 'stats.json');
  const t1 = performance.now();
  await $({
    cwd: ROOT,
    env: { ...process.env, LME_QUIET: '1', LME_STATS: statsFile },
    quiet: true,
  })`${BUILD} --sources ${sources} --out ${path.join(dir, 'out')}`;
  const buildMs = performance.now() - t1;
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as {
    stages: Record<string, number>;
    cpuS: number;
    peakRssMb: number;
  };
  const anchor = await $({
    cwd: ROOT,
    quiet: true,
  })`node --import tsx ${path.join(ROOT, 'pipelines', 'bench', 'anchor.ts')} ${path.join(dir, 'out')}`;
  const anchorMs = (JSON.parse(anchor.stdout) as { copyParquetMs: number }).copyParquetMs;
  const round = (x: number, d = 3) => Number(x.toFixed(d));
  return {
    n,
    build_s: round(buildMs / 1000),
    generate_s: round(generateMs / 1000),
    rows_per_s: Math.round(n / (buildMs / 1000)),
    peak_rss_mb: Math.round(stats.peakRssMb),
    cpu_s: round(stats.cpuS, 2),
    stages: Object.fromEntries(Object.entries(stats.stages).map(([k, v]) => [k, Math.round(v)])),
    anchor_s: round(anchorMs / 1000),
    anchor_ratio: round(buildMs / anchorMs, 1),
    guard: buildMs <= GUARD.anchorRatio * anchorMs && stats.peakRssMb <= GUARD.rssMb,
    dir,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { n: { type: 'string' }, keep: { type: 'boolean' } } });
  const n = Number(values.n ?? 1000);
  if (!Number.isSafeInteger(n) || n < 1) {
    process.stderr.write(
      `bench-scale: N=${JSON.stringify(values.n)} is not a whole number of rows ≥ 1; e.g. make bench-scale N=1000000\n`,
    );
    process.exit(1);
  }
  const r = await scaleRun(n);
  if (!values.keep) rmSync(r.dir, { recursive: true, force: true });
  const { dir, ...shown } = r;
  process.stdout.write(`${JSON.stringify(values.keep ? r : shown)}\n`);
}
