// About & cite: what the data is, how to cite it, the CC BY 4.0 attribution of every source, the version, each
// table with its rows and its files (CSV, Parquet, JSON served with this site), and the release files with their
// SHA-256. One click from the data, not in front of it.

import type { SiteData } from '../../pipelines/lib/site/data.ts';
import { englishOnly, h, linkified, text } from './dom.ts';
import { t, type Lang } from './i18n.ts';
import { rowObjects } from './model.ts';
import { grouped } from './values.ts';

/** A source's citation from the parts it has: a paper has a journal and a DOI, a dataset neither. */
function citation(s: Record<string, unknown>): string {
  const both = (zh: unknown, en: unknown) => (zh && en && zh !== en ? `${zh} (${en})` : String(zh ?? en ?? ''));
  const author =
    s.kind === 'CSV dataset'
      ? both(s.first_author, s.first_author_en)
      : `${both(s.first_author, s.first_author_en)} et al.`;
  return [author, s.title ? `'${s.title}'` : '', both(s.journal, s.journal_en), s.publisher, s.year]
    .filter((p) => p !== null && p !== undefined && p !== '')
    .join(', ');
}

export function about(data: SiteData, lang: Lang): HTMLElement {
  const sources = rowObjects(data.tables.find((x) => x.name === 'sources')!);
  const d = data.downloads;
  const file = (href: string, label: string) => h('a', { href, download: href.split('/').pop() }, label);
  return h(
    'section',
    { id: 'about', class: 'view', 'aria-labelledby': 'about-heading' },
    h('h2', { id: 'about-heading' }, t(lang, 'about.heading')),
    h('p', { class: 'intro' }, englishOnly(data.description, lang)),
    h(
      'p',
      {},
      t(lang, 'about.version', { v: data.version }),
      ' ',
      h('a', { href: data.homepage }, t(lang, 'about.repository')),
      '.',
    ),
    h('h3', {}, t(lang, 'about.sources')),
    h(
      'ul',
      { class: 'sources' },
      ...sources.map((s) =>
        h(
          'li',
          {},
          h(
            'p',
            {},
            h('strong', {}, t(lang, 'about.cite')),
            ' ',
            text(`${citation(s)}, `),
            h('a', { href: String(s.url) }, s.doi ? `doi:${s.doi}` : String(s.url)),
            '.',
          ),
          h('p', {}, h('strong', {}, t(lang, 'about.attribution')), ' ', linkified(String(s.attribution))),
          h(
            'p',
            {},
            t(lang, 'about.licence'),
            ' ',
            h('a', { href: String(s.licence_url), rel: 'license' }, String(s.licence)),
          ),
        ),
      ),
    ),
    h(
      'p',
      {},
      h('strong', {}, t(lang, 'about.dataset-licence')),
      ' ',
      ...data.licences.flatMap((l) => [h('a', { href: l.path, rel: 'license' }, l.title), ' ']),
      '— ',
      t(lang, 'about.carry'),
    ),
    h('h3', {}, t(lang, 'about.tables')),
    h(
      'div',
      { class: 'wide' },
      h(
        'table',
        { class: 'counts' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...(['about.table', 'about.rows', 'about.files', 'about.holds'] as const).map((k) =>
              h('th', { scope: 'col' }, t(lang, k)),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          ...data.tables.map((x) =>
            h(
              'tr',
              {},
              h(
                'td',
                {},
                h(
                  'a',
                  { href: `?table=${x.name}&lang=${lang}`, 'data-table-link': x.name },
                  lang === 'en' ? x.labelEn : x.labelZh,
                ),
                h('br'),
                h('code', {}, x.name),
              ),
              h('td', { class: 'num' }, grouped(x.rows.length)),
              h(
                'td',
                { class: 'files' },
                file(x.files.csv, 'CSV'),
                ' ',
                file(x.files.parquet, 'Parquet'),
                ' ',
                file(x.files.json, 'JSON'),
              ),
              h('td', {}, englishOnly(x.description, lang)),
            ),
          ),
        ),
      ),
    ),
    h('h3', {}, t(lang, 'about.release', { tag: d.tag })),
    h(
      'p',
      {},
      t(lang, d.complete ? 'about.release.complete' : 'about.release.partial'),
      ' ',
      h('a', { href: d.page }, t(lang, 'about.release-page', { tag: d.tag })),
      '.',
    ),
    h(
      'div',
      { class: 'wide' },
      h(
        'table',
        { class: 'downloads' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t(lang, 'about.file')),
            h('th', { scope: 'col' }, t(lang, 'about.bytes')),
            h('th', { scope: 'col' }, 'SHA-256'),
          ),
        ),
        h(
          'tbody',
          {},
          ...d.files.map((f) =>
            h(
              'tr',
              {},
              h('td', {}, h('a', { href: f.url }, f.name)),
              h('td', { class: 'num' }, grouped(f.bytes)),
              h('td', {}, h('code', { class: 'sha' }, f.sha256)),
            ),
          ),
        ),
      ),
    ),
  );
}
