// Generates docs/data-dictionary.md from the schemas and the generated sections of README.md from the built
// data. `--write` updates the files; `--check` (what CI runs through the tests) fails when they are stale.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dataDictionary } from './lib/docs/dictionary.ts';
import { replaceSection } from './lib/docs/markdown.ts';
import { citeSection, downloadSection, knownIssuesSection, querySection, tablesSection } from './lib/docs/readme.ts';
import { packageJson } from './lib/package-info.ts';
import { loadViews } from './lib/emit/ddl.ts';
import { DATABASE_FILE, OUT_DIR, ROOT } from './lib/paths.ts';
import { loadTableDefs } from './lib/schemas.ts';

export interface GeneratedDocs { dictionary: string; readme: string }

export async function generateDocs(outDir: string = OUT_DIR, root: string = ROOT): Promise<GeneratedDocs> {
  const defs = loadTableDefs();
  let readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  readme = replaceSection(readme, 'tables', tablesSection(outDir, defs));
  readme = replaceSection(readme, 'queries', await querySection(path.join(outDir, DATABASE_FILE), path.join(root, 'queries')));
  readme = replaceSection(readme, 'known-issues', knownIssuesSection(outDir, defs));
  readme = replaceSection(readme, 'download', downloadSection(packageJson(root)));
  readme = replaceSection(readme, 'cite', citeSection(packageJson(root), outDir, defs));
  return { dictionary: dataDictionary(defs, loadViews()), readme };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { write: { type: 'boolean' }, check: { type: 'boolean' } } });
  const docs = await generateDocs();
  const files = { [path.join(ROOT, 'docs', 'data-dictionary.md')]: docs.dictionary, [path.join(ROOT, 'README.md')]: docs.readme };
  let stale = 0;
  for (const [file, text] of Object.entries(files)) {
    const current = (() => { try { return readFileSync(file, 'utf8'); } catch { return ''; } })();
    if (current === text) continue;
    if (values.write) { writeFileSync(file, text); process.stderr.write(`wrote ${path.relative(ROOT, file)}\n`); }
    else { stale++; process.stderr.write(`${path.relative(ROOT, file)} is stale: run \`make docs\`\n`); }
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
