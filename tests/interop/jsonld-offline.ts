// JSON-LD expansion (jsonld 9) that never reaches the network: the document loader serves the contexts vendored under
// schemas/vendor/ for the URLs they are published at, and refuses every other URL.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import jsonld from 'jsonld';
import { ROOT } from '../helpers/project.ts';

const vendored = (...p: string[]) =>
  JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'vendor', ...p), 'utf8')) as unknown;
const SCHEMA_ORG = vendored('schema.org', 'schemaorgcontext-28.0.jsonld');
/** The context URLs a document may name, each served from its vendored copy. */
export const VENDORED_CONTEXTS = new Map<string, unknown>(
  ['https://schema.org/', 'https://schema.org', 'http://schema.org/', 'http://schema.org'].map((u) => [u, SCHEMA_ORG]),
);

/** The URLs the loader was asked for, served or refused, for the tests to look at. */
export const requested: string[] = [];

async function documentLoader(url: string) {
  requested.push(url);
  const document = VENDORED_CONTEXTS.get(url);
  if (document === undefined) throw new Error(`remote context refused (only vendored contexts are served): ${url}`);
  return { contextUrl: null, document, documentUrl: url };
}

export function expandOffline(doc: unknown): Promise<Record<string, unknown>[]> {
  return jsonld.expand(doc, { documentLoader });
}
