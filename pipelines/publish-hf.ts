// Uploads a built release to a Hugging Face dataset repository as one commit: its README.md (the dataset card, whose
// configs name the Parquet files), each table's Parquet file and CITATION.cff. Every file is checked against
// dist/SHA256SUMS first; the repository changes only if every file arrived (a commit is
// made last, after the uploads), and dist/ is only read. The release workflow runs it when HF_TOKEN is set.
//
//   HF_TOKEN=… HF_REPO=owner/name [HF_ENDPOINT=https://huggingface.co] node --import tsx pipelines/publish-hf.ts [--dist dist]

import path from 'node:path';
import { parseArgs } from 'node:util';
import { uploadFiles } from '@huggingface/hub';
import { plural, progress, runCli } from './lib/cli.ts';
import { packageJson } from './lib/package-info.ts';
import { DIST_DIR, shown } from './lib/paths.ts';
import { fail } from './lib/problems.ts';
import { verifiedRelease } from './lib/release/verified.ts';

await runCli(async () => {
  const { values } = parseArgs({ options: { dist: { type: 'string' } } });
  const dist = path.resolve(values.dist ?? DIST_DIR);
  const token = process.env.HF_TOKEN;
  const repo = process.env.HF_REPO;
  const hubUrl = process.env.HF_ENDPOINT || 'https://huggingface.co';
  if (!token)
    fail(
      { file: 'HF_TOKEN' },
      'is not set',
      'Set it to a Hugging Face token that may write to the dataset repository.',
    );
  if (!repo || !/^[\w.-]+\/[\w.-]+$/.test(repo))
    fail(
      { file: 'HF_REPO' },
      `is not a repository name like owner/name: ${JSON.stringify(repo ?? '')}`,
      'Set it to the dataset repository, e.g. large-model-ecosystem/large-model-ecosystem.',
    );
  const t0 = performance.now();
  const files = new Map(
    [...verifiedRelease(dist)].filter(
      ([name]) => name === 'README.md' || name === 'CITATION.cff' || name.endsWith('.parquet'),
    ),
  );
  const tag = `v${packageJson().version}`;
  let commit: string | undefined;
  try {
    const done = await uploadFiles({
      repo: { type: 'dataset', name: repo },
      accessToken: token,
      hubUrl,
      // Git LFS's basic transfer for the Parquet files, which the tests' stub speaks too (not the Xet protocol).
      useXet: false,
      commitTitle: `${packageJson().name} ${tag}`,
      commitDescription: `The release ${tag}: the dataset card and each table's Parquet file, as in the release's SHA256SUMS.`,
      files: [...files].map(([name, bytes]) => ({ path: name, content: new Blob([bytes]) })),
    });
    commit = done?.commit.url;
  } catch (e) {
    fail(
      { file: `${hubUrl}/datasets/${repo}` },
      `did not take the upload: ${(e as Error).message}`,
      'Nothing was committed. Check that HF_TOKEN may write to HF_REPO and that the repository exists (create it on Hugging Face once), then run the step again.',
    );
  }
  process.stdout.write(`Hugging Face: ${tag} committed to ${repo}: ${commit}\n`);
  progress(
    'hugging face',
    `${plural(files.size, 'file')} of ${shown(dist)}/ committed to ${repo} (${tag})`,
    performance.now() - t0,
  );
});
