// Stryker's configuration for one module of pipelines/mutation/modules.json, chosen by LME_MUTATION_MODULE
// (pipelines/mutation/run.ts runs each in turn: `make mutation`).

import { readFileSync } from 'node:fs';

const { modules } = JSON.parse(readFileSync(new URL('./pipelines/mutation/modules.json', import.meta.url), 'utf8'));
const id = process.env.LME_MUTATION_MODULE;
const m = modules.find((x) => x.id === id);
if (!m) throw new Error(`LME_MUTATION_MODULE must be one of ${modules.map((x) => x.id).join(', ')}; got ${id}`);

export default {
  testRunner: 'vitest',
  // The vitest config of mutation runs includes only this module's test files (it reads LME_MUTATION_TESTS).
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: m.mutate,
  coverageAnalysis: m.coverage,
  // Mutants that act only while a module loads would need a fresh process per mutant: too slow for the gain.
  ignoreStatic: true,
  concurrency: Number(process.env.LME_MUTATION_CONCURRENCY ?? 2),
  // A mutant that makes a test loop is stopped after this much beyond the test's own time (modules.json may set less).
  timeoutMS: m.timeoutMS ?? 60_000,
  dryRunTimeoutMinutes: 30,
  reporters: ['html', 'clear-text', 'progress-append-only'],
  // A rerun tests only the mutants whose code or tests changed since the last run of this module. The incremental
  // file is also the full JSON report (kept in this checkout, not committed; pipelines/mutation/run.ts summarises it
  // into the committed reports/mutation/<module>.scores.json).
  incremental: true,
  incrementalFile: `reports/mutation/${m.id}.incremental.json`,
  htmlReporter: { fileName: `reports/mutation/${m.id}.html` },
  // One sandbox folder per module, so that two modules can run at once.
  tempDirName: `.stryker-tmp-${m.id}`,
  cleanTempDir: 'always',
  // Not copied into the sandboxes: outputs, earlier reports, caches.
  ignorePatterns: ['.stryker-tmp*', 'out', 'out.*', 'dist', 'dist.*', 'reports', '.bench', '.scratch', 'downloads', 'prev'],
  thresholds: { high: 90, low: 75, break: null },
};
