// CITATION.cff is valid Citation File Format 1.2.0 (against the vendored JSON Schema), describes this dataset with
// package.json's version and repository, and cites the paper the tables come from under its licence.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/project.ts';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: Ajv,
) => Ajv;

const PAPER_DOI = '10.12677/sd.2024.143081';

type Cff = Record<string, unknown>;

const text = readFileSync(path.join(ROOT, 'CITATION.cff'), 'utf8');
const cff = parse(text) as Cff;
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  repository: { url: string };
};
const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'vendor', 'citation-cff', 'schema.json'), 'utf8'));

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** "owner/name" from a GitHub repository URL such as git+https://github.com/owner/name.git. */
function slugOf(url: string): string {
  const m = /github\.com[/:]([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(url);
  if (!m) throw new Error(`not a GitHub repository URL: ${url}`);
  return `${m[1]}/${m[2]}`;
}

describe('CITATION.cff', () => {
  it('is valid against the Citation File Format 1.2.0 schema', () => {
    const validate = validator();
    expect(cff['cff-version']).toBe('1.2.0');
    expect(validate(cff), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('fails validation when broken (negative control)', () => {
    const validate = validator();
    expect(validate({ ...structuredClone(cff), type: 'nonsense' })).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/type')).toBe(true);
    const { title: _dropped, ...untitled } = structuredClone(cff);
    expect(validate(untitled)).toBe(false);
  });

  it('describes a dataset under CC BY 4.0', () => {
    expect(cff.type).toBe('dataset');
    expect(cff.license).toBe('CC-BY-4.0');
    expect(cff.authors).toEqual(expect.arrayContaining([expect.objectContaining({ name: expect.any(String) })]));
  });

  it("carries package.json's version", () => {
    // A YAML number would compare unequal to the string; the version must be a string like package.json's.
    expect(cff.version).toBe(pkg.version);
  });

  it('points repository-code at the repository named in package.json', () => {
    expect(slugOf('git+https://github.com/owner/name.git')).toBe('owner/name');
    expect(slugOf('https://github.com/owner/name')).toBe('owner/name');
    expect(cff['repository-code']).toBe(`https://github.com/${slugOf(pkg.repository.url)}`);
  });

  it('cites the paper as an article with its DOI, licence and attribution', () => {
    const refs = (cff.references ?? []) as Cff[];
    const paper = refs.find((r) => r.doi === PAPER_DOI);
    expect(paper, `no reference with DOI ${PAPER_DOI}`).toBeDefined();
    expect(paper!.type).toBe('article');
    expect(paper!.url).toBe(`https://doi.org/${PAPER_DOI}`);
    expect(paper!.year).toBe(2024);
    expect(paper!.license).toBe('CC-BY-4.0');
    expect(paper!.publisher).toEqual({ name: 'Hans Publishers' });
    expect(paper!.journal).toContain('可持续发展');
    expect(paper!.authors).toEqual(
      expect.arrayContaining([expect.objectContaining({ 'family-names': '常', 'given-names': '永波' })]),
    );
    expect(paper!.notes).toMatch(/^Contains tables from 常永波 \(Chang Yongbo\) et al\., .*licensed under CC BY 4\.0/s);
    // The title is unknown, so it must be a marked placeholder rather than something that reads like a real title.
    expect(paper!.title).toMatch(/^\[Title not recorded/);
  });

  it('asks users to cite both the dataset and the paper', () => {
    expect(cff.message).toMatch(/dataset/i);
    expect(cff.message).toContain(PAPER_DOI);
  });

  it("says where a release's DOI is found (its Zenodo record) and to cite it", () => {
    expect(cff.message).toMatch(/archived on Zenodo with a DOI of its own/);
    expect(cff.message).toMatch(/cite that DOI/);
  });
});
