// Downloads finish or fail: a real server on 127.0.0.1 that trickles, stalls, never answers, sends steadily for too
// long, sends too much or sends a gzip bomb meets a low-speed limit, a deadline, a size limit and the refusal of an
// encoded body (configured small here), and the file is refused with its reason, nothing kept under its name. Bodies
// are streamed: progress is reported as the chunks arrive.

import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadRelease } from '../../pipelines/lib/release/download.ts';
import { describeLimits, limitsFromEnv, type Limits } from '../../pipelines/lib/release/fetch-stream.ts';

const BIG = Buffer.alloc(2 * 2 ** 20, 7);
// 64 MiB of zeros gzip to 64 KiB: what fetch would inflate, unbounded, were the encoding accepted.
const BOMB = gzipSync(Buffer.alloc(64 * 2 ** 20));
/** The Accept-Encoding of each request, by file. */
const acceptEncoding = new Map<string, string | undefined>();
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
  'steady.bin': (res) => {
    // 8 KiB every 20 ms, about 400 KB/s: far above the low-speed limit, but 2 MiB take over five seconds.
    res.writeHead(200, { 'content-length': String(BIG.length) });
    let at = 0;
    const t = setInterval(() => {
      res.write(BIG.subarray(at, at + 8192));
      at += 8192;
    }, 20);
    res.on('close', () => clearInterval(t));
  },
  'bomb.bin': (res) => {
    res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(BOMB.length) });
    res.end(BOMB);
  },
  'stall.bin': (res) => {
    res.writeHead(200, { 'content-length': String(BIG.length) });
    res.write(BIG.subarray(0, 1000));
  },
  'silent.bin': () => {
    /* never answers */
  },
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
    acceptEncoding.set(name, req.headers['accept-encoding']);
    if (name === 'SHA256SUMS') {
      const v = decodeURIComponent(path.basename(path.dirname(req.url ?? '')));
      res.end(`${sha(BIG)}  ${v}.parquet\n`);
      return;
    }
    const route = ROUTES[name.replace(/\.parquet$/, '.bin')];
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

// Small, yet wide enough for a loaded machine: a first request that takes a second to be answered must pass.
const SMALL: Limits = { lowSpeedLimit: 2048, lowSpeedMs: 2000, deadlineMs: 4000, maxBytes: 4 * 2 ** 20 };

/** Downloads the one-file release whose file misbehaves as `route` (the version names the route). */
async function get(route: string, limits = SMALL) {
  const into = mkdtempSync(path.join(dir, `${route}-`));
  const progress: number[] = [];
  const summary = await downloadRelease({
    base,
    version: route,
    dir: into,
    fetch,
    limits,
    onProgress: (_, bytes) => progress.push(bytes),
  });
  return { summary, into, progress };
}

describe('a download', () => {
  it('of a large file streams to disk, reports progress chunk by chunk, and verifies', async () => {
    const { summary, into, progress } = await get('big');
    expect(summary.failures).toEqual([]);
    expect(readFileSync(path.join(into, 'big.parquet')).equals(BIG)).toBe(true);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(BIG.length);
  });

  // Together rather than one after another (test.for gives each its own expect): four of them wait out a limit of the
  // clock (2 s, 2 s, 2 s, 4 s), not the CPU, and each downloads into a folder of its own from a route of its own.
  it.concurrent.for([
    [
      'trickle',
      /sent \d+ bytes in the last 2 s, below the low-speed limit of 2,048 bytes\/s \(LME_DOWNLOAD_LOW_SPEED_LIMIT, LME_DOWNLOAD_LOW_SPEED_TIME\)/,
    ],
    ['stall', /sent (nothing|1,000 bytes) in the last 2 s, below the low-speed limit/],
    ['silent', /sent nothing in the last 2 s, below the low-speed limit/],
    ['steady', /took longer than the deadline of 4 s \(LME_DOWNLOAD_DEADLINE_SECONDS\)/],
    ['oversend', /sent more than the limit of 4,194,304 bytes/],
    ['announced', /announced 20,971,520 bytes, more than the limit/],
    [
      'bomb',
      /was sent with Content-Encoding: gzip, though asked for the file as it is \(Accept-Encoding: identity\); refused unread/,
    ],
  ] as const)(
    'from a server that misbehaves (%s) fails with the reason and keeps nothing',
    async ([route, reason], { expect }) => {
      const { summary, into, progress } = await get(route);
      expect(summary.verified).toEqual([]);
      expect(summary.failures).toHaveLength(1);
      expect(summary.failures[0]!.reason).toMatch(reason);
      expect(readdirSync(into).sort()).toEqual(['.lme-download.json', 'SHA256SUMS']);
      expect(existsSync(path.join(into, `${route}.parquet.part`))).toBe(false);
      // Nothing was inflated: no more bytes than the server sent (a gzip bomb's were counted in tens of MiB).
      expect(Math.max(0, ...progress)).toBeLessThanOrEqual(4 * 2 ** 20);
    },
  );

  it('asks for every file as it is (Accept-Encoding: identity), so that no encoding is inflated', () => {
    expect(acceptEncoding.get('big.parquet')).toBe('identity');
    expect(acceptEncoding.get('SHA256SUMS')).toBe('identity');
  });
});

describe('the limits', () => {
  it("default to curl's low-speed limit of 1 KB/s over 30 s, with a deadline and a size limit", () => {
    const l = limitsFromEnv({});
    expect(l).toEqual({ lowSpeedLimit: 1024, lowSpeedMs: 30_000, deadlineMs: 1_800_000, maxBytes: 2 ** 31 });
    expect(describeLimits(l)).toBe(
      'each file must arrive within 1800 s (LME_DOWNLOAD_DEADLINE_SECONDS) and fails below 1,024 bytes/s over 30 s ' +
        '(LME_DOWNLOAD_LOW_SPEED_LIMIT, LME_DOWNLOAD_LOW_SPEED_TIME)',
    );
  });

  it('are configured from the environment', () => {
    expect(
      limitsFromEnv({
        LME_DOWNLOAD_LOW_SPEED_LIMIT: '100',
        LME_DOWNLOAD_LOW_SPEED_TIME: '2',
        LME_DOWNLOAD_DEADLINE_SECONDS: '5',
        LME_DOWNLOAD_MAX_BYTES: '1000',
      }),
    ).toEqual({ lowSpeedLimit: 100, lowSpeedMs: 2000, deadlineMs: 5000, maxBytes: 1000 });
  });
});
