// Deposits a built release on Zenodo, which gives it a DOI: every file SHA256SUMS lists, and SHA256SUMS, uploaded to
// a new deposition (or a new version of ZENODO_RECORD, so that all versions share one concept DOI), described by
// .zenodo.json with the release's version, then published. Zenodo's GitHub integration archives only the source
// zip; this archives the data. A failure discards the draft, so nothing half-made is left, and dist/ is only read.
// The release workflow runs it when ZENODO_TOKEN is set.
//
//   ZENODO_TOKEN=… [ZENODO_RECORD=<id of the previous version>] [ZENODO_URL=https://zenodo.org]
//   node --import tsx pipelines/publish-zenodo.ts [--dist dist]

import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { plural, progress, runCli } from './lib/cli.ts';
import { packageJson } from './lib/package-info.ts';
import { DIST_DIR, ROOT, shown } from './lib/paths.ts';
import { fail } from './lib/problems.ts';
import { verifiedRelease } from './lib/release/verified.ts';

interface Deposition {
  id: number;
  links: { bucket: string; latest_draft?: string; html?: string };
  files?: { links: { self: string } }[];
}
interface Published {
  doi: string;
  conceptdoi?: string;
  links: { html?: string; record_html?: string };
}

await runCli(async () => {
  const { values } = parseArgs({ options: { dist: { type: 'string' } } });
  const dist = path.resolve(values.dist ?? DIST_DIR);
  const token = process.env.ZENODO_TOKEN;
  const base = (process.env.ZENODO_URL || 'https://zenodo.org').replace(/\/$/, '');
  const previous = process.env.ZENODO_RECORD;
  if (!token)
    fail(
      { file: 'ZENODO_TOKEN' },
      'is not set',
      'Set it to a Zenodo token with the deposit:write and deposit:actions scopes.',
    );
  if (previous && !/^\d+$/.test(previous))
    fail(
      { file: 'ZENODO_RECORD' },
      `is not a Zenodo record id: ${JSON.stringify(previous)}`,
      "Set it to the number of the previous version's record, or unset it for a first deposit.",
    );
  const t0 = performance.now();
  const files = verifiedRelease(dist);
  files.set('SHA256SUMS', readFileSync(path.join(dist, 'SHA256SUMS')));
  const pkg = packageJson();
  const metadata = {
    ...(JSON.parse(readFileSync(path.join(ROOT, '.zenodo.json'), 'utf8')) as Record<string, unknown>),
    version: pkg.version,
  };

  const api = async <T>(method: string, url: string, body?: unknown, type = 'application/json'): Promise<T> => {
    const res = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': type }) },
      ...(body === undefined
        ? {}
        : { body: type === 'application/json' ? JSON.stringify(body) : (body as Uint8Array) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : {}) as T;
  };

  let draft: Deposition;
  try {
    if (previous) {
      const made = await api<Deposition>('POST', `${base}/api/deposit/depositions/${previous}/actions/newversion`);
      draft = await api<Deposition>('GET', made.links.latest_draft!);
      // A new version starts with the previous version's files: this release's replace them.
      for (const f of draft.files ?? []) await api('DELETE', f.links.self);
    } else {
      draft = await api<Deposition>('POST', `${base}/api/deposit/depositions`, {});
    }
  } catch (e) {
    return fail(
      { file: base },
      `did not open a deposition: ${(e as Error).message}`,
      'Nothing was deposited. Check ZENODO_TOKEN (and ZENODO_RECORD), then run the step again.',
    );
  }
  let record: Published;
  try {
    for (const [name, bytes] of files)
      await api('PUT', `${draft.links.bucket}/${encodeURIComponent(name)}`, bytes, 'application/octet-stream');
    await api('PUT', `${base}/api/deposit/depositions/${draft.id}`, { metadata });
    record = await api<Published>('POST', `${base}/api/deposit/depositions/${draft.id}/actions/publish`);
  } catch (e) {
    const discarded = await api('DELETE', `${base}/api/deposit/depositions/${draft.id}`).then(
      () => 'its draft was discarded',
      (d: Error) => `discarding its draft failed too (${d.message}): delete it on Zenodo`,
    );
    return fail(
      { file: `${base}/api/deposit/depositions/${draft.id}` },
      `did not take the release: ${(e as Error).message}`,
      `Nothing was published and ${discarded}. Run the step again.`,
    );
  }
  const line = `DOI ${record.doi}${record.conceptdoi ? ` (every version: ${record.conceptdoi})` : ''}, ${record.links.record_html ?? record.links.html ?? ''}`;
  // The DOI is what this step is for: printed whatever LME_QUIET says, and put in the workflow's summary.
  process.stdout.write(`Zenodo: v${pkg.version} archived with ${line}\n`);
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) appendFileSync(summary, `Zenodo: v${pkg.version} archived with ${line}\n`);
  progress(
    'zenodo',
    `v${pkg.version}: ${plural(files.size, 'file')} of ${shown(dist)}/ published`,
    performance.now() - t0,
  );
});
