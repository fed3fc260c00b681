// Zips the built explorer (out/site/) into dist/site.zip for the release, reproducibly (sorted entries, one fixed
// time), written beside its place and renamed in. Run after `make release`, which replaces dist/ as a whole.
//
//   node --import tsx pipelines/site-zip.ts [--site out/site] [--zip dist/site.zip]

import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { progress, runCli } from './lib/cli.ts';
import { DIST_DIR, ROOT, shown } from './lib/paths.ts';
import { fail } from './lib/problems.ts';
import { reproducibleZip } from './lib/release/zip.ts';

await runCli(() => {
  const { values } = parseArgs({ options: { site: { type: 'string' }, zip: { type: 'string' } } });
  const site = path.resolve(values.site ?? path.join(ROOT, 'out', 'site'));
  const zip = path.resolve(values.zip ?? path.join(DIST_DIR, 'site.zip'));
  if (!existsSync(path.join(site, 'index.html')))
    fail({ file: shown(site) }, 'holds no built site', 'Run `make site` first.');
  if (!existsSync(path.dirname(zip)))
    fail({ file: shown(path.dirname(zip)) }, 'does not exist', 'Run `make release` first.');
  const t0 = performance.now();
  const files = new Map<string, Uint8Array>();
  for (const rel of readdirSync(site, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = path.join(site, rel);
    if (statSync(file).isFile()) files.set(`site/${rel.split(path.sep).join('/')}`, readFileSync(file));
  }
  const tmp = `${zip}.tmp-${process.pid}`;
  writeFileSync(tmp, reproducibleZip(files));
  renameSync(tmp, zip);
  progress('site.zip', `${files.size} files in ${shown(zip)}`, performance.now() - t0);
});
