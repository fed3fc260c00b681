// croissant.json (in out/ and in a release), and the explorer's page with the schema.org Dataset document and
// croissant.json in its head, checked offline: an ajv schema holds Croissant 1.0's required fields and the
// responsible-AI minimum; both documents expand with jsonld to the expected IRIs, remote contexts refused (the
// contexts are vendored); every FileObject's size and SHA-256 equal the file's and SHA256SUMS'; every column a Field
// extracts is in its Parquet file with the declared type; and the Croissant and datapackage.json descriptions of
// the tables cannot drift apart. mlcroissant itself runs in the release workflow (pip is not reachable here).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parquetMetadata } from 'hyparquet';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSha256sums } from '../../pipelines/lib/release/checksums.ts';
import { sha256 } from '../../pipelines/lib/hash.ts';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { scriptJson, withMetadata } from '../../pipelines/lib/metadata/schemaorg.ts';
import { sizeCategory } from '../../pipelines/lib/release/texts.ts';
import { siteCroissant, siteFiles } from '../../pipelines/lib/site/croissant.ts';
import { pipeline } from '../helpers/commands.ts';
import { builtRelease } from '../helpers/built-release.ts';
import { builtSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { ROOT } from '../helpers/project.ts';
import { expandOffline, requested } from './jsonld-offline.ts';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: Ajv,
) => Ajv;
// biome-ignore lint/suspicious/noExplicitAny: parsed JSON walked path by path; a wrong path fails the test's expectation
type Doc = Record<string, any>;
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Doc;

let s: Sandbox;
let dist: string;
let site: string;
beforeAll(async () => {
  s = await builtSandbox();
  dist = path.join(s.root, 'dist');
  await builtRelease(s, dist);
  await pipeline('site.ts', ['--out', s.out, '--dist', dist]);
  site = path.join(s.out, 'site');
}, 300_000);
afterAll(() => s?.remove());

const documents = () =>
  [
    ['out/', readJson(path.join(s.out, 'croissant.json'))],
    ['the release', readJson(path.join(dist, 'croissant.json'))],
  ] as const;

function minimum() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(readJson(path.join(ROOT, 'tests', 'interop', 'croissant-minimum.schema.json')));
}

describe('croissant.json', () => {
  it('holds the required fields of Croissant 1.0 and the responsible-AI minimum, in out/ and in the release', () => {
    const validate = minimum();
    for (const [where, doc] of documents())
      expect(validate(doc), `${where}: ${JSON.stringify(validate.errors, null, 2)}`).toBe(true);
  });

  it('fails that schema without a required field or a responsible-AI field (negative control)', () => {
    const validate = minimum();
    const [, doc] = documents()[1];
    for (const key of ['name', 'citeAs', 'rai:dataBiases', 'rai:personalSensitiveInformation']) {
      const { [key]: _dropped, ...without } = doc;
      expect(validate(without), key).toBe(false);
    }
    expect(validate({ ...doc, distribution: [{ ...doc.distribution[0], sha256: undefined }] })).toBe(false);
  });

  it('expands with jsonld to the Croissant, schema.org and RAI IRIs, fetching no context', async () => {
    for (const [where, doc] of documents()) {
      requested.length = 0;
      const [dataset] = await expandOffline(doc);
      expect(requested, where).toEqual([]);
      expect(dataset!['@type']).toEqual(['https://schema.org/Dataset']);
      expect(dataset!['http://purl.org/dc/terms/conformsTo']).toEqual(
        expect.arrayContaining([{ '@language': 'en', '@value': 'http://mlcommons.org/croissant/1.0' }]),
      );
      for (const iri of [
        'https://schema.org/name',
        'https://schema.org/license',
        'https://schema.org/creator',
        'https://schema.org/datePublished',
        'http://mlcommons.org/croissant/citeAs',
        'http://mlcommons.org/croissant/RAI/dataCollection',
        'http://mlcommons.org/croissant/RAI/dataLimitations',
        'http://mlcommons.org/croissant/RAI/dataBiases',
        'http://mlcommons.org/croissant/RAI/personalSensitiveInformation',
      ]) {
        expect(dataset![iri], `${where}: ${iri}`).toBeDefined();
      }
      const files = dataset!['https://schema.org/distribution'] as Doc[];
      expect(
        files.every(
          (f) => f['@type'][0] === 'http://mlcommons.org/croissant/FileObject' && f['https://schema.org/sha256'],
        ),
      ).toBe(true);
      const sets = dataset!['http://mlcommons.org/croissant/recordSet'] as Doc[];
      expect(sets).toHaveLength(loadTableDefs().length);
      const field = (sets[0]!['http://mlcommons.org/croissant/field'] as Doc[])[0]!;
      expect(field['@type']).toEqual(['http://mlcommons.org/croissant/Field']);
      expect(field['http://mlcommons.org/croissant/dataType']).toEqual([{ '@id': 'https://schema.org/Text' }]);
      const source = (field['http://mlcommons.org/croissant/source'] as Doc[])[0]!;
      expect(source['http://mlcommons.org/croissant/extract'][0]['http://mlcommons.org/croissant/column']).toEqual([
        { '@language': 'en', '@value': 'source_id' },
      ]);
    }
  });

  it('a document that names a context not vendored is refused, not fetched (negative control)', async () => {
    requested.length = 0;
    const error = await expandOffline({ '@context': 'https://example.org/context.jsonld', name: 'x' }).then(
      () => undefined,
      (e: unknown) => e as { details?: { cause?: Error } },
    );
    expect(requested).toEqual(['https://example.org/context.jsonld']);
    expect(error?.details?.cause?.message).toMatch(/^remote context refused/);
  });

  it('describes every file of the release but itself and SHA256SUMS, each with the size and SHA-256 SHA256SUMS and the file have', () => {
    const [, doc] = documents()[1];
    const sums = parseSha256sums(readFileSync(path.join(dist, 'SHA256SUMS'), 'utf8'));
    const files = doc.distribution as Doc[];
    expect(files.map((f) => f.name).sort()).toEqual(
      readdirSync(dist)
        .filter((f) => f !== 'croissant.json' && f !== 'SHA256SUMS')
        .sort(),
    );
    for (const f of files) {
      expect(f.sha256, f.name).toBe(sums.get(f.name));
      expect(f.sha256, f.name).toBe(sha256(readFileSync(path.join(dist, f.contentUrl))));
      expect(f.contentSize, f.name).toBe(`${statSync(path.join(dist, f.contentUrl)).size} B`);
    }
    expect(sums.has('croissant.json')).toBe(true);
  });

  it("extracts every column from its table's Parquet file, where it has the declared type", () => {
    const physical: Record<string, string[]> = {
      'sc:Integer': ['INT64', 'INT32'],
      'sc:Float': ['DOUBLE', 'FLOAT'],
      'sc:Boolean': ['BOOLEAN'],
      'sc:Text': ['BYTE_ARRAY'],
      'sc:URL': ['BYTE_ARRAY'],
    };
    for (const [where, doc] of documents()) {
      const dir = where === 'out/' ? s.out : dist;
      const files = new Map((doc.distribution as Doc[]).map((f) => [f['@id'], f.contentUrl]));
      for (const rs of doc.recordSet as Doc[]) {
        for (const f of rs.field as Doc[]) {
          const file = files.get(f.source.fileObject['@id']);
          expect(file, `${where} ${f['@id']}`).toMatch(/\.parquet$/);
          const buffer = readFileSync(path.join(dir, file));
          const schema = parquetMetadata(
            buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength),
          ).schema;
          const column = schema.find((e) => e.name === f.source.extract.column && e.num_children === undefined);
          expect(column, `${where} ${f['@id']}`).toBeDefined();
          expect(physical[f.dataType], `${where} ${f['@id']}: ${column!.type}`).toContain(column!.type);
          if (column!.type === 'BYTE_ARRAY')
            expect(column!.converted_type ?? column!.logical_type?.type, f['@id']).toMatch(/UTF8|STRING/);
        }
      }
    }
  });

  it("describes the tables and columns datapackage.json describes, and out/'s files with datapackage.json's sizes and hashes", () => {
    const [, doc] = documents()[0];
    const pkg = readJson(path.join(s.out, 'datapackage.json'));
    expect((doc.recordSet as Doc[]).map((r) => [r['@id'], (r.field as Doc[]).map((f) => f.name)])).toEqual(
      (pkg.resources as Doc[]).map((r) => [r.name, (r.schema.fields as Doc[]).map((f) => f.name)]),
    );
    const files = new Map((doc.distribution as Doc[]).map((f) => [f.contentUrl, f]));
    const listed = (pkg.resources as Doc[]).flatMap((r) => [r, ...r.alternates]);
    expect([...files.keys()].sort()).toEqual(listed.map((f) => f.path).sort());
    for (const f of listed)
      expect([files.get(f.path)!.contentSize, `sha256:${files.get(f.path)!.sha256}`]).toEqual([`${f.bytes} B`, f.hash]);
  });
});

describe("the release's README as a Hugging Face dataset card", () => {
  const card = () => {
    const text = readFileSync(path.join(dist, 'README.md'), 'utf8');
    const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
    expect(m, 'front matter').not.toBeNull();
    return parse(m![1]!) as Doc;
  };

  it('has YAML front matter with the licence, both languages, a name and a size category', () => {
    expect(card()).toMatchObject({
      license: 'cc-by-4.0',
      language: ['zh', 'en'],
      pretty_name: 'large-model-ecosystem',
      size_categories: ['n<1K'],
    });
  });

  it("names the size category of the largest table, at Hugging Face's bounds", () => {
    expect([0, 999, 1000, 9999, 10_000, 999_999, 1_000_000, 2e8].map(sizeCategory)).toEqual([
      'n<1K',
      'n<1K',
      '1K<n<10K',
      '1K<n<10K',
      '10K<n<100K',
      '100K<n<1M',
      '1M<n<10M',
      'n>100M',
    ]);
  });

  it('has one configuration per table, reading its Parquet file, which is in the release; models first, the default', () => {
    const configs = card().configs as { config_name: string; data_files: string; default?: boolean }[];
    expect(configs.map((c) => c.config_name)).toEqual(loadTableDefs().map((d) => d.name));
    for (const c of configs) expect(statSync(path.join(dist, c.data_files)).isFile(), c.data_files).toBe(true);
    expect(configs.filter((c) => c.default).map((c) => c.config_name)).toEqual(['models']);
  });
});

describe("the explorer's page", () => {
  const page = () => readFileSync(path.join(site, 'index.html'), 'utf8');
  const scripts = () =>
    [...page().matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]!) as Doc);

  it('carries its canonical address on GitHub Pages and a sitemap that lists it', () => {
    const canonical = /<link rel="canonical" href="([^"]+)">/.exec(page())![1]!;
    expect(canonical).toBe('https://large-model-ecosystem.github.io/large-model-ecosystem/');
    expect(readFileSync(path.join(site, 'sitemap.xml'), 'utf8')).toContain(`<loc>${canonical}</loc>`);
  });

  it("carries a schema.org Dataset that expands, with schema.org's vendored context, to the IRIs Dataset Search reads", async () => {
    const [schemaOrg, croissant] = scripts();
    expect(schemaOrg!['@context']).toBe('https://schema.org/');
    requested.length = 0;
    const [dataset] = await expandOffline(schemaOrg);
    expect(requested).toEqual(['https://schema.org/']);
    expect(dataset!['@type']).toEqual(['http://schema.org/Dataset']);
    for (const iri of [
      'name',
      'description',
      'license',
      'creator',
      'distribution',
      'variableMeasured',
      'url',
      'version',
      'isAccessibleForFree',
    ]) {
      expect(dataset![`http://schema.org/${iri}`], iri).toBeDefined();
    }
    expect(dataset!['http://schema.org/license']).toEqual([{ '@id': 'https://creativecommons.org/licenses/by/4.0/' }]);
    const columns = loadTableDefs().reduce((n, d) => n + d.columns.length, 0);
    expect(dataset!['http://schema.org/variableMeasured']).toHaveLength(columns);
    // The same dataset in both documents: one node for a reader that merges them.
    expect(schemaOrg!['@id']).toBe(croissant!['@id']);
  });

  it("carries the release's croissant.json, its files at the release's addresses, and serves it beside the page", () => {
    const [, croissant] = scripts();
    const release = readJson(path.join(dist, 'croissant.json'));
    expect(croissant!.recordSet).toEqual(release.recordSet);
    for (const f of croissant!.distribution as Doc[])
      expect(f.contentUrl).toBe(
        `https://github.com/large-model-ecosystem/large-model-ecosystem/releases/download/v${release.version}/${f.name}`,
      );
    expect(readJson(path.join(site, 'croissant.json'))).toEqual(croissant);
  });

  it("points every file of the site's croissant.json before a release at a file the site serves, with its SHA-256", () => {
    const served = siteFiles(readJson(path.join(site, 'data.json')).tables);
    const doc = siteCroissant(readJson(path.join(s.out, 'croissant.json')), served);
    expect(minimum()(doc)).toBe(true);
    const files = doc.distribution as Doc[];
    expect(files.map((f) => f.contentUrl)).toEqual(expect.arrayContaining(['data/models.csv', 'data/models.parquet']));
    for (const f of files) expect(sha256(readFileSync(path.join(site, f.contentUrl))), f.contentUrl).toBe(f.sha256);
    // The Arrow files are only in a release's zip: left out, and no record set reads them.
    expect(files.some((f) => String(f.contentUrl).endsWith('.arrow'))).toBe(false);
    expect(() => siteCroissant(readJson(path.join(s.out, 'croissant.json')), new Map())).toThrow(/does not serve/);
  });

  it('writes JSON-LD that no value can close early, before </head>', () => {
    expect(scriptJson({ a: '</script><script>alert(1)</script>' })).not.toContain('</');
    expect(withMetadata('<html><head><title>x</title></head></html>', 'https://e.org/"x', [{ a: 1 }])).toBe(
      '<html><head><title>x</title><link rel="canonical" href="https://e.org/&quot;x">\n<script type="application/ld+json">{"a":1}</script>\n</head></html>',
    );
  });
});
