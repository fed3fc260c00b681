// One run of the scale benchmark, in its own process: generate a synthetic paper of N rows, build it end to end,
// and print one JSON line with the time of each stage, rows per second and peak RSS.
//
//   node --import tsx pipelines/bench/scale-run.ts --n 1000000 [--dir DIR]

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { timings } from '../lib/cli.ts';
import { buildDataset } from '../stages/build.ts';
import { generate } from './generate.ts';

process.env['LME_QUIET'] = '1';
const { values } = parseArgs({ options: { n: { type: 'string' }, dir: { type: 'string' }, keep: { type: 'boolean' } } });
const n = Number(values.n ?? 1000);
const dir = values.dir ?? mkdtempSync(path.join(os.tmpdir(), 'lme-bench-'));
const t0 = performance.now();
const sources = generate(dir, n);
const generateMs = performance.now() - t0;
await buildDataset({ sourcesRoot: sources, out: path.join(dir, 'out') });
const totalMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({
  n,
  totalMs,
  stages: { generate: generateMs, ...Object.fromEntries(timings.filter((t) => t.stage !== 'done').map((t) => [t.stage, t.ms])) },
  maxRssMb: process.resourceUsage().maxRSS / 1024,
  dir,
})}\n`);
if (!values.keep && !values.dir) rmSync(dir, { recursive: true, force: true });
