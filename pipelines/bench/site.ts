// Measures the data explorer as a reader meets it: the size of out/site/ without and with DuckDB-WASM's wasm,
// the time from navigation to the first table, and from the first Run to a first query's result (DuckDB-WASM
// fetched, compiled and started, the database attached), in headless Chromium against the site served on
// 127.0.0.1. Each run is a fresh browser context, so nothing is cached. Prints a Markdown table and writes it into
// docs/maintainers/explorer-performance.md. Figures only: no target is asserted here or in the tests.
//
//   node --import tsx pipelines/bench/site.ts [--runs 5] [--no-readme]

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { mdTable, replaceSection } from '../lib/docs/markdown.ts';
import { ROOT } from '../lib/paths.ts';
import { chromiumPath, INSTALL_HINT, launchChromium } from '../lib/site/chromium.ts';
import { serveSite } from '../lib/site/serve.ts';

// Code passed to page.evaluate runs in the page; the DOM lib stays out of this Node program (it would retype fetch).
declare const document: any, window: any;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'no-readme': { type: 'boolean' } } });
const RUNS = Number(values.runs);
const SITE = path.join(ROOT, 'out', 'site');

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => statSync(f).isFile());
}

const all = files(SITE);
const bytes = (list: string[]) => list.reduce((n, f) => n + statSync(f).size, 0);
const gzipped = (list: string[]) => list.reduce((n, f) => n + gzipSync(readFileSync(f)).length, 0);
const wasm = all.filter((f) => f.endsWith('.wasm'));
const rest = all.filter((f) => !f.endsWith('.wasm'));
const firstPage = rest.filter((f) => !f.includes(`${path.sep}duckdb${path.sep}`) && !f.endsWith('.duckdb'));
const mb = (n: number) => `${(n / 2 ** 20).toFixed(2)} MiB`;

const executable = chromiumPath();
if (!executable) { process.stderr.write(`bench-site: no Chromium found; ${INSTALL_HINT}.\n`); process.exit(1); }
const server = await serveSite(SITE);
const browser = await launchChromium(executable);
const table: number[] = [];
const query: number[] = [];
const warm: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(server.url, { waitUntil: 'commit' });
    await page.waitForFunction(() => document.querySelectorAll('#data-table tbody tr').length > 0, null, { polling: 'raf', timeout: 60_000 });
    table.push(await page.evaluate(() => performance.now()));
    const ran = async () => {
      const t0 = await page.evaluate(() => { document.getElementById('sql-run').click(); return performance.now(); });
      await page.waitForFunction(() => /rows? in \d+ ms/.test(document.getElementById('sql-status')?.textContent ?? ''), null, { polling: 'raf', timeout: 120_000 });
      const t1 = await page.evaluate(() => performance.now());
      return t1 - t0;
    };
    query.push(await ran());
    warm.push(await ran());
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`);
const cpu = os.cpus();
const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${os.type()} ${os.release()}, ${path.basename(executable)} headless, the site served on 127.0.0.1`;
const report = [
  `Measured by \`make bench-site\` on ${machine}; medians of ${RUNS} runs, each in a fresh browser context (nothing cached).`,
  '',
  mdTable(['measure', 'result'], [
    ['what the first view loads: page, script, styles, data.json', `${mb(bytes(firstPage))} (${mb(gzipped(firstPage))} gzipped)`],
    ['the whole site without the wasm (adds the DuckDB-WASM worker and the database)', `${mb(bytes(rest))} (${mb(gzipped(rest))} gzipped)`],
    ['the whole site with the wasm', `${mb(bytes(all))} (${mb(gzipped(all))} gzipped)`],
    ['time to the first table (navigation → first row drawn)', ms(median(table))],
    ['time to a first query (Run → result: DuckDB-WASM loaded, database attached)', ms(median(query))],
    ['a second query', ms(median(warm))],
  ]),
].join('\n');
process.stdout.write(`${report}\n`);
if (!values['no-readme']) {
  const page = path.join(ROOT, 'docs', 'maintainers', 'explorer-performance.md');
  writeFileSync(page, replaceSection(readFileSync(page, 'utf8'), 'explorer-performance', report, 'docs/maintainers/explorer-performance.md'));
  process.stderr.write('bench-site: docs/maintainers/explorer-performance.md updated\n');
}
