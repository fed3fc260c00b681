// The download folder in process (issue 33), beside tests/release/download-verify.test.ts: a refusal names the
// folder as the user gave it, a marker vouches for its files only when every entry is a file name, a mirror's
// address may end in slashes, and a disk that fills mid-file fails the download with the machine's own error,
// leaving no part file behind.

import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataError } from '../../pipelines/lib/problems.ts';
import {
  claimableFolder,
  downloadFile,
  MARKER,
  releaseFileUrl,
  type FetchLike,
} from '../../pipelines/lib/release/download.ts';
import { interruptInProcess, signalHandlers } from '../helpers/interrupt-in-process.ts';
import { rejection } from '../helpers/rejection.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lme-download-folder-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Where the refusal of a folder points, and what it says. */
function refusedAt(dir: string, version: string, shownDir: string): [string | undefined, string] {
  try {
    claimableFolder(dir, version, shownDir);
  } catch (e) {
    if (e instanceof DataError) return [e.problems[0]!.where.file, e.problems[0]!.message];
    throw e;
  }
  throw new Error(`${dir} was not refused`);
}

describe('a refused folder', () => {
  it('is named as the user gave it, whatever is wrong with it', () => {
    writeFileSync(path.join(root, 'file'), 'x');
    const other = path.join(root, 'other');
    mkdirSync(other);
    writeFileSync(path.join(other, MARKER), JSON.stringify({ version: 'v0.0.9', files: [] }));
    const yours = path.join(root, 'yours');
    mkdirSync(yours);
    writeFileSync(path.join(yours, 'notes.txt'), 'x');
    expect([path.join(root, 'file'), other, yours].map((dir) => refusedAt(dir, 'v0.1.0', '~/my downloads')[0])).toEqual(
      ['~/my downloads', '~/my downloads', '~/my downloads'],
    );
  });

  it('is not vouched for by a marker one of whose entries is not a file name', () => {
    writeFileSync(path.join(root, MARKER), JSON.stringify({ version: 'v0.1.0', files: ['models.csv', 7] }));
    writeFileSync(path.join(root, 'models.csv'), 'x');
    expect(refusedAt(root, 'v0.1.0', 'dl')[1]).toMatch(/\(models\.csv\); nothing was fetched$/);
  });
});

it("takes a mirror's address with trailing slashes as the same mirror", () => {
  expect(releaseFileUrl('http://mirror.test/releases//', 'v1.0.0', 'models.csv')).toBe(
    'http://mirror.test/releases/v1.0.0/models.csv',
  );
});

it("fails a file on a full disk with the machine's error (ENOSPC), and leaves no part file", async () => {
  // /dev/full takes the file but refuses every byte, as a full disk does: the part file is made to lead there.
  symlinkSync('/dev/full', path.join(root, 'models.csv.part'));
  const fetch: FetchLike = async () => ({ status: 200, arrayBuffer: async () => new Uint8Array([1, 2, 3]).buffer });
  const e = await rejection(
    downloadFile({ base: 'http://mirror.test', version: 'v1.0.0', dir: root, fetch }, 'models.csv', '0'.repeat(64)),
  );
  expect(e).toMatchObject({ code: 'ENOSPC' });
  expect(readdirSync(root)).toEqual([]);
});

it('removes the file being fetched on SIGTERM, saying so, and keeps the verified files', async () => {
  writeFileSync(path.join(root, 'verified.csv'), 'x');
  let end: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    end = resolve;
  });
  const fetch: FetchLike = async () => ({
    status: 200,
    arrayBuffer: async () => new ArrayBuffer(0),
    body: (async function* () {
      yield new Uint8Array([1, 2, 3]);
      await ended;
    })(),
  });
  const before = signalHandlers('SIGTERM');
  const running = downloadFile(
    { base: 'http://mirror.test', version: 'v1.0.0', dir: root, fetch },
    'models.csv',
    '0'.repeat(64),
  );
  const { said, code } = await interruptInProcess('SIGTERM', before);
  const after = readdirSync(root);
  // Held from exiting here, the download goes on to the end of the body and fails its checksum; it has ended before
  // anything is asserted, so that a failure leaves no download (and no handler) behind.
  end();
  const outcome = await running.catch((e: unknown) => e);
  expect(after).toEqual(['verified.csv']);
  expect([said, code]).toEqual([
    expect.stringMatching(/^\nInterrupted \(SIGTERM\)\. .*models\.csv\.part was removed/),
    143,
  ]);
  expect(outcome).toMatchObject({ ok: false, kind: 'checksum' });
});
