// What the data is, how to cite it, the CC BY 4.0 attribution of every source, the version, row counts, and the
// release files with their SHA-256.

import type { SiteData } from '../../pipelines/lib/site/data.ts';
import { h, linkified, text } from './dom.ts';
import { rowObjects } from './model.ts';
import { formatValue } from './values.ts';

/** A source's citation from the parts it has: a paper has a journal and a DOI, a dataset neither. */
function citation(s: Record<string, unknown>): string {
  const both = (zh: unknown, en: unknown) => (zh && en && zh !== en ? `${zh} (${en})` : String(zh ?? en ?? ''));
  const author = s['kind'] === 'CSV dataset' ? both(s['first_author'], s['first_author_en']) : `${both(s['first_author'], s['first_author_en'])} et al.`;
  return [author, s['title'] ? `'${s['title']}'` : '', both(s['journal'], s['journal_en']), s['publisher'], s['year']]
    .filter((p) => p !== null && p !== undefined && p !== '').join(', ');
}

export function overview(data: SiteData): HTMLElement {
  const sources = rowObjects(data.tables.find((t) => t.name === 'sources')!);
  const d = data.downloads;
  return h('section', { id: 'overview', 'aria-labelledby': 'overview-heading' },
    h('h2', { id: 'overview-heading' }, 'Overview'),
    h('p', {}, text(data.description)),
    h('p', {}, `Version ${data.version}. `, h('a', { href: data.homepage }, 'Source repository'), '.'),
    h('h3', {}, 'Sources, citation and licence'),
    h('ul', { class: 'sources' }, ...sources.map((s) => h('li', {},
      h('p', {}, h('strong', {}, 'Cite: '), text(`${citation(s)}, `), h('a', { href: String(s.url) }, s.doi ? `doi:${s.doi}` : String(s.url)), '.'),
      h('p', {}, h('strong', {}, 'Attribution: '), linkified(String(s.attribution))),
      h('p', {}, 'Licence: ', h('a', { href: String(s.licence_url), rel: 'license' }, String(s.licence)))))),
    h('p', {}, h('strong', {}, 'Dataset licence: '), ...data.licences.flatMap((l) => [h('a', { href: l.path, rel: 'license' }, l.title), ' ']),
      '— when you use the data, carry the attribution above.'),
    h('h3', {}, 'Tables'),
    h('table', { class: 'counts' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'table'), h('th', { scope: 'col' }, 'rows'), h('th', { scope: 'col' }, 'what it holds'))),
      h('tbody', {}, ...data.tables.map((t) => h('tr', {},
        h('td', {}, h('a', { href: `?table=${t.name}#tables`, 'data-table-link': t.name }, t.name)),
        h('td', { class: 'num' }, formatValue(t.rows.length)),
        h('td', {}, text(t.description)))))),
    h('h3', {}, `Download release ${d.tag}`),
    h('p', {}, ...(d.complete
      ? ['Every file of the ', h('a', { href: d.page }, `release ${d.tag}`), ' with its SHA-256 (check with ', h('code', {}, 'sha256sum -c SHA256SUMS'), '). ', h('code', {}, 'site.zip'), ', this site, is attested but not in SHA256SUMS, which this page lists.']
      : ['The files the ', h('a', { href: d.page }, `release ${d.tag}`), ' copies from the build, with their SHA-256; the zipped CSV and Arrow files and the notes are listed on the release page.'])),
    h('table', { class: 'downloads' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'file'), h('th', { scope: 'col' }, 'bytes'), h('th', { scope: 'col' }, 'SHA-256'))),
      h('tbody', {}, ...d.files.map((f) => h('tr', {},
        h('td', {}, h('a', { href: f.url }, f.name)), h('td', { class: 'num' }, formatValue(f.bytes)), h('td', {}, h('code', { class: 'sha' }, f.sha256)))))));
}
