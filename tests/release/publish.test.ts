// The release workflow's uploads, run as the workflow runs them, against stub servers on 127.0.0.1 that speak the
// parts of the Hugging Face Hub API (preupload, Git LFS batch and basic transfer, NDJSON commit) and of Zenodo's
// deposit API (deposition, bucket upload, metadata, publish, new version, discard) the scripts use. Each upload is
// checked for what arrived; a failed upload leaves the release untouched, commits or publishes nothing, and
// discards Zenodo's draft. No test reaches the network.

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256sums } from '../../pipelines/lib/release/checksums.ts';
import { pipeline } from '../helpers/commands.ts';
import { ROOT } from '../helpers/project.ts';

const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
// Hugging Face's client refuses a token that does not start with hf_.
const TOKEN = 'hf_stub_token';
const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let root: string;
let dist: string;
const release = new Map<string, Uint8Array>([
  [
    'README.md',
    new TextEncoder().encode(
      '---\nlicense: "cc-by-4.0"\nconfigs:\n- config_name: "models"\n  data_files: "models.parquet"\n---\n# card\n',
    ),
  ],
  ['CITATION.cff', new TextEncoder().encode('cff-version: 1.2.0\n')],
  ['models.parquet', new Uint8Array(Array.from({ length: 3000 }, (_, i) => i % 251))],
  ['cells.parquet', new Uint8Array(Array.from({ length: 2000 }, (_, i) => (i * 7) % 253))],
  ['models.csv', new TextEncoder().encode('model\nGPT-3\n')],
]);
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lme-publish-'));
  dist = path.join(root, 'dist');
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist);
  for (const [n, b] of release) writeFileSync(path.join(dist, n), b);
  writeFileSync(path.join(dist, 'SHA256SUMS'), sha256sums(release));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The release's files and their bytes, to show that an upload, failed or not, changed none of them. */
const snapshot = () => new Map(readdirSync(dist).map((f) => [f, hex(readFileSync(path.join(dist, f)))]));

interface Seen {
  method: string;
  url: string;
  auth?: string;
  body: Buffer;
}
const body = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
  });

/** A server on 127.0.0.1 answering with `handle`; every request is recorded. */
async function stub(
  handle: (seen: Seen, base: string) => { status: number; json?: unknown; headers?: Record<string, string> },
): Promise<{ base: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  let base = '';
  const server: Server = createServer(async (req, res) => {
    const s: Seen = {
      method: req.method!,
      url: req.url!,
      ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
      body: await body(req),
    };
    seen.push(s);
    const r = handle(s, base);
    res.writeHead(r.status, { 'Content-Type': 'application/json', ...r.headers });
    res.end(r.json === undefined ? '' : JSON.stringify(r.json));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  base = `http://127.0.0.1:${address.port}`;
  return { base, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe('Hugging Face upload (pipelines/publish-hf.ts)', () => {
  const REPO = 'lme-org/lme-data';
  /** The Hub's answers: the card as a regular file, Parquet files through Git LFS; `failPut` fails the storage's PUT. */
  const hub = (failPut = false) =>
    stub((s, base) => {
      if (s.auth !== `Bearer ${TOKEN}` && !s.url.startsWith('/lfs-storage/'))
        return { status: 401, json: { error: 'Invalid credentials' } };
      if (s.method === 'POST' && s.url === `/api/datasets/${REPO}/preupload/main`) {
        const { files } = JSON.parse(s.body.toString()) as { files: { path: string }[] };
        return {
          status: 200,
          json: {
            files: files.map((f) => ({ path: f.path, uploadMode: f.path.endsWith('.parquet') ? 'lfs' : 'regular' })),
          },
        };
      }
      if (s.method === 'POST' && s.url === `/datasets/${REPO}.git/info/lfs/objects/batch`) {
        const { objects } = JSON.parse(s.body.toString()) as { objects: { oid: string; size: number }[] };
        return {
          status: 200,
          json: {
            transfer: 'basic',
            objects: objects.map((o) => ({ ...o, actions: { upload: { href: `${base}/lfs-storage/${o.oid}` } } })),
          },
        };
      }
      if (s.method === 'PUT' && s.url.startsWith('/lfs-storage/')) {
        if (failPut) return { status: 503, json: { error: 'storage unavailable' } };
        return hex(s.body) === s.url.split('/').pop()
          ? { status: 200 }
          : { status: 400, json: { error: 'checksum mismatch' } };
      }
      if (s.method === 'POST' && s.url === `/api/datasets/${REPO}/commit/main`)
        return { status: 200, json: { commitOid: 'c0ffee', commitUrl: `${base}/datasets/${REPO}/commit/c0ffee` } };
      return { status: 404, json: { error: `no route ${s.method} ${s.url}` } };
    });
  const run = (base: string, env: Record<string, string> = {}) =>
    pipeline('publish-hf.ts', ['--dist', dist], {
      HF_TOKEN: TOKEN,
      HF_REPO: REPO,
      HF_ENDPOINT: base,
      ...env,
    }).nothrow();

  it('commits the card and every Parquet file of the release, the Parquet files through Git LFS with their SHA-256', async () => {
    const h = await hub();
    servers.push(h);
    const r = await run(h.base);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const puts = h.seen.filter((s) => s.method === 'PUT');
    expect(puts.map((p) => p.url.split('/').pop()).sort()).toEqual(
      ['cells.parquet', 'models.parquet'].map((f) => hex(release.get(f)!)).sort(),
    );
    for (const p of puts)
      expect(
        p.body.equals(
          Buffer.from(
            release.get(
              ['cells.parquet', 'models.parquet'].find((f) => hex(release.get(f)!) === p.url.split('/').pop())!,
            )!,
          ),
        ),
      ).toBe(true);
    const commits = h.seen.filter((s) => s.url.endsWith('/commit/main'));
    expect(commits).toHaveLength(1);
    const lines = commits[0]!.body
      .toString()
      .split('\n')
      .map((l) => JSON.parse(l) as { key: string; value: { path?: string; content?: string; oid?: string } });
    expect(lines[0]).toEqual({
      key: 'header',
      value: expect.objectContaining({ summary: `large-model-ecosystem v${version}` }),
    });
    const card = lines.find((l) => l.key === 'file' && l.value.path === 'README.md')!;
    expect(Buffer.from(card.value.content!, 'base64').equals(Buffer.from(release.get('README.md')!))).toBe(true);
    expect(
      lines
        .filter((l) => l.key === 'lfsFile')
        .map((l) => [l.value.path, l.value.oid])
        .sort(),
    ).toEqual([
      ['cells.parquet', hex(release.get('cells.parquet')!)],
      ['models.parquet', hex(release.get('models.parquet')!)],
    ]);
    expect(lines.some((l) => l.value.path === 'models.csv')).toBe(false);
    expect(r.stdout).toContain('/datasets/lme-org/lme-data/commit/c0ffee');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('commits nothing and leaves the release untouched when an upload fails, saying so in one located message', async () => {
    const h = await hub(true);
    servers.push(h);
    const before = snapshot();
    const r = await run(h.base);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${h.base}/datasets/${REPO}: did not take the upload`);
    expect(r.stderr).toContain('Nothing was committed.');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(h.seen.some((s) => s.url.endsWith('/commit/main'))).toBe(false);
    expect(snapshot()).toEqual(before);
  });

  it('uploads nothing from a release whose file differs from its SHA256SUMS', async () => {
    const h = await hub();
    servers.push(h);
    const file = path.join(dist, 'models.parquet');
    const original = readFileSync(file);
    try {
      writeFileSync(file, Buffer.concat([original, Buffer.from('x')]));
      const r = await run(h.base);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('models.parquet: does not have the SHA-256 that SHA256SUMS lists');
      expect(h.seen).toEqual([]);
    } finally {
      writeFileSync(file, original);
    }
  });
});

describe('Zenodo deposit (pipelines/publish-zenodo.ts)', () => {
  /** Zenodo's answers for deposition 7 (or, as a new version of record 5, deposition 8 holding one old file). */
  const zenodo = (failFile?: string) =>
    stub((s, base) => {
      if (s.auth !== `Bearer ${TOKEN}`)
        return { status: 401, json: { message: 'The server could not verify that you are authorized' } };
      const deposition = (id: number, files: unknown[] = []) => ({
        id,
        links: { bucket: `${base}/api/files/bucket-${id}`, html: `${base}/deposit/${id}` },
        files,
      });
      if (s.method === 'POST' && s.url === '/api/deposit/depositions') return { status: 201, json: deposition(7) };
      if (s.method === 'POST' && s.url === '/api/deposit/depositions/5/actions/newversion')
        return { status: 201, json: { id: 5, links: { latest_draft: `${base}/api/deposit/depositions/8` } } };
      if (s.method === 'GET' && s.url === '/api/deposit/depositions/8')
        return {
          status: 200,
          json: deposition(8, [{ id: 'old', links: { self: `${base}/api/deposit/depositions/8/files/old` } }]),
        };
      if (s.method === 'DELETE' && s.url === '/api/deposit/depositions/8/files/old') return { status: 204 };
      const put = /^\/api\/files\/bucket-(\d+)\/(.+)$/.exec(s.url);
      if (s.method === 'PUT' && put)
        return decodeURIComponent(put[2]!) === failFile
          ? { status: 500, json: { message: 'Internal server error' } }
          : { status: 201, json: { key: put[2] } };
      const id = /^\/api\/deposit\/depositions\/(\d+)(\/actions\/publish)?$/.exec(s.url);
      if (id && s.method === 'PUT' && !id[2]) return { status: 200, json: deposition(Number(id[1])) };
      if (id && s.method === 'POST' && id[2])
        return {
          status: 202,
          json: {
            doi: `10.5072/zenodo.${id[1]}`,
            conceptdoi: '10.5072/zenodo.4',
            links: { record_html: `${base}/records/${id[1]}` },
          },
        };
      if (id && s.method === 'DELETE' && !id[2]) return { status: 204 };
      return { status: 404, json: { message: `no route ${s.method} ${s.url}` } };
    });
  const run = (base: string, env: Record<string, string> = {}) =>
    pipeline('publish-zenodo.ts', ['--dist', dist], {
      ZENODO_TOKEN: TOKEN,
      ZENODO_URL: base,
      ZENODO_RECORD: '',
      GITHUB_STEP_SUMMARY: '',
      ...env,
    }).nothrow();
  const zenodoJson = JSON.parse(readFileSync(path.join(ROOT, '.zenodo.json'), 'utf8')) as Record<string, unknown>;

  it('deposits every file of the release with SHA256SUMS, describes it by .zenodo.json with the version, publishes, and prints the DOI', async () => {
    const z = await zenodo();
    servers.push(z);
    const r = await run(z.base);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const puts = z.seen.filter((s) => s.method === 'PUT' && s.url.startsWith('/api/files/bucket-7/'));
    expect(puts.map((p) => decodeURIComponent(p.url.split('/').pop()!)).sort()).toEqual(
      [...release.keys(), 'SHA256SUMS'].sort(),
    );
    for (const p of puts)
      expect(hex(p.body), p.url).toBe(hex(readFileSync(path.join(dist, decodeURIComponent(p.url.split('/').pop()!)))));
    const meta = JSON.parse(
      z.seen.find((s) => s.method === 'PUT' && s.url === '/api/deposit/depositions/7')!.body.toString(),
    ) as { metadata: Record<string, unknown> };
    expect(meta.metadata).toEqual({ ...zenodoJson, version });
    expect(z.seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/deposit/depositions/7/actions/publish' });
    expect(r.stdout).toContain('DOI 10.5072/zenodo.7 (every version: 10.5072/zenodo.4)');
  });

  it("makes a new version of ZENODO_RECORD, replacing the previous version's files", async () => {
    const z = await zenodo();
    servers.push(z);
    const r = await run(z.base, { ZENODO_RECORD: '5' });
    expect(r.exitCode).toBe(0);
    expect(z.seen.slice(0, 3).map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /api/deposit/depositions/5/actions/newversion',
      'GET /api/deposit/depositions/8',
      'DELETE /api/deposit/depositions/8/files/old',
    ]);
    expect(z.seen.filter((s) => s.url.startsWith('/api/files/bucket-8/'))).toHaveLength(release.size + 1);
    expect(r.stdout).toContain('DOI 10.5072/zenodo.8');
  });

  it('publishes nothing, discards its draft and leaves the release untouched when an upload fails', async () => {
    const z = await zenodo('models.parquet');
    servers.push(z);
    const before = snapshot();
    const r = await run(z.base);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${z.base}/api/deposit/depositions/7: did not take the release:`);
    expect(r.stderr).toContain('HTTP 500');
    expect(r.stderr).toContain('Nothing was published and its draft was discarded.');
    expect(z.seen.some((s) => s.url.endsWith('/actions/publish'))).toBe(false);
    expect(z.seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/deposit/depositions/7' });
    expect(snapshot()).toEqual(before);
  });

  it(".zenodo.json describes a CC BY 4.0 dataset derived from the paper's DOI and from Epoch AI's dataset", () => {
    expect(zenodoJson).toMatchObject({ upload_type: 'dataset', license: 'cc-by-4.0', access_right: 'open' });
    expect(zenodoJson.creators).toEqual([{ name: 'large-model-ecosystem contributors' }]);
    expect(zenodoJson.related_identifiers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ identifier: '10.12677/sd.2024.143081', relation: 'isDerivedFrom', scheme: 'doi' }),
        expect.objectContaining({
          identifier: 'https://epoch.ai/data/notable-ai-models',
          relation: 'isDerivedFrom',
          resource_type: 'dataset',
        }),
      ]),
    );
    expect(zenodoJson.keywords).toEqual(expect.arrayContaining(['大模型', 'AI policy']));
  });
});
