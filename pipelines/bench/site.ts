// Measures the data explorer as a reader meets it, in headless Chromium against the site served on 127.0.0.1, each
// run in a fresh browser context (nothing cached), with the targets of issue 30 beside each figure:
// - the first load's transfer without the DuckDB WebAssembly: every file the page requests until it is ready, as
//   gzip sends it (target at most 200 KB);
// - the time from navigation to the first table row inside the viewport, at 1400 × 900 (target at most 500 ms);
// - the time from navigation to the result of a query the URL holds (?view=sql&sql=…): DuckDB-WASM fetched, compiled
//   and started, the database attached, the query run (target at most 2.5 s); and a second query.
// Prints a Markdown table and writes it into docs/maintainers/explorer-performance.md. Figures only: no target is
// asserted here or in the tests.
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
// biome-ignore lint/suspicious/noExplicitAny: the page's globals, untyped here for that reason
declare const document: any, window: any;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'no-readme': { type: 'boolean' } } });
const RUNS = Number(values.runs);
const SITE = path.join(ROOT, 'out', 'site');

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

const all = files(SITE);
const bytes = (list: string[]) => list.reduce((n, f) => n + statSync(f).size, 0);
const gzipped = (list: string[]) => list.reduce((n, f) => n + gzipSync(readFileSync(f)).length, 0);
const rest = all.filter((f) => !f.endsWith('.wasm'));
const mb = (n: number) => `${(n / 2 ** 20).toFixed(2)} MiB`;

const executable = chromiumPath();
if (!executable) {
  process.stderr.write(`bench-site: no Chromium found; ${INSTALL_HINT}.\n`);
  process.exit(1);
}
const server = await serveSite(SITE);
const browser = await launchChromium(executable);
const table: number[] = [];
const query: number[] = [];
const warm: number[] = [];
const firstLoad: number[] = [];
const SQL = 'SELECT model_en, parameters FROM models ORDER BY parameters DESC NULLS LAST LIMIT 5';
const isResult = () => /rows? in \d+ ms/.test(document.getElementById('sql-status')?.textContent ?? '');
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    const requested = new Set<string>();
    page.on('request', (r) => requested.add(new URL(r.url()).pathname));
    await page.goto(server.url, { waitUntil: 'commit' });
    await page.waitForFunction(
      () => {
        const row = document.querySelector('#data-table tbody tr');
        const box = row?.getBoundingClientRect();
        return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
      },
      null,
      { polling: 'raf', timeout: 60_000 },
    );
    table.push(await page.evaluate(() => performance.now()));
    await page.waitForSelector('body[data-ready="true"]');
    const base = new URL(server.url).pathname;
    firstLoad.push(
      gzipped(
        [...requested]
          .filter((p) => p.startsWith(base) && !p.endsWith('.wasm'))
          .map((p) => path.join(SITE, decodeURIComponent(p.slice(base.length)) || 'index.html')),
      ),
    );
    await context.close();

    const sqlContext = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    const sqlPage = await sqlContext.newPage();
    await sqlPage.goto(`${server.url}?view=sql&sql=${encodeURIComponent(SQL)}`, { waitUntil: 'commit' });
    await sqlPage.waitForFunction(isResult, null, { polling: 'raf', timeout: 120_000 });
    query.push(await sqlPage.evaluate(() => performance.now()));
    const t0 = await sqlPage.evaluate(() => {
      document.getElementById('sql-input').value = 'SELECT count(*) FROM cells';
      document.getElementById('sql-status').textContent = '';
      document.getElementById('sql-run').click();
      return performance.now();
    });
    await sqlPage.waitForFunction(isResult, null, { polling: 'raf', timeout: 120_000 });
    warm.push((await sqlPage.evaluate(() => performance.now())) - t0);
    await sqlContext.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`);
const cpu = os.cpus();
const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${os.type()} ${os.release()}, ${path.basename(executable)} headless, the site served on 127.0.0.1`;
const kb = (n: number) => `${(n / 1000).toFixed(0)} KB`;
const load = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(', ');
const report = [
  `Measured by \`make bench-site\` on ${machine}; medians of ${RUNS} runs, each in a fresh browser context (nothing cached); load average ${load} when it ended.`,
  '',
  mdTable(
    ['measure', 'result', 'target'],
    [
      [
        'first load: the files the page requests until it is ready, without the wasm, as gzip sends them',
        kb(median(firstLoad)),
        'at most 200 KB',
      ],
      [
        'time to the first table row in the viewport (navigation → row drawn, 1400 × 900)',
        ms(median(table)),
        'at most 500 ms',
      ],
      [
        'time to a first query (navigation to a ?view=sql&sql=… link → result: DuckDB-WASM loaded, database attached, query run)',
        ms(median(query)),
        'at most 2.5 s',
      ],
      ['a second query', ms(median(warm)), ''],
      [
        'the whole site without the wasm (adds the DuckDB-WASM worker, the database and the table files)',
        `${mb(bytes(rest))} (${mb(gzipped(rest))} gzipped)`,
        '',
      ],
      ['the whole site with the wasm', `${mb(bytes(all))} (${mb(gzipped(all))} gzipped)`, ''],
    ],
  ),
].join('\n');
process.stdout.write(`${report}\n`);
if (!values['no-readme']) {
  const page = path.join(ROOT, 'docs', 'maintainers', 'explorer-performance.md');
  writeFileSync(
    page,
    replaceSection(
      readFileSync(page, 'utf8'),
      'explorer-performance',
      report,
      'docs/maintainers/explorer-performance.md',
    ),
  );
  process.stderr.write('bench-site: docs/maintainers/explorer-performance.md updated\n');
}
