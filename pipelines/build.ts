// Builds the dataset into out/ (see stages/build.ts for the stages).
//
//   node --import tsx pipelines/build.ts [--sources DIR] [--out DIR]

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli, writeStats } from './lib/cli.ts';
import { failpoint } from './lib/failpoint.ts';
import { OUT_DIR, SOURCES_DIR, shown } from './lib/paths.ts';
import { buildOutputs } from './stages/build.ts';

/** What is in the output folder, one line a file, for the end of the build. */
function summary(out: string): string {
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir).sort()) {
      const p = path.join(dir, f);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else lines.push(`  ${shown(p).padEnd(44)} ${(s.size / 1024).toFixed(1).padStart(9)} KiB`);
    }
  };
  walk(out);
  return lines.join('\n');
}

void runCli(
  async () => {
    const { values } = parseArgs({ options: { sources: { type: 'string' }, out: { type: 'string' } } });
    const out = path.resolve(values.out ?? OUT_DIR);
    await buildOutputs({ sourcesRoot: path.resolve(values.sources ?? SOURCES_DIR), out });
    // out/ is the new build and no handler is left: a signal from here on ends the process as signals do by default.
    failpoint('after-swap');
    process.stderr.write(`${summary(out)}\n`);
    writeStats();
  },
  {
    afterFailure: 'Nothing in out/ was changed.',
    // Named in full: `make all` runs the bundle .build/build.cjs, which has no header of its own.
    usage: "Run `make help` for the commands and their variables (pipelines/build.ts's header says how to run it).",
  },
);
