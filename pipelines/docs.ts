// Generates docs/data-dictionary.md from the schemas, and the generated sections of README.md, docs/query.md and
// docs/download.md from the built data. `--write` updates the files; `--check` fails when they are stale.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dataDictionary } from './lib/docs/dictionary.ts';
import { replaceSection } from './lib/docs/markdown.ts';
import {
  citeSection,
  downloadSection,
  knownIssuesSection,
  querySection,
  readmeDownloadSection,
  tablesSection,
} from './lib/docs/readme.ts';
import { packageJson } from './lib/package-info.ts';
import { loadViews } from './lib/emit/ddl.ts';
import { DATABASE_FILE, OUT_DIR, ROOT } from './lib/paths.ts';
import { loadTableDefs } from './lib/schemas.ts';

/** Each generated file's whole text, by its path relative to the repository. */
export type GeneratedDocs = Record<string, string>;

export async function generateDocs(outDir: string = OUT_DIR, root: string = ROOT): Promise<GeneratedDocs> {
  const defs = loadTableDefs();
  const pkg = packageJson(root);
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  let readme = read('README.md');
  readme = replaceSection(readme, 'tables', tablesSection(outDir, defs));
  readme = replaceSection(readme, 'download', readmeDownloadSection(pkg));
  readme = replaceSection(readme, 'cite', citeSection(pkg, outDir, defs));
  readme = replaceSection(readme, 'known-issues', knownIssuesSection(outDir, defs));
  return {
    'README.md': readme,
    'docs/data-dictionary.md': dataDictionary(defs, loadViews()),
    'docs/query.md': replaceSection(
      read('docs/query.md'),
      'queries',
      await querySection(path.join(outDir, DATABASE_FILE), path.join(root, 'queries')),
      'docs/query.md',
    ),
    'docs/download.md': replaceSection(read('docs/download.md'), 'download', downloadSection(pkg), 'docs/download.md'),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { write: { type: 'boolean' }, check: { type: 'boolean' } } });
  const docs = await generateDocs();
  let stale = 0;
  for (const [relative, text] of Object.entries(docs)) {
    const file = path.join(ROOT, relative);
    const current = (() => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return '';
      }
    })();
    if (current === text) continue;
    if (values.write) {
      writeFileSync(file, text);
      process.stderr.write(`wrote ${path.relative(ROOT, file)}\n`);
    } else {
      stale++;
      process.stderr.write(`${path.relative(ROOT, file)} is stale: run \`make docs\`\n`);
    }
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
