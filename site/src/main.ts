// The explorer's entry: reads data.json (relative to the page, so the site works from any sub-path) and opens on the
// data (the table in the URL, models by default); charts, SQL and About are one click away. The state of the view
// lives in the URL: each change the reader makes is pushed to history (typing in the search replaces it), so Back
// and Forward move between views and any view is a link. The language is the URL's, else the one last chosen
// (localStorage), else the browser's. Observable Plot loads with the charts, DuckDB-WASM with the SQL console.

import type { SiteData } from '../../pipelines/lib/site/data.ts';
import { about } from './about.ts';
import { SqlConsole } from './console.ts';
import { type App, DataTableView } from './data-view.ts';
import { t, type Lang } from './i18n.ts';
import { chooseLang, parseState, stateSearch, type View, type ViewState, VIEWS } from './url-state.ts';

const LANG_KEY = 'large-model-ecosystem.lang';
const main = document.getElementById('main')!;

function remembered(): string | null {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null; // storage refused (a private window, a sandbox): the URL and the browser decide
  }
}

function remember(lang: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // not remembered; the URL still holds it
  }
}

class Explorer implements App {
  state: ViewState;
  lang: Lang;
  private readonly data: DataTableView;
  private sql: SqlConsole | undefined;
  private readonly charts = document.createElement('section');
  private chartsDrawn = '';
  private aboutView: HTMLElement | undefined;
  private aboutLang: Lang | undefined;

  constructor(private readonly site: SiteData) {
    this.state = parseState(location.search, location.hash, 'models');
    this.lang = chooseLang(this.state.lang, remembered(), navigator.languages ?? [navigator.language]);
    if (!site.tables.some((x) => x.name === this.state.table)) this.state.table = site.tables[0]!.name;
    this.data = new DataTableView(site, this);
    Object.assign(this.charts, { id: 'charts', className: 'view' });
    this.charts.setAttribute('aria-labelledby', 'charts-heading');
    main.replaceChildren(this.data.element, this.charts);
    this.state.lang = this.lang;
    history.replaceState(null, '', stateSearch(this.state));
    addEventListener('popstate', () => {
      this.state = parseState(location.search, '', 'models');
      this.lang = this.state.lang ?? this.lang;
      this.render();
    });
    for (const b of document.querySelectorAll<HTMLButtonElement>('#lang-switch button')) {
      b.addEventListener('click', () => {
        this.lang = b.dataset.lang as Lang;
        remember(this.lang);
        this.commit(() => {});
      });
    }
    for (const a of document.querySelectorAll<HTMLAnchorElement>('#views a')) {
      a.addEventListener('click', (e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return; // a new tab gets the link as it is
        e.preventDefault();
        this.commit((s) => {
          s.view = a.dataset.view as View;
        });
      });
    }
    document.getElementById('skip')!.addEventListener('click', (e) => {
      e.preventDefault();
      if (this.state.view !== 'data')
        this.commit((s) => {
          s.view = 'data';
        });
      this.data.focusFirstCell();
    });
  }

  commit(change: (s: ViewState) => void, mode: 'push' | 'replace' = 'push'): void {
    change(this.state);
    this.state.lang = this.lang;
    const search = stateSearch(this.state);
    if (search !== location.search) history[mode === 'push' ? 'pushState' : 'replaceState'](null, '', search);
    this.render();
  }

  copyLink(button: HTMLButtonElement): void {
    const done = (label: string) => {
      button.textContent = label;
      setTimeout(() => {
        button.textContent = t(this.lang, 'copy.link');
      }, 2000);
    };
    const url = location.href;
    // The clipboard needs a secure context (https or 127.0.0.1); elsewhere the address is shown to copy by hand.
    (navigator.clipboard?.writeText(url) ?? Promise.reject(new Error('no clipboard'))).then(
      () => {
        button.dataset.copied = url; // what was copied last, for whoever checks after the label has gone back
        done(t(this.lang, 'copy.done'));
      },
      () => done(t(this.lang, 'copy.failed', { url })),
    );
  }

  render(): void {
    const { lang, state } = this;
    document.documentElement.lang = lang === 'zh' ? 'zh-Hans' : 'en';
    document.title = `${t(lang, 'title')} · ${this.site.version}`;
    document.getElementById('title')!.textContent = t(lang, 'title');
    document.getElementById('skip')!.textContent = t(lang, 'skip');
    document.getElementById('views')!.setAttribute('aria-label', t(lang, 'views'));
    document.getElementById('lang-switch')!.setAttribute('aria-label', t(lang, 'language'));
    document.getElementById('footer-text')!.textContent = t(lang, 'footer');
    for (const a of document.querySelectorAll<HTMLAnchorElement>('#views a')) {
      const view = a.dataset.view as View;
      a.textContent = t(lang, `view.${view}`);
      a.href = stateSearch({ ...state, view });
      if (view === state.view) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    for (const b of document.querySelectorAll<HTMLButtonElement>('#lang-switch button'))
      b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
    for (const v of VIEWS) {
      const el =
        v === 'data'
          ? this.data.element
          : v === 'charts'
            ? this.charts
            : v === 'sql'
              ? this.sql?.element
              : this.aboutView;
      if (el) el.hidden = v !== state.view;
    }
    if (state.view === 'data') this.data.update();
    else if (state.view === 'charts') void this.renderCharts();
    else if (state.view === 'sql') this.renderSql();
    else this.renderAbout();
  }

  private renderSql(): void {
    if (!this.sql) {
      this.sql = new SqlConsole(this.site, this);
      main.append(this.sql.element);
    }
    this.sql.update();
  }

  private renderAbout(): void {
    if (this.aboutView && this.aboutLang === this.lang) {
      this.aboutView.hidden = false;
      return;
    }
    const fresh = about(this.site, this.lang);
    if (this.aboutView) this.aboutView.replaceWith(fresh);
    else main.append(fresh);
    this.aboutView = fresh;
    this.aboutLang = this.lang;
  }

  private async renderCharts(): Promise<void> {
    const drawn = `${this.lang}|${this.state.chart ?? ''}`;
    if (this.chartsDrawn === drawn) return;
    this.chartsDrawn = drawn;
    this.charts.dataset.ready = 'false';
    if (!this.charts.firstChild)
      this.charts.append(
        Object.assign(document.createElement('p'), { role: 'status', textContent: t(this.lang, 'chart.loading') }),
      );
    const { renderCharts } = await import('./charts.ts');
    if (this.chartsDrawn !== drawn) return; // the reader moved on meanwhile
    renderCharts(this.charts, this.site, this.lang, this.state.chart, (chart) =>
      this.commit((s) => {
        s.chart = chart;
      }),
    );
    this.charts.dataset.ready = 'true';
  }
}

async function start(): Promise<void> {
  // A link to the console: DuckDB-WASM starts compiling now, beside the page's own loading (the console reports
  // any failure when it connects).
  if (new URLSearchParams(location.search).get('view') === 'sql')
    void import('./duckdb.ts').then((m) => m.start(document.baseURI)).catch(() => {});
  const response = await fetch('data.json');
  if (!response.ok) throw new Error(`data.json: HTTP ${response.status}`);
  const explorer = new Explorer((await response.json()) as SiteData);
  explorer.render();
  document.body.dataset.ready = 'true';
}

start().catch((e: Error) => {
  main.replaceChildren(
    Object.assign(document.createElement('p'), {
      className: 'error',
      role: 'alert',
      textContent: `The explorer could not load its data: ${e.message}`,
    }),
  );
  document.body.dataset.ready = 'error';
});
