// make pages: the explorer and a static API of every release, served as GitHub Pages serves a project site (a sub-path,
// 127.0.0.1) and fetched: /v1/<tag>/<table>.{csv,parquet,json} with the release's bytes, metadata.json whose paths
// resolve beside it, /latest/ the newest by semantic version, /v1/versions.json. A release from before per-table
// files is left out in one line; a release whose file differs from its SHA256SUMS stops the build, nothing written.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256sums } from '../../pipelines/lib/release/checksums.ts';
import { serveSite } from '../../pipelines/lib/site/serve.ts';
import { pipeline } from '../helpers/commands.ts';

let root: string;
const at = (...p: string[]) => path.join(root, ...p);
const text = (s: string) => new TextEncoder().encode(s);

/** A release folder as `make release` lays it out (or, with `perTable` false, as releases before the API did). */
function release(dir: string, version: string, perTable = true): void {
  const files = new Map<string, Uint8Array>();
  const resources = ['models', 'cells'].map((t) => ({
    name: t,
    path: perTable ? `${t}.csv` : `csv/${t}.csv`,
    alternates: [{ path: perTable ? `${t}.parquet` : `parquet/${t}.parquet`, format: 'parquet' }],
  }));
  files.set(
    'datapackage.json',
    text(JSON.stringify({ name: 'lme', version, resources, database: { path: 'db.duckdb' } })),
  );
  for (const t of ['models', 'cells']) {
    if (perTable) for (const f of ['csv', 'parquet', 'json']) files.set(`${t}.${f}`, text(`${t} ${f} of ${version}\n`));
    else files.set(`${t}.parquet`, text(`${t} parquet of ${version}\n`));
  }
  mkdirSync(dir, { recursive: true });
  for (const [n, b] of files) writeFileSync(path.join(dir, n), b);
  writeFileSync(path.join(dir, 'SHA256SUMS'), sha256sums(files));
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lme-pages-'));
  mkdirSync(at('site'));
  writeFileSync(at('site', 'index.html'), '<!doctype html><title>explorer</title>\n');
  release(at('dist'), '0.10.0');
  release(at('earlier', 'v0.9.0'), '0.9.0');
  release(at('earlier', 'v0.2.0'), '0.2.0');
  release(at('earlier', 'v0.1.0'), '0.1.0', false);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const pages = (extra: string[] = [], dir = at('pages')) =>
  pipeline('pages.ts', ['--site', at('site'), '--release', at('dist'), '--pages', dir, ...extra]).nothrow();

describe('make pages', () => {
  let stderr = '';
  beforeAll(async () => {
    const r = await pages(['--releases', at('earlier')]);
    expect(r.exitCode).toBe(0);
    stderr = r.stderr;
  });

  it("serves every release's tables at /v1/<tag>/ and the newest by semantic version (0.10.0, not 0.9.0) at /latest/", async () => {
    const server = await serveSite(at('pages'));
    try {
      const get = async (p: string) => {
        const r = await fetch(new URL(p, server.url));
        expect(r.status, p).toBe(200);
        return r.text();
      };
      expect(await get('index.html')).toContain('explorer');
      for (const v of ['0.2.0', '0.9.0', '0.10.0'])
        for (const f of ['csv', 'parquet', 'json'])
          expect(await get(`v1/v${v}/models.${f}`)).toBe(`models ${f} of ${v}\n`);
      expect(await get('latest/cells.json')).toBe('cells json of 0.10.0\n');
      expect(JSON.parse(await get('v1/versions.json'))).toEqual({
        latest: 'v0.10.0',
        versions: ['v0.10.0', 'v0.9.0', 'v0.2.0'].map((tag) => ({ tag, metadata: `${tag}/metadata.json` })),
      });
      const meta = JSON.parse(await get('v1/v0.9.0/metadata.json')) as {
        version: string;
        database?: unknown;
        resources: { path: string; alternates: { path: string }[] }[];
      };
      expect(meta.version).toBe('0.9.0');
      expect(meta.database).toBeUndefined();
      for (const r of meta.resources)
        for (const p of [r.path, ...r.alternates.map((a) => a.path)]) await get(`v1/v0.9.0/${p}`);
    } finally {
      await server.close();
    }
  });

  it('leaves out a release from before per-table files, saying so in one line', () => {
    expect(readdirSync(at('pages', 'v1')).sort()).toEqual(['v0.10.0', 'v0.2.0', 'v0.9.0', 'versions.json']);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/v0\.1\.0: has no models\.csv at its top .*; left out of the API\.$/),
    ]);
  });

  it('refuses a release whose file differs from its SHA256SUMS, naming it, and writes nothing', async () => {
    const tampered = at('tampered');
    release(path.join(tampered, 'v0.3.0'), '0.3.0');
    writeFileSync(path.join(tampered, 'v0.3.0', 'models.json'), 'changed\n');
    const r = await pages(['--releases', tampered], at('pages-refused'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('models.json: does not have the SHA-256 that SHA256SUMS lists');
    expect(existsSync(at('pages-refused'))).toBe(false);
    expect(readdirSync(root).filter((f) => f.startsWith('pages-refused'))).toEqual([]);
  });
});

it('needs a built explorer', async () => {
  const r = await pipeline('pages.ts', [
    '--site',
    at('nothing'),
    '--release',
    at('dist'),
    '--pages',
    at('pages-none'),
  ]).nothrow();
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toContain('holds no built explorer');
  expect(readFileSync(at('site', 'index.html'), 'utf8')).toContain('explorer');
});
