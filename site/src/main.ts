// The explorer's entry: reads data.json (relative to the page, so the site works from any sub-path), then shows
// the overview, the tables, the charts and the SQL console. DuckDB-WASM is not loaded until the console is used.

import type { SiteData } from '../../pipelines/lib/site/data.ts';
import { charts } from './charts.ts';
import { sqlConsole } from './console.ts';
import type { Lang } from './model.ts';
import { overview } from './overview.ts';
import { TablesView } from './tables.ts';

const main = document.getElementById('main')!;
const switcher = document.getElementById('lang-switch')!;

async function start(): Promise<void> {
  const response = await fetch('data.json');
  if (!response.ok) throw new Error(`data.json: HTTP ${response.status}`);
  const data = (await response.json()) as SiteData;
  const params = new URLSearchParams(location.search);
  let lang: Lang = params.get('lang') === 'en' ? 'en' : 'zh';

  const writeUrl = () => {
    const p = new URLSearchParams();
    if (lang === 'en') p.set('lang', 'en');
    tables.params(p);
    history.replaceState(null, '', `?${p}${location.hash}`);
  };
  const tables = new TablesView(data, lang, params, writeUrl);
  const setLang = (l: Lang) => {
    lang = l;
    for (const b of switcher.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.lang === l));
    tables.setLang(l);
    writeUrl();
  };
  for (const b of switcher.querySelectorAll('button')) b.addEventListener('click', () => setLang(b.dataset.lang as Lang));
  main.replaceChildren(overview(data), tables.element());
  setLang(lang);
  // The table is drawn first; the charts and the console follow in the next task.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  main.append(charts(data), sqlConsole(data));
  document.title = `${data.name} ${data.version}: data explorer`;
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  document.body.dataset.ready = 'true';
}

start().catch((e: Error) => {
  main.replaceChildren(Object.assign(document.createElement('p'), { className: 'error', role: 'alert', textContent: `The explorer could not load its data: ${e.message}` }));
  document.body.dataset.ready = 'error';
});
