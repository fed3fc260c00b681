// The data explorer in a real browser: out/site/ served on 127.0.0.1 under a sub-path (as GitHub Pages serves
// it) with the MIME types a web server sends, driven in headless Chromium by playwright-core. Expected values come
// from the site's data.json, the golden query results and the project's own SQL runner, not from the page.
// Under CI the tests run or fail, never skip; without Chromium elsewhere they skip with one line saying why.

import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteData } from '../../pipelines/lib/site/data.ts';
import { chromiumPath, INSTALL_HINT, launchChromium } from '../../pipelines/lib/site/chromium.ts';
import { serveSite, type SiteServer } from '../../pipelines/lib/site/serve.ts';
import { pipeline } from '../helpers/commands.ts';
import { GOLDEN, ROOT } from '../helpers/project.ts';

// Code passed to page.evaluate runs in the page; the DOM lib stays out of this Node program (it would retype fetch).
declare const document: any, window: any;

const SITE = path.join(ROOT, 'out', 'site');
const SHOTS = path.join(ROOT, 'test-results', 'explorer');
const CHROMIUM = chromiumPath();
const run = CHROMIUM !== undefined || Boolean(process.env.CI);
if (!run) console.log(`explorer browser tests skipped: no Chromium found; ${INSTALL_HINT}.`);

type Row = Record<string, unknown>;
const rows = (data: SiteData, name: string): Row[] => {
  const t = data.tables.find((x) => x.name === name)!;
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c.name, r[i]])));
};

describe.skipIf(!run)('the data explorer in headless Chromium', () => {
  let server: SiteServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let data: SiteData;
  const external: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error(`No Chromium under CI: ${INSTALL_HINT}.`);
    if (!existsSync(path.join(SITE, 'index.html'))) throw new Error('out/site/ is missing: run `make site` (make test builds it).');
    data = JSON.parse(readFileSync(path.join(SITE, 'data.json'), 'utf8')) as SiteData;
    mkdirSync(SHOTS, { recursive: true });
    server = await serveSite(SITE);
    browser = await launchChromium(CHROMIUM);
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    context.on('request', (r) => { if (!r.url().startsWith('http://127.0.0.1:') && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) external.push(r.url()); });
    page = await newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(): Promise<Page> {
    const p = await context.newPage();
    p.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    p.on('pageerror', (e) => consoleErrors.push(e.message));
    return p;
  }

  async function open(p: Page, query = ''): Promise<void> {
    await p.goto(server.url + query);
    await p.waitForSelector('body[data-ready="true"]');
  }

  const modelRows = () => page.locator('#data-table tbody tr');
  const shownRowKeys = () => modelRows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row')));

  /** The text of the file a click on a download link gives. */
  async function downloaded(selector: string): Promise<string> {
    const download = page.waitForEvent('download');
    await page.click(selector);
    return readFileSync(await (await download).path(), 'utf8');
  }

  it('shows the 23 models from the sub-path, every request under it', async () => {
    await open(page);
    await expect.poll(() => modelRows().count()).toBe(23);
    expect(rows(data, 'models')).toHaveLength(23);
    expect(await page.textContent('#row-count')).toBe('23 of 23 rows');
    expect(server.requests.every((r) => r.startsWith('/large-model-ecosystem/'))).toBe(true);
    // The tables appear without DuckDB-WASM.
    expect(server.requests.some((r) => r.includes('duckdb'))).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'overview.png') });
  });

  it('keeps wide tables inside their own scrolling box: the page itself never scrolls sideways', async () => {
    await open(page, '?table=models#tables');
    await expect.poll(() => modelRows().count()).toBe(23);
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll).toBeLessThanOrEqual(client);
  });

  it('cites every source from the parts it has: no "null" for a dataset without journal or DOI', async () => {
    await open(page);
    const cites = await page.locator('#overview ul.sources > li').allTextContents();
    expect(cites).toHaveLength(rows(data, 'sources').length);
    for (const c of cites) expect(c).not.toMatch(/\bnull\b|undefined/);
    expect(cites.join('\n')).toContain('Parameter, Compute and Data Trends in Machine Learning');
    // An address in brackets or at the end of a sentence links without the bracket or full stop after it.
    const links = await page.locator('#overview ul.sources a').evaluateAll((as: any[]) => as.map((a) => a.getAttribute('href')));
    expect(links).toContain('https://creativecommons.org/licenses/by/4.0/');
    for (const l of links) expect(l).not.toMatch(/[).]$/);
  });

  it('filters by column and searches all columns', async () => {
    const openai = rows(data, 'models').filter((m) => m.organisation === 'OpenAI');
    await page.fill('input.filter[data-column="organisation"]', 'OpenAI');
    await expect.poll(() => modelRows().count()).toBe(openai.length);
    expect(await page.locator('#data-table tbody tr[data-row]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row')))).toEqual(openai.map((m) => m.model_id));
    await page.fill('input.filter[data-column="organisation"]', '');
    await page.fill('#table-search', 'NULL');
    const nulls = rows(data, 'models').filter((m) => Object.values(m).some((v) => v === null));
    await expect.poll(() => modelRows().count()).toBe(nulls.length);
    await page.fill('#table-search', '');
    await expect.poll(() => modelRows().count()).toBe(23);
  });

  it('sorts either way with NULLs last and equal values in the table\'s order', async () => {
    const models = rows(data, 'models');
    // What the parameters column sorts by: the count, or its lower bound where the paper printed a range.
    const count = (m: Row) => (m.parameters ?? m.parameters_low ?? null) as number | null;
    const known = models.filter((m) => count(m) !== null);
    const unknown = models.filter((m) => count(m) === null).map((m) => m.model_id);
    // The data has both NULLs and ties (several models of 100 billion parameters), or this would prove little.
    expect(unknown.length).toBeGreaterThan(0);
    expect(new Set(known.map(count)).size).toBeLessThan(known.length);
    // Array.prototype.sort is stable, so ties keep the table's order here too.
    const ascending = [...known].sort((a, b) => count(a)! - count(b)!).map((m) => m.model_id);
    const descending = [...known].sort((a, b) => count(b)! - count(a)!).map((m) => m.model_id);
    await open(page, '?table=models&sort=parameters');
    expect(await shownRowKeys()).toEqual([...ascending, ...unknown]);
    await open(page, '?table=models&sort=parameters&desc=1');
    expect(await shownRowKeys()).toEqual([...descending, ...unknown]);
    await open(page);
  });

  it('downloads every table as CSV with the bytes of its file in out/csv/', async () => {
    const files = readdirSync(path.join(ROOT, 'out', 'csv')).map((f) => f.replace(/\.csv$/, '')).sort();
    expect(data.tables.map((t) => t.name).sort()).toEqual(files);
    for (const t of data.tables) {
      await page.click(`.table-picker button[data-table="${t.name}"]`);
      expect(await downloaded('#table-csv'), t.name).toBe(readFileSync(path.join(ROOT, 'out', 'csv', `${t.name}.csv`), 'utf8'));
    }
    await page.click('.table-picker button[data-table="models"]');
  });

  it('shows NULL as NULL, and a quantity as printed beside its normalised value and bounds', async () => {
    const llama = rows(data, 'models').find((m) => m.parameters === null && m.parameters_low !== null)!;
    const cell = page.locator(`#data-table tr[data-row="${llama.model_id}"] button[data-column="parameters"]`);
    const shown = await cell.textContent();
    expect(shown).toContain(String(llama.parameters_raw));
    expect(shown).toContain('NULL');
    expect(shown).toContain(Number(llama.parameters_low).toLocaleString('en-US'));
    expect(shown).toContain(Number(llama.parameters_high).toLocaleString('en-US'));
  });

  it('switches the bilingual columns between 中文 and English, Chinese tagged zh-Hans', async () => {
    const first = rows(data, 'models')[0]!;
    const category = page.locator(`#data-table tr[data-row="${first.model_id}"] td`).nth(4);
    expect(await category.textContent()).toContain(String(first.category_raw));
    expect(await category.locator('[lang="zh-Hans"]').count()).toBeGreaterThan(0);
    await page.click('#lang-switch button[data-lang="en"]');
    expect(await category.textContent()).toContain(String(first.category_en));
    expect(await category.textContent()).not.toContain(String(first.category_raw));
    expect(page.url()).toContain('lang=en');
    await page.click('#lang-switch button[data-lang="zh"]');
    expect(await category.textContent()).toContain(String(first.category_raw));
  });

  it('marks only the Chinese of an English text as zh-Hans (the overview cites the paper by its Chinese title)', async () => {
    await open(page);
    const intro = page.locator('#overview > p').first();
    const marked = await intro.locator('[lang="zh-Hans"]').allTextContents();
    expect(marked.length).toBeGreaterThan(0);
    // every marked run is Chinese only; the English around it stays in the page's language
    for (const m of marked) expect(m).not.toMatch(/[A-Za-z]/);
    expect(await intro.evaluate((el: any) => el.closest('[lang]')?.getAttribute('lang'))).toBe('en');
  });

  const paperTables = () => rows(data, 'source_tables').map((t) => ({ name: String(t.dataset_table), no: Number(t.table_no) }));

  it('has the four tables of the paper', () => {
    expect(paperTables().map((t) => t.no)).toEqual([1, 2, 3, 4]);
  });

  it.each([1, 2, 3, 4])('highlights the source lines of a value of 表%i in the paper pane', async (no) => {
    const table = paperTables().find((t) => t.no === no)!;
    const cells = rows(data, 'cells').filter((c) => c.table_no === no);
    // A cell that wraps over several lines when there is one, in the table's last row: the hardest to scroll to.
    const last = Math.max(...cells.map((c) => Number(c.row_no)));
    const cell = cells.filter((c) => c.row_no === last).sort((a, b) => Number(b.line_last) - Number(b.line_first) - (Number(a.line_last) - Number(a.line_first)))[0]!;
    const t = data.tables.find((x) => x.name === table.name)!;
    const key = t.primaryKey.filter((k) => k !== 'source_id')[0]!;
    const row = rows(data, table.name).find((r) => r.row_no === last)!;
    await page.click(`.table-picker button[data-table="${table.name}"]`);
    await page.click(`#data-table button.cell[data-row="${row[key]}"][data-column="${cell.column_name}"]`);
    const lines = await page.locator('.paper-text li.hl').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('value'))));
    const expected = Array.from({ length: Number(cell.line_last) - Number(cell.line_first) + 1 }, (_, i) => Number(cell.line_first) + i);
    expect(lines).toEqual(expected);
    // The highlighted text is the cell's text, and the pane shows it.
    const highlighted = (await page.locator('.paper-text li.hl').allTextContents()).join('');
    expect(highlighted.replace(/\s/g, '')).toContain(String(cell.text).replace(/\s/g, '').slice(0, 12));
    const pane = (await page.locator('.paper-text').boundingBox())!;
    const line = (await page.locator('.paper-text li.hl').first().boundingBox())!;
    expect(line.y).toBeGreaterThanOrEqual(pane.y);
    expect(line.y + line.height).toBeLessThanOrEqual(pane.y + pane.height);
    expect(await page.textContent('.paper .attribution')).toContain('CC BY 4.0');
    await page.screenshot({ path: path.join(SHOTS, `provenance-table-${no}.png`) });
  });

  it('marks a flagged value and shows its annotation: severity, kind, note, references as links', async () => {
    const a = rows(data, 'annotations').find((x) => x.table_name === 'models' && x.row_id !== null && x.column_name === 'parameters' && x.severity !== 'info' && x.reference_urls)!;
    await page.click('.table-picker button[data-table="models"]');
    const cell = page.locator(`#data-table button.cell[data-row="${a.row_id}"][data-column="parameters"]`);
    expect(await cell.locator('.flag').count()).toBe(1);
    await cell.click();
    const inspector = page.locator('#inspector');
    const item = inspector.locator('li.annotation', { hasText: String(a.kind) }).first();
    expect(await item.locator('.badge').textContent()).toBe(a.severity);
    expect(await item.textContent()).toContain(String(a.note_zh ?? a.note_en));
    const hrefs = await item.locator('.refs a').evaluateAll((as) => as.map((x) => x.getAttribute('href')));
    expect(hrefs).toEqual(String(a.reference_urls).split(/\s+/).filter(Boolean));
    await page.click('#lang-switch button[data-lang="en"]');
    expect(await inspector.textContent()).toContain(String(a.note_en));
    await page.click('#lang-switch button[data-lang="zh"]');
    await page.locator('#inspector').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'explorer.png') });
  });

  it('draws one mark per model with a parameter count, and says the same in text', async () => {
    const counted = rows(data, 'models').filter((m) => m.parameters_kind !== 'not_reported');
    const missing = rows(data, 'models').length - counted.length;
    expect(await page.locator('#parameter-chart svg g.parameters circle').count()).toBe(counted.length);
    expect(await page.locator('#parameter-chart .chart-text li').count()).toBe(counted.length);
    expect(await page.textContent('#parameter-chart')).toContain(`Models without a parameter count (${missing})`);
    expect(await page.locator('#parameter-chart svg[aria-label^="Parameter counts"]').count()).toBe(1);
    await page.locator('#parameter-chart').screenshot({ path: path.join(SHOTS, 'parameter-chart.png') });
  });

  it("plots the paper's count against Epoch AI's for each matched model, once the comparison exists", async () => {
    const view = data.tables.find((t) => t.name === 'models_vs_epoch_ai');
    if (!view) {
      expect(await page.locator('#epoch-chart').count()).toBe(0);
      return;
    }
    const names = view.columns.map((c) => c.name);
    const paper = names.find((n) => /^(paper_)?parameters$|^parameters_paper$/.test(n))!;
    const epoch = names.find((n) => /epoch.*parameters|parameters.*epoch/.test(n))!;
    const both = rows(data, view.name).filter((r) => r[paper] && r[epoch]);
    expect(await page.locator('#epoch-chart svg g.models circle').count()).toBe(both.length);
    await page.locator('#epoch-chart').screenshot({ path: path.join(SHOTS, 'epoch-chart.png') });
  });

  const status = () => page.textContent('#sql-status');
  async function waitForQuery(): Promise<void> {
    await page.waitForFunction(() => /rows? in \d+ ms|failed|could not/.test(document.getElementById('sql-status')?.textContent ?? ''), null, { timeout: 110_000 });
  }
  async function runQuery(sql: string): Promise<void> {
    await page.fill('#sql-input', sql);
    await page.click('#sql-run');
    await waitForQuery();
  }
  const resultCells = () => page.locator('#sql-table tbody td').allTextContents();
  const resultRows = () => page.locator('#sql-table tbody tr').count();

  it('runs a preset query on DuckDB-WASM with the golden result, downloadable as CSV', async () => {
    await page.click('button.preset[data-query="queries/largest_models.sql"]');
    await waitForQuery();
    expect(await page.textContent('#sql-error')).toBe('');
    expect(await status()).toMatch(/^10 rows in/);
    expect(await downloaded('#sql-csv')).toBe(readFileSync(path.join(GOLDEN, 'queries', 'largest_models.csv'), 'utf8'));
  });

  it('runs a typed query, formatting BIGINT exactly', async () => {
    const models = rows(data, 'models');
    const largest = Math.max(...models.map((m) => Number(m.parameters ?? 0)));
    await page.fill('#sql-input', 'SELECT count(*) AS n, max(parameters) AS largest FROM models');
    await page.click('#sql-run');
    await waitForQuery();
    expect(await page.locator('#sql-table tbody td').allTextContents()).toEqual([String(models.length), largest.toLocaleString('en-US')]);
  });

  it('shows DECIMAL and DATE as the SQL runner prints them, in the table and the CSV download', async () => {
    const sql = "SELECT model_en, parameters * 1.5 AS x, round(3.14159, 2) AS pi, DATE '2024-03-01' AS d FROM models WHERE row_no = 1";
    const expected = (await pipeline('sql.ts', ['--csv', sql])).stdout;
    expect(expected).toBe('model_en,x,pi,d\nGPT-3,262500000000.0,3.14,2024-03-01\n');
    await runQuery(sql);
    expect(await resultCells()).toEqual(['GPT-3', '262500000000.0', '3.14', '2024-03-01']);
    expect(await downloaded('#sql-csv')).toBe(expected);
  });

  it('shows DECIMAL, DATE, TIMESTAMP, TIME, INTERVAL and BLOB as DuckDB itself casts them to text', async () => {
    // Each value beside DuckDB-WASM's own VARCHAR of it, edge cases included: negative and wide decimals, years BC
    // and past 9999, infinity, every timestamp unit, a time zone, negative and mixed intervals, escaped bytes.
    const values = [
      '0.5', '-0.05::DECIMAL(4,2)', '0::DECIMAL(5,3)', '123.456::DECIMAL(38,10)', "'-12345678901234567.89'::DECIMAL(19,2)",
      '-170141183460469231731687303715884105727::HUGEINT',
      "DATE '2024-03-01'", "DATE '1969-12-31'", "DATE '-0044-03-15'", "DATE '12345-01-01'", "DATE 'infinity'", "DATE '-infinity'",
      "TIMESTAMP '2024-03-01 12:34:56.789'", "TIMESTAMP '1969-12-31 23:59:59.999999'", "TIMESTAMP_S '2024-01-01 00:00:01'",
      "TIMESTAMP_MS '2024-01-01 00:00:01.5'", "TIMESTAMP_NS '2024-01-01 00:00:01.1234567'", "TIMESTAMP '-0001-06-30 08:00:00'",
      "TIMESTAMP 'infinity'", "TIMESTAMP '-infinity'", "TIMESTAMPTZ '2024-03-01 12:00:00+02'",
      "TIME '12:00:00'", "TIME '00:00:00.000001'", "TIME '23:59:59.5'", "TIME '24:00:00'",
      'INTERVAL 3 DAY', "INTERVAL '1 year 2 months 3 days 04:05:06.5'", "INTERVAL '-1 day'", "INTERVAL '-13 months'",
      "INTERVAL '1 day -2 hours'", "INTERVAL '100 hours'", "INTERVAL '0 seconds'", "INTERVAL '-1.5 seconds'", "INTERVAL '1 month'",
      "'abc'::BLOB", "'\\xAB\\x00a\\x5C''\"~ \\x7F'::BLOB", "''::BLOB", 'NULL::DATE',
    ];
    await runQuery(`SELECT ${values.map((v, i) => `${v} AS v${i}, (${v})::VARCHAR AS t${i}`).join(', ')}`);
    expect(await page.locator('#sql-error').isHidden()).toBe(true);
    const cells = await resultCells();
    const pairs = (fields: string[]) => values.map((v, i) => [v, fields[2 * i + 1]]);
    expect(values.map((v, i) => [v, cells[2 * i]])).toEqual(pairs(cells));
    expect(cells.slice(0, 4)).toEqual(['0.5', '0.5', '-0.05', '-0.05']);
    // The CSV the same, NULL empty and an empty BLOB "" (no value here holds a comma).
    const fields = (await downloaded('#sql-csv')).split('\n')[1]!.split(',');
    expect(values.map((v, i) => [v, fields[2 * i]])).toEqual(pairs(fields));
  });

  it('draws at most 1,000 rows, says so, and puts the whole result in the CSV download', async () => {
    expect(await page.textContent('#sql-limits')).toContain('first 1,000 rows of a result, the CSV download up to 100,000');
    await runQuery('SELECT range AS i FROM range(1500)');
    expect(await status()).toMatch(/^1,500 rows in \d+ ms\. The table shows the first 1,000; the CSV download holds all 1,500\.$/);
    expect(await resultRows()).toBe(1000);
    expect(await page.locator('#sql-table tbody tr').last().textContent()).toBe('999');
    expect(await downloaded('#sql-csv')).toBe(['i', ...Array.from({ length: 1500 }, (_, i) => String(i))].join('\n') + '\n');
  });

  it('stops reading a result at 100,000 rows and says it was cut, however large; the next query runs', async () => {
    // 150,000 rows overflowed the call stack when every row was one argument; 20 million crashed the tab. SQL of
    // several statements is read as a stream, and stopped the same way.
    for (const sql of ['SELECT range AS i FROM range(150000)', 'SELECT * FROM range(20000000)', 'SELECT 1; SELECT * FROM range(20000000)']) {
      await runQuery(sql);
      expect(await page.locator('#sql-error').isHidden(), sql).toBe(true);
      expect(await status(), sql).toMatch(/^100,000 rows in \d+ ms, where reading stopped: the result has more rows than 100,000\. The table shows the first 1,000; the CSV download holds the 100,000 read\./);
      expect(await resultRows()).toBe(1000);
      const lines = (await downloaded('#sql-csv')).split('\n');
      expect([lines.length, lines[1], lines.at(-2)]).toEqual([100_002, '0', '99999']);
    }
    await runQuery('SELECT range AS i FROM range(100000)');
    expect(await status()).toMatch(/^100,000 rows in \d+ ms\. The table shows the first 1,000; the CSV download holds all 100,000\.$/);
    await runQuery('SELECT 40 + 2 AS answer');
    expect(await resultCells()).toEqual(['42']);
  });

  it('shows ENUM values, and refuses rather than blanks them where DuckDB-WASM cannot read them', async () => {
    const kinds = rows(data, 'models').map((m) => m.parameters_kind);
    await runQuery('SELECT parameters_kind FROM models ORDER BY row_no;');
    expect(await resultCells()).toEqual(kinds);
    // Several statements are streamed, and DuckDB-WASM's stream drops ENUM values (duckdb/duckdb-wasm#1548).
    await runQuery('SELECT 1; SELECT parameters_kind FROM models ORDER BY row_no');
    expect(await page.textContent('#sql-error')).toMatch(/^parameters_kind: the values of an ENUM column cannot be shown .* cast the column to VARCHAR\.$/);
    await runQuery('SELECT 1; SELECT parameters_kind::VARCHAR AS kind FROM models ORDER BY row_no');
    expect(await resultCells()).toEqual(kinds);
    // One query that ends as a .sql file may (a semicolon, then comments) is still one query, its ENUMs shown.
    await runQuery(';SELECT parameters_kind FROM models ORDER BY row_no -- by row\n;\n-- end of file\n');
    expect(await resultCells()).toEqual(kinds);
    // An ENUM inside a list or struct is refused too when streamed (it was blanked).
    for (const sql of ['SELECT 1; SELECT list(parameters_kind) AS l FROM models', "SELECT 1; SELECT {'k': parameters_kind} AS s FROM models"]) {
      await runQuery(sql);
      expect(await page.textContent('#sql-error'), sql).toMatch(/^[ls]: the values of an ENUM column cannot be shown /);
    }
  });

  it("shows DuckDB's error for a bad query, and refuses writes and external files", async () => {
    await page.fill('#sql-input', 'SELEC 1');
    await page.click('#sql-run');
    await waitForQuery();
    expect(await page.textContent('#sql-error')).toContain('Parser Error: syntax error at or near "SELEC"');
    await page.fill('#sql-input', 'DELETE FROM models');
    await page.click('#sql-run');
    await waitForQuery();
    expect(await page.textContent('#sql-error')).toContain('read-only');
    await page.fill('#sql-input', "SELECT * FROM read_csv('http://example.com/x.csv')");
    await page.click('#sql-run');
    await waitForQuery();
    expect(await page.textContent('#sql-error')).toContain('Permission Error');
    await page.locator('#sql').screenshot({ path: path.join(SHOTS, 'sql-console.png') });
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    await page.addScriptTag({ path: path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
    const violations = await page.evaluate(async () => {
      const r = await (window.axe as { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> }).run();
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect(violations).toEqual([]);
  });

  it('reaches the tables and the SQL console by keyboard alone', async () => {
    const p = await newPage();
    await open(p);
    const tabUntil = async (test: string, limit: number) => {
      for (let i = 0; i < limit; i++) {
        await p.keyboard.press('Tab');
        if (await p.evaluate((sel) => document.activeElement?.matches(sel) ?? false, test)) return true;
      }
      return false;
    };
    expect(await tabUntil('nav a[href="#tables"]', 10)).toBe(true);
    await p.keyboard.press('Enter');
    expect(await tabUntil('#data-table button.cell', 150)).toBe(true);
    await p.keyboard.press('Enter');
    expect(await p.locator('.paper-text li.hl').count()).toBeGreaterThan(0);
    await open(p);
    expect(await tabUntil('nav a[href="#sql"]', 10)).toBe(true);
    await p.keyboard.press('Enter');
    expect(await tabUntil('#sql-input', 20)).toBe(true);
    await p.keyboard.press('Control+A');
    await p.keyboard.type('SELECT 40 + 2 AS answer');
    await p.keyboard.press('Control+Enter');
    await p.waitForFunction(() => /rows? in \d+ ms|failed/.test(document.getElementById('sql-status')?.textContent ?? ''), null, { timeout: 110_000 });
    expect(await p.locator('#sql-table tbody td').allTextContents()).toEqual(['42']);
    await p.close();
  });

  it('sent no request beyond 127.0.0.1 and logged no console error', () => {
    expect(external).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('says to serve the folder over HTTP when index.html is opened as a file', async () => {
    // A context of its own: the file:// requests and the refused module script are this test's, not the others'.
    const own = await browser.newContext();
    try {
      const p = await own.newPage();
      await p.goto(pathToFileURL(path.join(SITE, 'index.html')).href);
      const alert = p.locator('#main [role="alert"]');
      await expect.poll(() => alert.isVisible()).toBe(true);
      expect(await alert.textContent()).toMatch(/served over HTTP[\s\S]*python3 -m http\.server/);
      expect(await p.locator('#loading').isVisible()).toBe(false);
    } finally {
      await own.close();
    }
  });

  it('reports a .wasm served with the wrong type instead of hanging', async () => {
    const wrong = await serveSite(SITE, '/large-model-ecosystem/', { '.wasm': 'application/octet-stream' });
    const p = await context.newPage();
    try {
      await p.goto(`${wrong.url}#sql`);
      await p.waitForSelector('body[data-ready="true"]');
      await p.click('#sql-run');
      await p.waitForFunction(() => !document.getElementById('sql-error').hidden, null, { timeout: 60_000 });
      expect(await p.textContent('#sql-error')).toContain('application/wasm');
    } finally {
      await p.close();
      await wrong.close();
    }
  });
});
