// Builds the dataset: sources → extract → normalise → annotate → validate → emit, in one process (each stage
// prints its progress line), into a staging folder that replaces out/ only when everything succeeded.
//
//   node --import tsx pipelines/build.ts [--sources DIR] [--out DIR]

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { plural, progress, runCli, timed } from './lib/cli.ts';
import { discard, recover, stagingDir, swapIn } from './lib/emit/atomic.ts';
import { packageJson, repositoryUrl } from './lib/package-info.ts';
import { OUT_DIR, SOURCES_DIR, shown } from './lib/paths.ts';
import { createAjv, loadTableDefs } from './lib/schemas.ts';
import { loadSources } from './stages/sources.ts';
import { extractSources, extractedCounts } from './stages/extract.ts';
import { normalise } from './stages/normalise.ts';
import { annotate } from './stages/annotate.ts';
import { validate } from './stages/validate.ts';
import { emit } from './stages/emit.ts';

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

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sources: { type: 'string' }, out: { type: 'string' } } });
  const sourcesRoot = path.resolve(values.sources ?? SOURCES_DIR);
  const out = path.resolve(values.out ?? OUT_DIR);
  const started = performance.now();

  const ajv = createAjv();
  const defs = loadTableDefs();
  const sources = await timed('sources', () => loadSources(sourcesRoot, ajv), (s) => `${plural(s.length, 'source')}, checksums verified`);
  const extracted = await timed('extract', () => extractSources(sources), (x) => {
    const c = extractedCounts(x);
    return `${plural(c.tables, 'table')}, ${plural(c.rows, 'row')}, ${plural(c.cells, 'cell')}`;
  });
  const { dataset, curated } = await timed('normalise', () => normalise(sources, extracted, defs, ajv),
    (n) => [...n.dataset.values()].filter((t) => t.rowCount > 0 && !['cells', 'sources', 'source_tables', 'annotations'].includes(t.name)).map((t) => `${t.name} ${t.rowCount}`).join(', '));
  await timed('annotate', () => annotate(dataset, curated), (a) => `${plural(a.curated, 'curated note')}, ${plural(a.rules, 'note')} raised by rules`);
  await timed('validate', () => validate(dataset, extracted, sources, ajv),
    (acc) => `rows extracted = normalised = valid: ${acc.map((a) => `${a.table} ${a.valid}`).join(', ')}`);

  recover(out);
  const staging = stagingDir(out);
  try {
    const pkg = packageJson();
    const first = sources[0]!.json;
    await emit(dataset, defs, staging, {
      package: {
        name: pkg.name,
        title: 'Large-model ecosystem: the tables of 常永波 et al. (2024) as open data',
        description: `${pkg.description} Source: ${sources.map((s) => s.json.attribution).join(' ')}`,
        version: pkg.version,
        homepage: repositoryUrl(pkg),
        keywords: ['large language models', 'AI policy', 'China', 'dataset', '大模型'],
        licence: { name: first.licence.id, path: first.licence.url, title: first.licence.name },
        attribution: sources.map((s) => s.json.attribution).join('\n'),
        sources: sources.map((s) => ({ title: `${s.json.citation.first_author_en} et al., ${s.json.citation.journal_en} (${s.json.citation.year})`, path: s.json.citation.url })),
      },
      licenceId: first.licence.id,
      licenceUrl: first.licence.url,
      attributions: sources.map((s) => s.json.attribution),
    });
    swapIn(staging, out);
  } catch (e) {
    discard(staging);
    throw e;
  }
  progress('done', `${shown(out)}/ replaced`, performance.now() - started);
  process.stderr.write(`${summary(out)}\n`);
}

await runCli(main, 'Nothing in out/ was changed.');
