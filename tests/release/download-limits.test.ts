// Downloads finish or fail: a real server on 127.0.0.1 that trickles, stalls, never answers or sends too much
// meets an idle timeout, a deadline and a size limit (configured small here), and the file is refused with its
// reason, nothing kept under its name. Bodies are streamed: progress is reported as the chunks arrive.

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadRelease } from '../../pipelines/lib/release/download.ts';
import { limitsFromEnv, type Limits } from '../../pipelines/lib/release/fetch-stream.ts';

const BIG = Buffer.alloc(2 * 2 ** 20, 7);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Each route is how the server misbehaves for one file; every one is listed in SHA256SUMS as BIG. */
const ROUTES: Record<string, (res: ServerResponse) => void> = {
  'big.bin': (res) => {
    res.writeHead(200, { 'content-length': String(BIG.length) });
    // In 64 KiB writes, so that the client sees many chunks.
    for (let i = 0; i < BIG.length; i += 65536) res.write(BIG.subarray(i, i + 65536));
    res.end();
  },
  'trickle.bin': (res) => {
    res.writeHead(200, { 'content-length': String(BIG.length) });
    const t = setInterval(() => res.write(Buffer.from([7])), 50);
    res.on('close', () => clearInterval(t));
  },
  'stall.bin': (res) => {
    res.writeHead(200, { 'content-length': String(BIG.length) });
    res.write(BIG.subarray(0, 1000));
  },
  'silent.bin': () => { /* never answers */ },
  'oversend.bin': (res) => {
    res.writeHead(200); // chunked, no length: the limit is found while reading
    const t = setInterval(() => res.write(BIG.subarray(0, 65536)), 5);
    res.on('close', () => clearInterval(t));
  },
  'announced.bin': (res) => {
    res.writeHead(200, { 'content-length': String(10 * BIG.length) });
    res.write(BIG.subarray(0, 1000));
  },
};

let server: Server;
let base: string;
let dir: string;
const openResponses = new Set<ServerResponse>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lme-dl-'));
  server = createServer((req, res) => {
    openResponses.add(res);
    const name = path.basename(req.url ?? '');
    if (name === 'SHA256SUMS') {
      const v = decodeURIComponent(path.basename(path.dirname(req.url ?? '')));
      res.end(`${sha(BIG)}  ${v}.bin\n`);
      return;
    }
    const route = ROUTES[name];
    if (route) route(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const r of openResponses) r.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const SMALL: Limits = { idleMs: 300, deadlineMs: 1500, maxBytes: 4 * 2 ** 20 };

/** Downloads the one-file release whose file misbehaves as `route` (the version names the route). */
async function get(route: string, limits = SMALL) {
  const into = mkdtempSync(path.join(dir, `${route}-`));
  const progress: number[] = [];
  const summary = await downloadRelease({ base, version: route, dir: into, fetch, limits, onProgress: (_, bytes) => progress.push(bytes) });
  return { summary, into, progress };
}

describe('a download', () => {
  it('of a large file streams to disk, reports progress chunk by chunk, and verifies', async () => {
    const { summary, into, progress } = await get('big');
    expect(summary.failures).toEqual([]);
    expect(readFileSync(path.join(into, 'big.bin')).equals(BIG)).toBe(true);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(BIG.length);
  });

  it.each([
    ['trickle', /took longer than the deadline of 1\.5 s/],
    ['stall', /sent nothing for 0\.3 s \(idle timeout/],
    ['silent', /sent nothing for 0\.3 s \(idle timeout/],
    ['oversend', /sent more than the limit of 4,194,304 bytes/],
    ['announced', /announced 20,971,520 bytes, more than the limit/],
  ])('from a server that misbehaves (%s) fails with the reason and keeps nothing', async (route, reason) => {
    const { summary, into } = await get(route);
    expect(summary.verified).toEqual([]);
    expect(summary.failures).toHaveLength(1);
    expect(summary.failures[0]!.reason).toMatch(reason);
    expect(readdirSync(into)).toEqual(['SHA256SUMS']);
    expect(existsSync(path.join(into, `${route}.bin.part`))).toBe(false);
  });
});

describe('the limits', () => {
  it('default to at most 60 s without a byte, with a deadline and a size limit', () => {
    const l = limitsFromEnv({});
    expect(l.idleMs).toBeLessThanOrEqual(60_000);
    expect(l.deadlineMs).toBeGreaterThan(l.idleMs);
    expect(l.maxBytes).toBeGreaterThan(0);
  });

  it('are configured from the environment', () => {
    expect(limitsFromEnv({ LME_DOWNLOAD_IDLE_SECONDS: '2', LME_DOWNLOAD_DEADLINE_SECONDS: '5', LME_DOWNLOAD_MAX_BYTES: '1000' }))
      .toEqual({ idleMs: 2000, deadlineMs: 5000, maxBytes: 1000 });
  });
});
