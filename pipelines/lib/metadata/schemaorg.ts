// The schema.org Dataset document the explorer's page carries (Google Dataset Search reads it): the dataset's
// facts as croissant.json states them, its files as DataDownloads, and one PropertyValue per column of the same table
// definitions, with the column's English and Chinese labels. "@context" is schema.org's own, as Google documents it.

import type { TableDef } from '../schemas.ts';
import { mediaType } from './croissant.ts';

export const SCHEMA_ORG_CONTEXT = 'https://schema.org/';

/** The project's GitHub Pages address (https://<owner>.github.io/<name>/), where the explorer is published. */
export function pagesUrl(repositorySlug: string): string {
  const [owner, name] = repositorySlug.split('/') as [string, string];
  return `https://${owner.toLowerCase()}.github.io/${name}/`;
}

export interface Download {
  name: string;
  url: string;
  bytes: number;
}

/**
 * From a croissant.json document: `page` is the canonical address of the page that carries it; `downloads` the
 * release's files, each a DataDownload.
 */
export function schemaOrgDataset(
  croissant: Record<string, unknown>,
  defs: readonly TableDef[],
  page: string,
  downloads: readonly Download[],
): Record<string, unknown> {
  const creator = croissant.creator as { name: string; url: string };
  return {
    '@context': SCHEMA_ORG_CONTEXT,
    '@type': 'Dataset',
    '@id': croissant['@id'],
    name: croissant.alternateName,
    alternateName: croissant.name,
    description: croissant.description,
    url: page,
    sameAs: croissant.url,
    identifier: croissant['@id'],
    version: croissant.version,
    datePublished: croissant.datePublished,
    license: croissant.license,
    isAccessibleForFree: true,
    creator: { '@type': 'Organization', name: creator.name, url: creator.url },
    keywords: croissant.keywords,
    inLanguage: croissant.inLanguage,
    isBasedOn: croissant.isBasedOn,
    citation: croissant.citeAs,
    distribution: downloads.map((f) => ({
      '@type': 'DataDownload',
      name: f.name,
      encodingFormat: mediaType(f.name),
      contentSize: `${f.bytes} B`,
      contentUrl: f.url,
    })),
    variableMeasured: defs.flatMap((d) =>
      d.columns.map((c) => ({
        '@type': 'PropertyValue',
        name: `${d.name}.${c.name}`,
        alternateName: [c.labelEn, c.labelZh],
        ...(c.unit ? { unitText: c.unit } : {}),
      })),
    ),
  };
}

/** JSON for a <script> element: "</" written as "<\/", so no value can close the element. */
export function scriptJson(doc: unknown): string {
  return JSON.stringify(doc).replace(/<\//g, '<\\/');
}

/**
 * The page with its canonical address and JSON-LD documents in its head (one <script type="application/ld+json">
 * each), put before </head>.
 */
export function withMetadata(html: string, canonical: string, docs: readonly unknown[]): string {
  const at = html.indexOf('</head>');
  if (at < 0) throw new Error('the page has no </head>');
  const head = [
    `<link rel="canonical" href="${canonical.replace(/"/g, '&quot;')}">`,
    ...docs.map((d) => `<script type="application/ld+json">${scriptJson(d)}</script>`),
  ];
  return `${html.slice(0, at)}${head.join('\n')}\n${html.slice(at)}`;
}

/** A sitemap of the one page, dated by the dataset's publication date. */
export function sitemap(canonical: string, lastmod: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n  <url><loc>${esc(canonical)}</loc><lastmod>${esc(lastmod)}</lastmod></url>\n</urlset>\n`;
}
