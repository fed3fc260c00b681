// The data explorer in a real browser: out/site/ served on 127.0.0.1 under a sub-path (as GitHub Pages serves it)
// with the MIME types a web server sends, driven in headless Chromium by playwright-core. Expected values come from
// the site's data.json, the files in out/, the golden query results and the project's own SQL runner, not from the
// page. One browser for the file, and two pages its tests share: the data views' (`shared`: each test reaches its
// state through the address, as Back and Forward do, a view costing about a tenth of a page load) and the SQL
// console's (`sharedConsole`: DuckDB-WASM starts once, the page opened from a link to a query). A test opens a fresh
// page only where a fresh load is what it shows: the first screen, the language remembered across loads, a phone,
// file://, a wrong .wasm type.
// Each waits for what it needs (a selector, a count, a download registered before its click), never for time, and
// ends by checking that its pages sent no request beyond 127.0.0.1 and logged no console error.
// Under CI the tests run or fail, never skip; without Chromium elsewhere they skip with one line saying why.

import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SiteData } from '../../pipelines/lib/site/data.ts';
import { chromiumPath, INSTALL_HINT, launchChromium } from '../../pipelines/lib/site/chromium.ts';
import { serveSite, type SiteServer } from '../../pipelines/lib/site/serve.ts';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { tableSelectSql } from '../../pipelines/lib/table-json.ts';
import { pipeline } from '../helpers/commands.ts';
import { GOLDEN, ROOT } from '../helpers/project.ts';

// Code passed to page.evaluate runs in the page; the DOM lib stays out of this Node program (it would retype fetch).
// biome-ignore lint/suspicious/noExplicitAny: the page's globals, untyped here for that reason
declare const document: any, window: any, navigator: any;

const SITE = path.join(ROOT, 'out', 'site');
const SHOTS = path.join(ROOT, 'test-results', 'explorer');
const CHROMIUM = chromiumPath();
const run = CHROMIUM !== undefined || Boolean(process.env.CI);
if (!run) console.log(`explorer browser tests skipped: no Chromium found; ${INSTALL_HINT}.`);

type Row = Record<string, unknown>;
const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };
const CLIPBOARD = ['clipboard-read', 'clipboard-write'];

describe.skipIf(!run)('the data explorer in headless Chromium', () => {
  let server: SiteServer;
  let browser: Browser;
  let data: SiteData;
  type Watched = { context: BrowserContext; external: string[]; errors: string[] };
  /** The contexts this test opened, with what their pages did that no test wants. */
  let opened: Watched[] = [];
  /** The contexts of the pages tests share (shared, sharedConsole), open until the browser closes. */
  const kept: Watched[] = [];

  const rows = (name: string): Row[] => {
    const t = data.tables.find((x) => x.name === name)!;
    return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c.name, r[i]])));
  };

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error(`No Chromium under CI: ${INSTALL_HINT}.`);
    if (!existsSync(path.join(SITE, 'index.html')))
      throw new Error('out/site/ is missing: run `make site` (make test builds it).');
    data = JSON.parse(readFileSync(path.join(SITE, 'data.json'), 'utf8')) as SiteData;
    mkdirSync(SHOTS, { recursive: true });
    server = await serveSite(SITE);
    browser = await launchChromium(CHROMIUM);
  });

  afterEach(async () => {
    const these = opened;
    opened = [];
    for (const o of these) await o.context.close();
    // A kept context's findings are this test's: read and cleared.
    for (const o of [...these, ...kept]) {
      expect(o.external.splice(0), 'requests beyond 127.0.0.1').toEqual([]);
      expect(o.errors.splice(0), 'console errors').toEqual([]);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newContext(options: BrowserContextOptions = {}, keep = false): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', acceptDownloads: true, ...options });
    const o = { context, external: [] as string[], errors: [] as string[] };
    context.on('request', (r) => {
      if (!/^(http:\/\/127\.0\.0\.1:|blob:|data:)/.test(r.url())) o.external.push(r.url());
    });
    context.on('page', (p) => {
      p.on('console', (m) => {
        if (m.type() === 'error') o.errors.push(m.text());
      });
      p.on('pageerror', (e) => o.errors.push(e.message));
    });
    (keep ? kept : opened).push(o);
    return context;
  }

  /** A fresh page at the site's address plus `query`, once the page says it is ready. */
  async function open(
    query = '?lang=en',
    options: BrowserContextOptions = {},
    context?: BrowserContext,
  ): Promise<Page> {
    const page = await (context ?? (await newContext(options))).newPage();
    await page.goto(server.url + query);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  }

  /** The page at its address plus `query`, reached as Back and Forward reach it: the address changed, then popstate. */
  const visit = (page: Page, query: string) =>
    page.evaluate((q) => {
      window.history.pushState(null, '', q);
      window.dispatchEvent(new window.PopStateEvent('popstate'));
    }, query);

  /**
   * The page the data views' tests share (desktop, clipboard allowed), opened once: a fresh page costs about 1.3 s of
   * Chromium's CPU (its scripts compiled, data.json fetched and parsed), a view reached through the address about
   * 0.2 s. Each test reaches its state as Back and Forward reach it (`visit`), after undoing what a test before it may
   * have left outside the address: the language remembered, an open menu, the focus and where Tab starts, the page's
   * scroll.
   */
  let dataPage: Page | undefined;
  async function shared(query = '?lang=en'): Promise<Page> {
    dataPage ??= await open('?lang=en', {}, await newContext({ permissions: CLIPBOARD }, true));
    await dataPage.evaluate(() => {
      window.localStorage.clear();
      for (const menu of document.querySelectorAll('details.menu')) menu.open = false;
      // No focus, and Tab starting from the top of the page as on a fresh load (blur alone leaves Chromium's
      // sequential focus starting point where the focus was).
      document.body.tabIndex = -1;
      document.body.focus();
      document.body.removeAttribute('tabindex');
      document.body.blur();
      for (const copied of document.querySelectorAll('[data-copied]')) delete copied.dataset.copied;
      window.scrollTo(0, 0);
    });
    await visit(dataPage, query);
    return dataPage;
  }

  const gridRows = (page: Page) => page.locator('#data-table tbody tr');
  const rowKeys = (page: Page) => gridRows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row')));
  const cell = (page: Page, row: string, column: string) =>
    page.locator(`#data-table tr[data-row="${row}"] td[data-column="${column}"]`);
  const headers = (page: Page) => page.locator('#data-table thead th').allTextContents();
  const label = (s: string) => s.replace(/[▲▼]/g, '').trim();

  /** The file a click gives, the download registered before the click. */
  async function downloaded(page: Page, selector: string): Promise<Buffer> {
    const download = page.waitForEvent('download');
    await page.click(selector);
    return readFileSync(await (await download).path());
  }

  // --- the first screen ---

  // A fresh load: the first screen is what a reader opening the link sees, and what it fetches is this page's alone.
  it('opens on the models table inside the first screen, from the sub-path, without DuckDB-WASM', async () => {
    const from = server.requests.length;
    const page = await open();
    await expect.poll(() => gridRows(page).count()).toBe(rows('models').length);
    const first = (await gridRows(page).first().boundingBox())!;
    expect(first.y + first.height).toBeLessThanOrEqual(DESKTOP.height);
    expect(await page.textContent('#row-count')).toBe(`${rows('models').length} of ${rows('models').length} rows`);
    const requests = server.requests.slice(from);
    expect(requests).toContain('/large-model-ecosystem/data.json');
    expect(requests.every((r) => r.startsWith('/large-model-ecosystem/'))).toBe(true);
    expect(requests.some((r) => r.includes('duckdb'))).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'first-screen.png') });
  });

  it('shows the columns that matter, the first frozen while the grid scrolls sideways, and any column on request', async () => {
    const page = await shared();
    expect((await headers(page)).map(label)).toEqual([
      'Model',
      'Organisation',
      'Category',
      'Parameters',
      'Training data',
      'Open source',
      'Notes',
    ]);
    await page.click('#column-chooser summary');
    await page.click('#column-chooser button[data-focus="cols:all"]');
    await expect
      .poll(() => page.locator('#data-table thead th').count())
      .toBe(Number(/of (\d+)/.exec((await page.textContent('#column-chooser summary'))!)![1]));
    expect(page.url()).toContain('cols=model%2Corganisation%2C');
    const grid = page.locator('.grid').first();
    expect(
      await grid.evaluate((g: { scrollWidth: number; clientWidth: number }) => g.scrollWidth > g.clientWidth),
    ).toBe(true);
    await grid.evaluate((g: { scrollLeft: number }) => {
      g.scrollLeft = 400;
    });
    await expect.poll(() => grid.evaluate((g: { scrollLeft: number }) => g.scrollLeft)).toBeGreaterThan(0);
    const [box, frozen] = [(await grid.boundingBox())!, (await cell(page, 'gpt-3', 'model').boundingBox())!];
    expect(Math.abs(frozen.x - box.x)).toBeLessThanOrEqual(2);
    // One column less, by its box; the default again.
    await page.click('#column-chooser input[data-column="organisation_id"]');
    await expect.poll(() => page.locator('#data-table th[data-column="organisation_id"]').count()).toBe(0);
    await page.click('#column-chooser button[data-focus="cols:default"]');
    await expect.poll(() => page.locator('#data-table thead th').count()).toBe(7);
    expect(page.url()).not.toContain('cols=');
  });

  it("writes counts in the reader's units, the exact count on hover and in the pane", async () => {
    const page = await shared('?lang=en&table=models');
    const gpt3 = rows('models').find((m) => m.model_id === 'gpt-3')!;
    expect(gpt3.parameters).toBe(175e9);
    expect(await cell(page, 'gpt-3', 'parameters').textContent()).toContain('175 B');
    expect(await cell(page, 'gpt-3', 'parameters').getAttribute('title')).toContain('175,000,000,000');
    expect(await cell(page, 'gpt-3', 'training_data').textContent()).toContain('45 TB');
    const llama = rows('models').find(
      (m) => m.parameters === null && m.parameters_low !== null && m.parameters_kind === 'range',
    )!;
    expect(await cell(page, String(llama.model_id), 'parameters').textContent()).toContain('7 B – 65 B');
    await cell(page, 'gpt-3', 'parameters').click();
    await expect.poll(() => page.locator('#pane .facts').textContent()).toContain('175,000,000,000');
    expect(await page.textContent('#pane .facts')).toContain(String(gpt3.parameters_raw));
    await page.click('#lang-switch button[data-lang="zh"]');
    await expect.poll(() => cell(page, 'gpt-3', 'parameters').textContent()).toContain('1750 亿');
  });

  it('reads without jargon: "not reported", words for kinds, yes and no, no arrow to NULL', async () => {
    const page = await shared();
    const text = (await page.locator('#data-table tbody').textContent())!;
    expect(text).toContain('not reported');
    expect(text).not.toMatch(/not_reported|order_of_magnitude|→|NULL|true|false/);
  });

  it('marks notes with a shape per severity, and a legend says which', async () => {
    const page = await shared();
    const legend = (await page.textContent('#flag-legend'))!;
    expect(legend).toMatch(/◆\s*error.*▲\s*warning.*●\s*info/);
    const notes = rows('annotations').filter((a) => a.table_name === 'models' && a.row_id !== null);
    for (const severity of ['error', 'warning', 'info']) {
      const a = notes.find(
        (x) =>
          x.severity === severity &&
          ['model', 'organisation', 'parameters', 'training_data', 'open_source'].includes(String(x.column_name)),
      )!;
      const column = String(a.column_name);
      const mark = cell(page, String(a.row_id), column).locator(`.mark-${severity}`);
      expect(await mark.count(), `${severity} on ${a.row_id}.${column}`).toBeGreaterThan(0);
    }
    expect(await page.locator('#data-table .mark-error').first().textContent()).toBe('◆');
    expect(await page.locator('#data-table .mark-warning').first().textContent()).toBe('▲');
  });

  // --- finding things ---

  it('filters by facets with counts, every choice in the URL', async () => {
    const page = await shared();
    const models = rows('models');
    const openai = models.filter((m) => m.organisation_id === 'openai');
    const facet = page.locator('#filters fieldset[data-facet="organisation_id"]');
    expect(await facet.locator('li', { hasText: 'OpenAI' }).locator('.n').textContent()).toBe(String(openai.length));
    await facet.locator('input[data-value="openai"]').click();
    await expect.poll(() => rowKeys(page)).toEqual(openai.map((m) => m.model_id));
    expect(page.url()).toContain('f.organisation_id=openai');
    // The country of the organisation, through the organisations table.
    const country = new Map(rows('organisations').map((o) => [o.organisation_id, o.country]));
    await facet.locator('input[data-value="openai"]').click();
    await page.locator('#filters fieldset[data-facet="country"] input[data-value="CN"]').click();
    await expect
      .poll(() => rowKeys(page))
      .toEqual(models.filter((m) => country.get(m.organisation_id) === 'CN').map((m) => m.model_id));
    // A second facet narrows the first: flagged models of Chinese organisations.
    await page.locator('#filters fieldset[data-facet="flagged"] input[data-value="true"]').click();
    await expect
      .poll(() => rowKeys(page))
      .toEqual(models.filter((m) => country.get(m.organisation_id) === 'CN' && m.flagged).map((m) => m.model_id));
    // The address alone gives the same rows: from the whole table, reached as Back and Forward reach it.
    const [link, narrowed] = [new URL(page.url()).search, await rowKeys(page)];
    await visit(page, '?lang=en');
    expect(await gridRows(page).count()).toBe(models.length);
    await visit(page, link);
    expect(await rowKeys(page)).toEqual(narrowed);
  });

  it('has a facet for every closed-set and boolean column of every table (a new one needs no change to the page)', async () => {
    const page = await shared();
    for (const t of data.tables) {
      await page.click(`.table-tabs [data-table="${t.name}"]`);
      await expect
        .poll(() => page.locator('.table-tabs [aria-selected="true"]').getAttribute('data-table'))
        .toBe(t.name);
      const varies = (c: string) => new Set(rows(t.name).map((r) => r[c])).size > 1;
      const expected = t.columns.filter((c) => (c.values || c.type === 'BOOLEAN') && varies(c.name)).map((c) => c.name);
      const shown = await page
        .locator('#filters fieldset[data-facet]')
        .evaluateAll((fs) => fs.map((f) => f.getAttribute('data-facet')));
      expect(shown, t.name).toEqual(expect.arrayContaining(expected));
    }
  });

  it('filters counts by range as a person types them: 100B, 1e11, 1000亿', async () => {
    const page = await shared('?lang=en&ge.parameters=100B');
    const models = rows('models');
    const expected = models
      .filter((m) => (m.parameters ?? m.parameters_low) !== null && Number(m.parameters ?? m.parameters_low) >= 1e11)
      .map((m) => m.model_id);
    expect(await rowKeys(page)).toEqual(expected);
    await page.fill('input[data-range="ge.parameters"]', '1000亿');
    await page.press('input[data-range="ge.parameters"]', 'Enter');
    await expect.poll(() => page.url()).toContain(`ge.parameters=${encodeURIComponent('1000亿')}`);
    expect(await rowKeys(page)).toEqual(expected);
    await page.fill('input[data-range="le.parameters"]', 'ten');
    await page.press('input[data-range="le.parameters"]', 'Enter');
    await expect.poll(() => page.locator('#filters .unreadable').textContent()).toContain('ten');
  });

  it("sorts by any column either way, NULLs last and equal values in the table's order", async () => {
    const models = rows('models');
    const count = (m: Row) => (m.parameters ?? m.parameters_low ?? null) as number | null;
    const known = models.filter((m) => count(m) !== null);
    const unknown = models.filter((m) => count(m) === null).map((m) => m.model_id);
    // The data has both NULLs and ties (several models of 100 billion parameters), or this would prove little.
    expect(unknown.length).toBeGreaterThan(0);
    expect(new Set(known.map(count)).size).toBeLessThan(known.length);
    const page = await shared('?lang=en&sort=parameters');
    expect(await rowKeys(page)).toEqual([
      ...[...known].sort((a, b) => count(a)! - count(b)!).map((m) => m.model_id),
      ...unknown,
    ]);
    await page.click('#data-table th[data-column="parameters"]');
    await expect
      .poll(() => rowKeys(page))
      .toEqual([...[...known].sort((a, b) => count(b)! - count(a)!).map((m) => m.model_id), ...unknown]);
    expect(page.url()).toContain('sort=parameters&desc=1');
    expect(await page.getAttribute('#data-table th[data-column="parameters"]', 'aria-sort')).toBe('descending');
  });

  it('searches every column, English names found through keys included', async () => {
    const page = await shared();
    const tsinghua = rows('organisations').find((o) => o.organisation_id === 'tsinghua-university')!;
    await page.fill('#table-search', String(tsinghua.name_en));
    await expect
      .poll(() => rowKeys(page))
      .toEqual(
        rows('models')
          .filter((m) => m.organisation_id === 'tsinghua-university')
          .map((m) => m.model_id),
      );
    expect(page.url()).toContain('q=');
  });

  // --- every view a link ---

  it('pushes each view to history: Back and Forward move between tables, filters and views', async () => {
    const page = await shared();
    const errors = rows('annotations').filter((a) => a.severity === 'error').length;
    await page.click('.table-tabs [data-table="annotations"]');
    await expect.poll(() => gridRows(page).count()).toBe(rows('annotations').length);
    await page.locator('#filters fieldset[data-facet="severity"] input[data-value="error"]').click();
    await expect.poll(() => gridRows(page).count()).toBe(errors);
    await page.click('#views a[data-view="charts"]');
    await page.waitForSelector('#charts[data-ready="true"]');
    expect(await page.isVisible('#data')).toBe(false);
    await page.goBack();
    await expect.poll(() => page.isVisible('#data')).toBe(true);
    await expect.poll(() => gridRows(page).count()).toBe(errors);
    expect(await page.isChecked('#filters fieldset[data-facet="severity"] input[data-value="error"]')).toBe(true);
    await page.goBack();
    await expect.poll(() => gridRows(page).count()).toBe(rows('annotations').length);
    await page.goBack();
    await expect.poll(() => gridRows(page).count()).toBe(rows('models').length);
    await page.goForward();
    await page.goForward();
    await page.goForward();
    await expect.poll(() => page.isVisible('#charts')).toBe(true);
  });

  it('copies a link to the selected value that opens the same value, and closes the pane with Escape', async () => {
    const page = await shared();
    await cell(page, 'gpt-4', 'parameters').click();
    await page.waitForSelector('#pane:not([hidden])');
    expect(page.url()).toContain('sel=gpt-4%7Eparameters');
    await page.click('#pane-copy');
    // The label says so for two seconds; data-copied keeps what was copied.
    await page.waitForSelector('#pane-copy[data-copied]');
    expect(await page.getAttribute('#pane-copy', 'data-copied')).toBe(page.url());
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(page.url());
    // The link opens the value: from the table without a pane, reached as Back and Forward reach it.
    const heading = await page.textContent('#pane-heading');
    await visit(page, '?lang=en');
    expect(await page.isHidden('#pane')).toBe(true);
    await visit(page, new URL(copied).search);
    expect(await page.textContent('#pane-heading')).toBe(heading);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.isHidden('#pane')).toBe(true);
    expect(page.url()).not.toContain('sel=');
  });

  // --- both languages ---

  it('switches every label, header, organisation and chart between 中文 and English, and remembers the choice', async () => {
    const page = await shared('?lang=zh');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans');
    expect((await headers(page)).map(label).slice(0, 3)).toEqual(['模型', '主体', '类别']);
    expect(await page.textContent('#views a[data-view="data"]')).toBe('数据');
    expect(await cell(page, 'chatglm-6b', 'organisation').textContent()).toContain('清华大学');
    await page.click('#lang-switch button[data-lang="en"]');
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
    expect((await headers(page)).map(label).slice(0, 3)).toEqual(['Model', 'Organisation', 'Category']);
    expect(await page.textContent('#views a[data-view="data"]')).toBe('Data');
    expect(await cell(page, 'chatglm-6b', 'organisation').textContent()).toContain(
      String(rows('organisations').find((o) => o.organisation_id === 'tsinghua-university')!.name_en),
    );
    expect(page.url()).toContain('lang=en');
    // Remembered across loads (fresh pages of the same browser profile): a page opened without lang= is in English
    // now; and in Chinese once 中文 is chosen.
    const later = await open('', {}, page.context());
    try {
      expect(await later.getAttribute('html', 'lang')).toBe('en');
      await later.click('#lang-switch button[data-lang="zh"]');
    } finally {
      await later.close();
    }
    const again = await open('?table=models', {}, page.context());
    try {
      expect(await again.getAttribute('html', 'lang')).toBe('zh-Hans');
      // The charts too: labels, axes and units.
      await again.click('#views a[data-view="charts"]');
      await again.waitForSelector('#charts[data-ready="true"]');
      const chart = (await again.textContent('#epoch-chart'))!;
      expect(chart).toContain('参数规模');
      expect(chart).toMatch(/\d+ 亿/);
      expect(chart).not.toMatch(/\d+ [KMBGT]\b/);
    } finally {
      await again.close();
    }
  });

  it('in 中文 announces and tags what exists in English only, and names countries, in either language', async () => {
    const page = await shared('?lang=zh&table=organisations');
    const organisations = data.tables.find((x) => x.name === 'organisations')!;
    expect(await page.textContent('.table-description')).toBe(
      `${organisations.labelZh}。说明（英文）：${organisations.description}`,
    );
    expect(await page.textContent('.table-description span[lang="en"]')).toBe(organisations.description);
    expect(await page.textContent('#data-table caption span[lang="en"]')).toBe(organisations.description);
    expect(await page.getAttribute('#data-table th[data-column="country"]', 'title')).toMatch(
      /^按此列排序。说明（英文）：/,
    );
    expect(await cell(page, 'alibaba', 'country').textContent()).toBe('中国（CN）');
    await page.click('#lang-switch button[data-lang="en"]');
    await expect.poll(() => cell(page, 'alibaba', 'country').textContent()).toBe('China (CN)');
    expect(await page.locator('.table-description span[lang="en"]').count()).toBe(0);
    await visit(page, '?lang=zh&view=about');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans');
    expect(await page.locator('#about td span[lang="en"]').count()).toBe(data.tables.length);
    // Sizes under 10,000 bytes grouped as the larger ones are (2501 read beside 11,734).
    const sizes = await page.locator('table.downloads td.num').allTextContents();
    expect(sizes).toEqual(data.downloads.files.map((f) => f.bytes.toLocaleString('en-US')));
    expect(data.downloads.files.some((f) => f.bytes >= 1000 && f.bytes < 10_000)).toBe(true);
  });

  // --- keyboard and phone ---

  it('reaches the first cell in one Tab through the skip link; arrows move, Enter opens the pane, the grid is one tab stop', async () => {
    const page = await shared();
    let presses = 0;
    while (presses < 5 && !(await page.evaluate(() => document.activeElement?.id === 'skip'))) {
      await page.keyboard.press('Tab');
      presses++;
    }
    expect(presses).toBeLessThanOrEqual(5);
    await page.keyboard.press('Enter');
    const focused = () =>
      page.evaluate(() => {
        const a = document.activeElement;
        return [a?.closest('tr')?.getAttribute('data-row'), a?.getAttribute('data-column')];
      });
    expect(await focused()).toEqual([rows('models')[0]!.model_id, 'model']);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toEqual([rows('models')[1]!.model_id, 'organisation']);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#pane:not([hidden])');
    expect(await page.textContent('#pane-heading')).toContain('Organisation');
    expect(await focused()).toEqual([rows('models')[1]!.model_id, 'organisation']);
    expect(await page.locator('#data-table [tabindex="0"]').count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('#data-table')))).toBe(false);
    // The header row sorts with Enter.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getAttribute('#data-table th[data-column="model"]', 'aria-sort')).toBe('ascending');
  });

  it('fits a 390 px phone: no sideways page scroll in any view, the pane a sheet over the table, on screen', async () => {
    const options = { viewport: PHONE, isMobile: true, hasTouch: true };
    const page = await open('?lang=en', options);
    const pageScroll = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await pageScroll()).toBeLessThanOrEqual(0);
    await cell(page, 'gpt-4', 'parameters').tap();
    await page.waitForSelector('#pane:not([hidden])');
    const pane = (await page.locator('#pane').boundingBox())!;
    expect(pane.y).toBeGreaterThanOrEqual(0);
    expect(pane.y + pane.height).toBeLessThanOrEqual(PHONE.height + 1);
    const line = (await page.locator('.paper-text li.hl').first().boundingBox())!;
    expect(line.y + line.height).toBeLessThanOrEqual(PHONE.height);
    await page.screenshot({ path: path.join(SHOTS, 'phone-pane.png') });
    await page.click('#pane-close');
    // The other views in the same page, reached as Back and Forward reach them (no fresh load, and no DuckDB-WASM
    // compiled for a console that runs nothing here).
    for (const view of ['charts', 'sql', 'about']) {
      await visit(page, `?lang=en&view=${view}`);
      expect(await page.getAttribute('#views a[aria-current="page"]', 'data-view')).toBe(view);
      if (view === 'charts') await page.waitForSelector('#charts[data-ready="true"]');
      expect(await pageScroll(), view).toBeLessThanOrEqual(0);
    }
  });

  // --- provenance ---

  const paperTables = () =>
    rows('source_tables').map((t) => ({ name: String(t.dataset_table), no: Number(t.table_no) }));

  it('has the four tables of the paper', () => {
    expect(paperTables().map((t) => t.no)).toEqual([1, 2, 3, 4]);
  });

  it.each([1, 2, 3, 4])('highlights the source lines of a value of 表%i in the pane, in view', async (no) => {
    const table = paperTables().find((t) => t.no === no)!;
    const cells = rows('cells').filter((c) => c.table_no === no);
    // A cell that wraps over several lines when there is one, in the table's last row: the hardest to scroll to.
    const last = Math.max(...cells.map((c) => Number(c.row_no)));
    const source = cells
      .filter((c) => c.row_no === last)
      .sort((a, b) => Number(b.line_last) - Number(b.line_first) - (Number(a.line_last) - Number(a.line_first)))[0]!;
    const t = data.tables.find((x) => x.name === table.name)!;
    const key = t.primaryKey.filter((k) => k !== 'source_id')[0]!;
    const row = rows(table.name).find((r) => r.row_no === last)!;
    const page = await shared(`?lang=en&table=${table.name}`);
    await cell(page, String(row[key]), String(source.column_name)).click();
    await page.waitForSelector('.paper-text li.hl');
    const lines = await page
      .locator('.paper-text li.hl')
      .evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('value'))));
    const expected = Array.from(
      { length: Number(source.line_last) - Number(source.line_first) + 1 },
      (_, i) => Number(source.line_first) + i,
    );
    expect(lines).toEqual(expected);
    // The highlighted text is the cell's text, and both the text box and the window show it.
    const highlighted = (await page.locator('.paper-text li.hl').allTextContents()).join('');
    expect(highlighted.replace(/\s/g, '')).toContain(String(source.text).replace(/\s/g, '').slice(0, 12));
    const box = (await page.locator('.paper-text').boundingBox())!;
    const line = (await page.locator('.paper-text li.hl').first().boundingBox())!;
    expect(line.y).toBeGreaterThanOrEqual(box.y);
    expect(line.y + line.height).toBeLessThanOrEqual(Math.min(box.y + box.height, DESKTOP.height));
    expect(await page.textContent('#pane .attribution')).toContain('CC BY 4.0');
    await page.screenshot({ path: path.join(SHOTS, `provenance-table-${no}.png`) });
  });

  it("shows a flagged value's note (severity, kind, note, references) with the paper's line in view", async () => {
    const a = rows('annotations').find(
      (x) =>
        x.table_name === 'models' &&
        x.row_id !== null &&
        x.column_name === 'parameters' &&
        x.severity !== 'info' &&
        x.reference_urls,
    )!;
    const page = await shared('?lang=en');
    const c = cell(page, String(a.row_id), 'parameters');
    expect(await c.locator(`.mark-${a.severity}`).count()).toBe(1);
    await c.click();
    const item = page.locator('#inspector li.annotation', { hasText: String(a.note_en).slice(0, 40) }).first();
    await item.waitFor();
    expect(await item.getAttribute('data-severity')).toBe(a.severity);
    expect(await item.locator('.badge').textContent()).toContain(String(a.severity));
    const hrefs = await item.locator('.refs a').evaluateAll((as) => as.map((x) => x.getAttribute('href')));
    expect(hrefs).toEqual(String(a.reference_urls).split(/\s+/).filter(Boolean));
    // The paper's line is on screen without scrolling the pane or the page.
    expect(await page.locator('#pane').evaluate((p: { scrollTop: number }) => p.scrollTop)).toBe(0);
    const line = (await page.locator('.paper-text li.hl').first().boundingBox())!;
    expect(line.y + line.height).toBeLessThanOrEqual(DESKTOP.height);
    await page.click('#lang-switch button[data-lang="zh"]');
    await expect.poll(() => page.textContent('#inspector')).toContain(String(a.note_zh ?? a.note_en));
    await page.screenshot({ path: path.join(SHOTS, 'flagged-value.png') });
  });

  it("says in the pane of an Epoch AI value why the record is the one it is, in the reader's language", async () => {
    const ernie = rows('models_vs_epoch_ai').find((r) => r.model_id === 'ernie-bot')!;
    const page = await shared('?lang=zh&table=models_vs_epoch_ai&sel=ernie-bot~epoch_ai_model');
    await page.waitForSelector('#pane:not([hidden]) .match-note');
    expect(await page.textContent('#pane .match-note')).toBe(String(ernie.epoch_ai_match_note_zh));
    await page.click('#lang-switch button[data-lang="en"]');
    await expect.poll(() => page.textContent('#pane .match-note')).toBe(String(ernie.epoch_ai_match_note_en));
  });

  // --- downloads ---

  it("serves each table as CSV, Parquet and JSON with the site: relative links, the build's files, the SQL runner's JSON", async () => {
    const page = await shared();
    const defs = loadTableDefs();
    expect(data.tables.map((t) => t.name).sort()).toEqual(
      readdirSync(path.join(ROOT, 'out', 'csv'))
        .map((f) => f.replace(/\.csv$/, ''))
        .sort(),
    );
    for (const t of data.tables) {
      await page.click(`.table-tabs [data-table="${t.name}"]`);
      await expect.poll(() => page.getAttribute('#download-csv', 'href')).toBe(`data/${t.name}.csv`);
      const get = async (id: string) =>
        Buffer.from(
          await (await page.request.get(new URL((await page.getAttribute(id, 'href'))!, page.url()).href)).body(),
        );
      expect(
        (await get('#download-csv')).equals(readFileSync(path.join(ROOT, 'out', 'csv', `${t.name}.csv`))),
        `${t.name}.csv`,
      ).toBe(true);
      expect(
        (await get('#download-parquet')).equals(readFileSync(path.join(ROOT, 'out', 'parquet', `${t.name}.parquet`))),
        `${t.name}.parquet`,
      ).toBe(true);
      const json = (await get('#download-json')).toString('utf8');
      if (t.name === 'models')
        expect(json).toBe(
          (await pipeline('sql.ts', ['--json', tableSelectSql(defs.find((d) => d.name === t.name)!)])).stdout,
        );
      expect(JSON.parse(json), `${t.name}.json`).toHaveLength(t.rows.length);
      // "These rows" of a whole table are its CSV file, byte for byte.
      const these = await page.evaluate(async () => (await fetch(document.getElementById('table-csv').href)).text());
      expect(these, `${t.name}: these rows`).toBe(readFileSync(path.join(ROOT, 'out', 'csv', `${t.name}.csv`), 'utf8'));
    }
    // A real download of a file and of the rows on screen.
    await page.click('.table-tabs [data-table="models"]');
    await page.click('#downloads summary');
    expect(
      (await downloaded(page, '#download-csv')).equals(readFileSync(path.join(ROOT, 'out', 'csv', 'models.csv'))),
    ).toBe(true);
    await page.locator('#filters fieldset[data-facet="organisation_id"] input[data-value="openai"]').click();
    await expect
      .poll(() => gridRows(page).count())
      .toBe(rows('models').filter((m) => m.organisation_id === 'openai').length);
    expect(await page.getAttribute('#downloads', 'open')).toBe('');
    const csv = (await downloaded(page, '#table-csv')).toString('utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + rows('models').filter((m) => m.organisation_id === 'openai').length);
  });

  // --- about ---

  it('cites every source from the parts it has, one click from the data: no "null" for a dataset without journal or DOI', async () => {
    const page = await shared();
    await page.click('#views a[data-view="about"]');
    const cites = await page.locator('#about ul.sources > li').allTextContents();
    expect(cites).toHaveLength(rows('sources').length);
    for (const c of cites) expect(c).not.toMatch(/\bnull\b|undefined/);
    expect(cites.join('\n')).toContain('Parameter, Compute and Data Trends in Machine Learning');
    // An address in brackets or at the end of a sentence links without the bracket or full stop after it.
    const links = await page
      .locator('#about ul.sources a')
      .evaluateAll((as: { getAttribute(name: string): string | null }[]) => as.map((a) => a.getAttribute('href')));
    expect(links).toContain('https://creativecommons.org/licenses/by/4.0/');
    for (const l of links) expect(l).not.toMatch(/[).]$/);
    // Only the Chinese of an English text is marked zh-Hans.
    const intro = page.locator('#about .intro');
    const marked = await intro.locator('[lang="zh-Hans"]').allTextContents();
    expect(marked.length).toBeGreaterThan(0);
    for (const m of marked) expect(m).not.toMatch(/[A-Za-z]/);
  });

  // --- charts ---

  it('accounts for every model in the paper-against-Epoch chart: same and related drawn apart, the rest listed with why', async () => {
    const page = await shared('?lang=en&view=charts&chart=epoch');
    await page.waitForSelector('#charts[data-ready="true"]');
    const compared = rows('models_vs_epoch_ai');
    const drawn = compared.filter((r) => (r.parameters ?? r.parameters_low) !== null && r.epoch_ai_parameters !== null);
    const rest = compared.filter((r) => !drawn.includes(r));
    expect(await page.getAttribute('#epoch-chart', 'data-drawn')).toBe(String(drawn.length));
    const listed = await page
      .locator('#epoch-chart .not-drawn li')
      .evaluateAll((lis) =>
        lis.map((li) => [li.getAttribute('data-model'), li.getAttribute('data-match'), li.textContent]),
      );
    expect(listed.map(([m]) => m)).toEqual(rest.map((r) => r.model_id));
    for (const [model, match, why] of listed)
      expect(why, String(model)).toMatch(match === 'none' ? /no Epoch AI record/ : /parameter count/);
    // A count the paper prints, a lower bound (混元's 1000 亿) too, is never called missing.
    for (const r of rest.filter((x) => (x.parameters ?? x.parameters_low) !== null))
      expect(listed.find(([m]) => m === r.model_id)?.[2], String(r.model_id)).not.toMatch(
        /neither the paper|the paper prints no/,
      );
    // and the crosswalk's note on the match, the table's column in the reader's language.
    const notes = await page
      .locator('#epoch-chart .not-drawn li')
      .evaluateAll((lis) => lis.map((li) => li.querySelector('.note')?.textContent ?? null));
    expect(notes).toEqual(rest.map((r) => ` — ${r.epoch_ai_match_note_en}`));
    // Same model: a filled square; related model: a hollow diamond, its record named beside the model.
    const epochMarks = page.locator('#epoch-chart g.epoch > *');
    expect(await epochMarks.count()).toBe(drawn.length);
    expect(await page.locator('#epoch-chart g.epoch > [fill="white"]').count()).toBe(
      drawn.filter((r) => r.epoch_ai_match === 'related_model').length,
    );
    for (const r of drawn.filter((x) => x.epoch_ai_match === 'related_model'))
      expect(await page.textContent('#epoch-chart svg')).toContain(String(r.epoch_ai_model));
    // Readable: no two labels overlap; the axis in the paper's units on a log scale.
    const boxes: { left: number; top: number; right: number; bottom: number; text: string }[] = await page
      .locator('#epoch-chart svg text')
      .evaluateAll((ts) =>
        ts.map((t) => {
          const b = t.getBoundingClientRect();
          return { left: b.left, top: b.top, right: b.right, bottom: b.bottom, text: t.textContent };
        }),
      );
    expect(boxes.length).toBeGreaterThan(drawn.length);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const overlap =
          Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
          Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
        expect(overlap, `${a.text} / ${b.text}`).toBe(false);
      }
    }
    const ticks = await page.locator('#epoch-chart svg g[aria-label="x-axis tick label"] text').allTextContents();
    expect(ticks.length).toBeGreaterThan(3);
    for (const tick of ticks) expect(tick).toMatch(/^\d+(\.\d+)? [KMBT]$/);
    await page.locator('#epoch-chart').screenshot({ path: path.join(SHOTS, 'epoch-chart.png') });
    // Downloads: PNG, SVG and CSV.
    const png = await downloaded(page, '#epoch-chart button[data-download="png"]');
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const svg = (await downloaded(page, '#epoch-chart button[data-download="svg"]')).toString('utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('the paper (表3) against Epoch AI');
    const csv = (await downloaded(page, '#epoch-chart button[data-download="csv"]'))
      .toString('utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe(
      'model_id,model,model_en,epoch_ai_match,epoch_ai_model,parameters_raw,parameters,parameters_low,parameters_high,epoch_ai_parameters,drawn,why_not_drawn,epoch_ai_match_note_en,epoch_ai_match_note_zh',
    );
    expect(csv).toHaveLength(1 + compared.length);
  });

  it('draws one mark per model of 表3 with a parameter count, and lists the others', async () => {
    const page = await shared('?lang=en&view=charts&chart=parameters');
    await page.waitForSelector('#charts[data-ready="true"]');
    const counted = rows('models').filter((m) => (m.parameters ?? m.parameters_low) !== null);
    expect(await page.locator('#parameter-chart svg g.parameters circle').count()).toBe(counted.length);
    expect(await page.locator('#parameter-chart .chart-text li').count()).toBe(counted.length);
    expect(await page.textContent('#parameter-chart')).toContain(
      `Models without a parameter count (${rows('models').length - counted.length})`,
    );
    await page.locator('#parameter-chart').screenshot({ path: path.join(SHOTS, 'parameter-chart.png') });
  });

  // --- the SQL console ---

  const resultCells = (page: Page) => page.locator('#sql-table tbody td').allTextContents();
  const runs = (page: Page) => page.evaluate(() => Number(document.getElementById('sql-status')?.dataset.runs ?? 0));
  /** Waits for the console to finish one more query than `before`. */
  async function finished(page: Page, before: number): Promise<void> {
    await page.waitForFunction((n) => Number(document.getElementById('sql-status')?.dataset.runs ?? 0) > n, before, {
      timeout: 110_000,
    });
  }
  async function sql(page: Page, query: string): Promise<void> {
    const before = await runs(page);
    await page.fill('#sql-input', query);
    await page.click('#sql-run');
    await finished(page, before);
  }
  /**
   * The page the console's tests share, opened from a link to a query: DuckDB-WASM (34 MB of wasm, compiled in the
   * page, about 2.5 s of CPU) starts once for them rather than once a test, and each test runs its queries there one
   * after another, as a person would. What the page showed once the link's query ran is kept for the link's test.
   */
  const LINKED = 'SELECT 40 + 2 AS answer';
  let consolePage: Page | undefined;
  let onOpening: string[] = [];
  async function sharedConsole(): Promise<Page> {
    if (!consolePage) {
      const context = await newContext({ permissions: CLIPBOARD }, true);
      const page = await open(`?lang=en&view=sql&sql=${encodeURIComponent(LINKED)}`, {}, context);
      await finished(page, 0);
      onOpening = await resultCells(page);
      consolePage = page;
    }
    return consolePage;
  }
  /** The shared console once it has run `query`. */
  async function console_(query: string): Promise<Page> {
    const page = await sharedConsole();
    await sql(page, query);
    return page;
  }
  const status = (page: Page) => page.textContent('#sql-status');

  it('runs the query of a link on opening, lists every table and view with its columns, and copies a link to the query', async () => {
    const page = await sharedConsole();
    expect(onOpening).toEqual(['42']);
    const relations = await page
      .locator('#schema-list > li')
      .evaluateAll((lis) =>
        lis.map((li) => [li.querySelector('summary code')?.textContent, li.getAttribute('data-kind')]),
      );
    expect(relations.filter(([, k]) => k === 'table').map(([n]) => n)).toEqual(data.tables.map((t) => t.name));
    expect(relations.filter(([, k]) => k === 'view').map(([n]) => n)).toEqual(data.views.map((v) => v.name));
    expect(data.views.map((v) => v.name)).toEqual(
      expect.arrayContaining(['model_annotations', 'models_flagged', 'models_with_organisation']),
    );
    const flagged = page.locator('#schema-list > li', {
      has: page.locator('summary code', { hasText: /^models_flagged$/ }),
    });
    await flagged.locator('summary').click();
    expect(await flagged.locator('.columns li').count()).toBe(
      data.views.find((v) => v.name === 'models_flagged')!.columns.length,
    );
    // Run another query after the link's (again, whatever the tests before this one ran): the URL holds it, Back
    // returns to the link's query and its result.
    await sql(page, LINKED);
    expect(await resultCells(page)).toEqual(['42']);
    await sql(page, 'SELECT 6 * 7 AS product');
    expect(page.url()).toContain(`sql=${encodeURIComponent('SELECT 6 * 7 AS product').replace(/%20/g, '+')}`);
    await page.click('#sql-copy');
    await page.waitForSelector('#sql-copy[data-copied]');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
    const before = await runs(page);
    await page.goBack();
    await finished(page, before);
    expect(await page.inputValue('#sql-input')).toBe(LINKED);
    expect(await resultCells(page)).toEqual(['42']);
  });

  it('runs a preset query on DuckDB-WASM with the golden result, downloadable as CSV', async () => {
    const page = await sharedConsole();
    const before = await runs(page);
    await page.click('button.preset[data-query="queries/largest_models.sql"]');
    await finished(page, before);
    expect(await page.isHidden('#sql-error')).toBe(true);
    expect(await status(page)).toMatch(/^10 rows in/);
    expect((await downloaded(page, '#sql-csv')).toString('utf8')).toBe(
      readFileSync(path.join(GOLDEN, 'queries', 'largest_models.csv'), 'utf8'),
    );
  });

  it('formats BIGINT exactly, and DECIMAL and DATE as the SQL runner prints them, in the table and the CSV download', async () => {
    const models = rows('models');
    const largest = Math.max(...models.map((m) => Number(m.parameters ?? 0)));
    const page = await console_('SELECT count(*) AS n, max(parameters) AS largest FROM models');
    expect(await resultCells(page)).toEqual([String(models.length), largest.toLocaleString('en-US')]);
    const query =
      "SELECT model_en, parameters * 1.5 AS x, round(3.14159, 2) AS pi, DATE '2024-03-01' AS d FROM models WHERE row_no = 1";
    const expected = (await pipeline('sql.ts', ['--csv', query])).stdout;
    expect(expected).toBe('model_en,x,pi,d\nGPT-3,262500000000.0,3.14,2024-03-01\n');
    await sql(page, query);
    expect(await resultCells(page)).toEqual(['GPT-3', '262500000000.0', '3.14', '2024-03-01']);
    expect((await downloaded(page, '#sql-csv')).toString('utf8')).toBe(expected);
  });

  it('shows DECIMAL, DATE, TIMESTAMP, TIME, INTERVAL and BLOB as DuckDB itself casts them to text', async () => {
    // Each value beside DuckDB-WASM's own VARCHAR of it, edge cases included: negative and wide decimals, years BC
    // and past 9999, infinity, every timestamp unit, a time zone, negative and mixed intervals, escaped bytes.
    const values = [
      '0.5',
      '-0.05::DECIMAL(4,2)',
      '0::DECIMAL(5,3)',
      '123.456::DECIMAL(38,10)',
      "'-12345678901234567.89'::DECIMAL(19,2)",
      '-170141183460469231731687303715884105727::HUGEINT',
      "DATE '2024-03-01'",
      "DATE '1969-12-31'",
      "DATE '-0044-03-15'",
      "DATE '12345-01-01'",
      "DATE 'infinity'",
      "DATE '-infinity'",
      "TIMESTAMP '2024-03-01 12:34:56.789'",
      "TIMESTAMP '1969-12-31 23:59:59.999999'",
      "TIMESTAMP_S '2024-01-01 00:00:01'",
      "TIMESTAMP_MS '2024-01-01 00:00:01.5'",
      "TIMESTAMP_NS '2024-01-01 00:00:01.1234567'",
      "TIMESTAMP '-0001-06-30 08:00:00'",
      "TIMESTAMP 'infinity'",
      "TIMESTAMP '-infinity'",
      "TIMESTAMPTZ '2024-03-01 12:00:00+02'",
      "TIME '12:00:00'",
      "TIME '00:00:00.000001'",
      "TIME '23:59:59.5'",
      "TIME '24:00:00'",
      'INTERVAL 3 DAY',
      "INTERVAL '1 year 2 months 3 days 04:05:06.5'",
      "INTERVAL '-1 day'",
      "INTERVAL '-13 months'",
      "INTERVAL '1 day -2 hours'",
      "INTERVAL '100 hours'",
      "INTERVAL '0 seconds'",
      "INTERVAL '-1.5 seconds'",
      "INTERVAL '1 month'",
      "'abc'::BLOB",
      "'\\xAB\\x00a\\x5C''\"~ \\x7F'::BLOB",
      "''::BLOB",
      'NULL::DATE',
    ];
    const page = await console_(`SELECT ${values.map((v, i) => `${v} AS v${i}, (${v})::VARCHAR AS t${i}`).join(', ')}`);
    expect(await page.isHidden('#sql-error')).toBe(true);
    const cells = await resultCells(page);
    const pairs = (fields: string[]) => values.map((v, i) => [v, fields[2 * i + 1]]);
    expect(values.map((v, i) => [v, cells[2 * i]])).toEqual(pairs(cells));
    expect(cells.slice(0, 4)).toEqual(['0.5', '0.5', '-0.05', '-0.05']);
    // The CSV the same, NULL empty and an empty BLOB "" (no value here holds a comma).
    const fields = (await downloaded(page, '#sql-csv')).toString('utf8').split('\n')[1]!.split(',');
    expect(values.map((v, i) => [v, fields[2 * i]])).toEqual(pairs(fields));
  });

  it('draws at most 1,000 rows and stops reading at 100,000, however large the result, saying so; the next query runs', async () => {
    const page = await console_('SELECT range AS i FROM range(1500)');
    expect(await page.textContent('#sql-limits')).toContain(
      'first 1,000 rows of a result, the CSV download up to 100,000',
    );
    expect(await status(page)).toMatch(
      /^1,500 rows in \d+ ms\. The table shows the first 1,000; the CSV download holds all 1,500\.$/,
    );
    expect(await page.locator('#sql-table tbody tr').count()).toBe(1000);
    expect(await page.locator('#sql-table tbody tr').last().textContent()).toBe('999');
    expect((await downloaded(page, '#sql-csv')).toString('utf8')).toBe(
      `${['i', ...Array.from({ length: 1500 }, (_, i) => String(i))].join('\n')}\n`,
    );
    // 150,000 rows overflowed the call stack when every row was one argument; 20 million crashed the tab. SQL of
    // several statements is read as a stream, and stopped the same way.
    for (const query of [
      'SELECT range AS i FROM range(150000)',
      'SELECT * FROM range(20000000)',
      'SELECT 1; SELECT * FROM range(20000000)',
    ]) {
      await sql(page, query);
      expect(await page.isHidden('#sql-error'), query).toBe(true);
      expect(await status(page), query).toMatch(
        /^100,000 rows in \d+ ms, where reading stopped: the result has more rows than 100,000\. The table shows the first 1,000; the CSV download holds the 100,000 read\./,
      );
      expect(await page.locator('#sql-table tbody tr').count()).toBe(1000);
      const lines = (await downloaded(page, '#sql-csv')).toString('utf8').split('\n');
      expect([lines.length, lines[1], lines.at(-2)]).toEqual([100_002, '0', '99999']);
    }
    await sql(page, 'SELECT range AS i FROM range(100000)');
    expect(await status(page)).toMatch(
      /^100,000 rows in \d+ ms\. The table shows the first 1,000; the CSV download holds all 100,000\.$/,
    );
    await sql(page, 'SELECT 40 + 2 AS answer');
    expect(await resultCells(page)).toEqual(['42']);
  });

  it('cuts a long value in its cell, refuses one past a million characters, and stops a runaway query', async () => {
    // A value of 100,000,000 characters, drawn whole in its cell, crashed the tab: one character past the limit is
    // refused (the 100 million themselves cost DuckDB-WASM seconds of CPU to make and hand over, for the same message).
    const page = await console_("SELECT repeat('x', 1000001) AS big");
    expect(await status(page)).toBe('The query failed.');
    expect(await page.textContent('#sql-error')).toMatch(/^big: a value of the result has 1,000,001 characters/);
    await sql(page, "SELECT repeat('x', 123456) AS long");
    expect(await resultCells(page)).toEqual([`${'x'.repeat(10_000)}… (123,456 characters)`]);
    expect((await downloaded(page, '#sql-csv')).toString('utf8')).toBe(`long\n${'x'.repeat(123_456)}\n`);
    // The old result goes while a query runs; Stop ends it (the worker terminated) and the next query runs.
    const before = await runs(page);
    await page.fill(
      '#sql-input',
      'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r',
    );
    await page.click('#sql-run');
    await page.click('#sql-stop');
    await finished(page, before);
    expect(await status(page)).toMatch(/^Stopped after \d+ s\.$/);
    expect(await page.locator('#sql-table').count()).toBe(0);
    expect(await page.isHidden('#sql-stop')).toBe(true);
    await sql(page, 'SELECT 40 + 2 AS answer');
    expect(await resultCells(page)).toEqual(['42']);
  });

  it('shows ENUM values, and refuses rather than blanks them where DuckDB-WASM cannot read them', async () => {
    const kinds = rows('models').map((m) => m.parameters_kind);
    const page = await console_('SELECT parameters_kind FROM models ORDER BY row_no;');
    expect(await resultCells(page)).toEqual(kinds);
    // Several statements are streamed, and DuckDB-WASM's stream drops ENUM values (duckdb/duckdb-wasm#1548).
    await sql(page, 'SELECT 1; SELECT parameters_kind FROM models ORDER BY row_no');
    expect(await page.textContent('#sql-error')).toMatch(
      /^parameters_kind: the values of an ENUM column cannot be shown .* cast the column to VARCHAR\.$/,
    );
    await sql(page, 'SELECT 1; SELECT parameters_kind::VARCHAR AS kind FROM models ORDER BY row_no');
    expect(await resultCells(page)).toEqual(kinds);
    // One query that ends as a .sql file may (a semicolon, then comments) is still one query, its ENUMs shown.
    await sql(page, ';SELECT parameters_kind FROM models ORDER BY row_no -- by row\n;\n-- end of file\n');
    expect(await resultCells(page)).toEqual(kinds);
    // An ENUM inside a list or struct is refused too when streamed (it was blanked).
    for (const query of [
      'SELECT 1; SELECT list(parameters_kind) AS l FROM models',
      "SELECT 1; SELECT {'k': parameters_kind} AS s FROM models",
    ]) {
      await sql(page, query);
      expect(await page.textContent('#sql-error'), query).toMatch(
        /^[ls]: the values of an ENUM column cannot be shown /,
      );
    }
  });

  it("shows DuckDB's error for a bad query, and refuses writes and external files", async () => {
    const page = await console_('SELEC 1');
    expect(await page.textContent('#sql-error')).toContain('Parser Error: syntax error at or near "SELEC"');
    await sql(page, 'DELETE FROM models');
    expect(await page.textContent('#sql-error')).toContain('read-only');
    await sql(page, "SELECT * FROM read_csv('http://example.com/x.csv')");
    expect(await page.textContent('#sql-error')).toContain('Permission Error');
    await page.locator('#sql').screenshot({ path: path.join(SHOTS, 'sql-console.png') });
  });

  it('runs a query by keyboard alone: Ctrl+Enter in the editor', async () => {
    const page = await sharedConsole();
    await page.focus('#sql-input');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('SELECT 40 + 2 AS answer');
    const before = await runs(page);
    await page.keyboard.press('Control+Enter');
    await finished(page, before);
    expect(await resultCells(page)).toEqual(['42']);
  });

  // --- accessibility and serving ---

  // The seven views in the data views' shared page, each reached as the reader's back and forward buttons reach it (the
  // address changed, then popstate), which renders it as a load of that address would. axe-core is added to the page
  // once, and stays.
  it('has no accessibility violation (axe-core, colour contrast included) in any view, in either language', async () => {
    const page = await shared();
    if (!(await page.evaluate(() => 'axe' in window)))
      await page.addScriptTag({ path: path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
    for (const query of [
      '?lang=en&sel=gpt-4~parameters',
      '?lang=zh&sel=gpt-4~parameters',
      '?lang=en&view=charts',
      '?lang=zh&view=charts&chart=parameters',
      '?lang=en&view=sql',
      '?lang=en&view=about',
      '?lang=en&table=annotations',
    ]) {
      await visit(page, query);
      const view = new URLSearchParams(query).get('view') ?? 'data';
      expect(await page.getAttribute('#views a[aria-current="page"]', 'data-view'), query).toBe(view);
      expect(await page.getAttribute('html', 'lang'), query).toBe(query.includes('lang=zh') ? 'zh-Hans' : 'en');
      if (view === 'charts') await page.waitForSelector('#charts[data-ready="true"]');
      const violations = await page.evaluate(async () => {
        // Every rule (colour contrast included); only the violations reported, which is what takes axe the least time.
        const r = await (
          window.axe as {
            run(o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
          }
        ).run({ resultTypes: ['violations'] });
        return r.violations.map(
          (v) =>
            `${v.id} (${v.impact}): ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(', ')}`,
        );
      });
      expect(violations, query).toEqual([]);
    }
  });

  it('says to serve the folder over HTTP when index.html is opened as a file', async () => {
    const context = await browser.newContext();
    try {
      const p = await context.newPage();
      await p.goto(pathToFileURL(path.join(SITE, 'index.html')).href);
      const alert = p.locator('#main [role="alert"]');
      await expect.poll(() => alert.isVisible()).toBe(true);
      expect(await alert.textContent()).toMatch(/served over HTTP[\s\S]*python3 -m http\.server/);
      expect(await p.locator('#loading').isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('reports a .wasm served with the wrong type instead of hanging', async () => {
    const wrong = await serveSite(SITE, '/large-model-ecosystem/', { '.wasm': 'application/octet-stream' });
    const context = await newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${wrong.url}?lang=en&view=sql&sql=SELECT%201`);
      await page.waitForSelector('#sql-error:not([hidden])', { timeout: 60_000 });
      expect(await page.textContent('#sql-error')).toContain('application/wasm');
    } finally {
      await wrong.close();
    }
  });
});
