// Assembles what GitHub Pages serves: the explorer (out/site/) and a static API of every release,
// /v1/<tag>/<table>.{csv,parquet,json} with /v1/<tag>/metadata.json (the release's datapackage.json, every path in it
// beside it), /latest/ a copy of the newest, and /v1/versions.json listing them. Each release's files are checked
// against its SHA256SUMS; a release from before per-table files were released is left out, said in one line. The
// folder is written beside its place and swapped in whole.
//
//   node --import tsx pipelines/pages.ts [--site out/site] [--release dist] [--releases <folder of earlier releases>] [--pages pages]

import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { discard, recover, stagingDir, swapIn } from './lib/atomic.ts';
import { plural, progress, runCli } from './lib/cli.ts';
import { relocate } from './lib/metadata/datapackage.ts';
import { DIST_DIR, OUT_DIR, ROOT, shown } from './lib/paths.ts';
import { fail } from './lib/problems.ts';
import { verifiedRelease } from './lib/release/verified.ts';

const API_FORMATS = ['csv', 'parquet', 'json'] as const;

interface Version {
  tag: string;
  version: string;
  files: Map<string, Buffer>;
  metadata: string;
}

/** A release's API files, or why it has none. */
function apiVersion(dir: string): Version | string {
  const files = verifiedRelease(dir);
  const pkgText = files.get('datapackage.json');
  if (!pkgText) return 'has no datapackage.json';
  const pkg = JSON.parse(pkgText.toString('utf8')) as { version: string; resources: { name: string }[] };
  const tables = pkg.resources.map((r) => r.name);
  const missing = tables.flatMap((t) => API_FORMATS.map((f) => `${t}.${f}`)).filter((f) => !files.has(f));
  if (missing.length > 0)
    return `has no ${missing[0]} at its top (${plural(missing.length, 'file')} missing: a layout from before the API)`;
  const api = new Map(tables.flatMap((t) => API_FORMATS.map((f) => [`${t}.${f}`, files.get(`${t}.${f}`)!] as const)));
  const metadata = `${JSON.stringify(relocate(pkg, { csv: (t) => `${t}.csv`, parquet: (t) => `${t}.parquet` }), null, 2)}\n`;
  return { tag: `v${pkg.version}`, version: pkg.version, files: api, metadata };
}

/** Semantic versions, oldest first. */
function bySemver(a: Version, b: Version): number {
  const parts = (v: string) => v.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const [x, y] = [parts(a.version), parts(b.version)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    if (x[i] === undefined) return -1;
    if (y[i] === undefined) return 1;
    return typeof x[i] === 'number' && typeof y[i] === 'number'
      ? (x[i] as number) - (y[i] as number)
      : String(x[i]).localeCompare(String(y[i]));
  }
  return 0;
}

await runCli(() => {
  const { values } = parseArgs({
    options: {
      site: { type: 'string' },
      release: { type: 'string' },
      releases: { type: 'string' },
      pages: { type: 'string' },
    },
  });
  const site = path.resolve(values.site ?? path.join(OUT_DIR, 'site'));
  const release = path.resolve(values.release ?? DIST_DIR);
  const pages = path.resolve(values.pages ?? path.join(ROOT, 'pages'));
  if (!existsSync(path.join(site, 'index.html')))
    fail({ file: shown(site) }, 'holds no built explorer', 'Run `make site` first.');
  const t0 = performance.now();
  const dirs = [
    release,
    ...(values.releases
      ? readdirSync(path.resolve(values.releases))
          .sort()
          .map((d) => path.join(path.resolve(values.releases!), d))
      : []),
  ];
  const versions: Version[] = [];
  for (const dir of dirs) {
    const v = apiVersion(dir);
    if (typeof v === 'string') {
      if (dir === release)
        fail({ file: shown(dir) }, v, 'Run `make release` (it writes each table as CSV, Parquet and JSON at the top).');
      process.stderr.write(`${shown(dir)}: ${v}; left out of the API.\n`);
      continue;
    }
    if (!versions.some((x) => x.tag === v.tag)) versions.push(v);
  }
  versions.sort(bySemver);
  recover(pages);
  const staging = stagingDir(pages);
  try {
    cpSync(site, staging, { recursive: true });
    const write = (dir: string, v: Version) => {
      mkdirSync(dir, { recursive: true });
      for (const [name, bytes] of v.files) writeFileSync(path.join(dir, name), bytes);
      writeFileSync(path.join(dir, 'metadata.json'), v.metadata);
    };
    for (const v of versions) write(path.join(staging, 'v1', v.tag), v);
    write(path.join(staging, 'latest'), versions.at(-1)!);
    writeFileSync(
      path.join(staging, 'v1', 'versions.json'),
      `${JSON.stringify(
        {
          latest: versions.at(-1)!.tag,
          versions: versions.map((v) => ({ tag: v.tag, metadata: `${v.tag}/metadata.json` })).reverse(),
        },
        null,
        2,
      )}\n`,
    );
    swapIn(staging, pages);
  } catch (e) {
    discard(staging);
    throw e;
  }
  progress(
    'pages',
    `the explorer and ${plural(versions.length, 'release')} (latest ${versions.at(-1)!.tag}) in ${shown(pages)}/`,
    performance.now() - t0,
  );
});
