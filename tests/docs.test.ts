// Generated documentation cannot drift: the data dictionary must be what the schemas generate, and the generated
// sections of the README and of docs/ (tables, example queries with output, known issues, download, cite) what the
// data generates. And the README stays a page read in five minutes whose every command works: each command in its
// code blocks is run here, or names the test that runs it.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDocs, type GeneratedDocs } from '../pipelines/docs.ts';
import { dataDictionary } from '../pipelines/lib/docs/dictionary.ts';
import { loadViews } from '../pipelines/lib/emit/ddl.ts';
import { DATABASE_FILE } from '../pipelines/lib/paths.ts';
import { loadTableDefs } from '../pipelines/lib/schemas.ts';
import { builtSandbox, type Sandbox } from './helpers/sandbox.ts';
import { ROOT } from './helpers/project.ts';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

let s: Sandbox;
let docs: GeneratedDocs;
beforeAll(async () => {
  s = await builtSandbox();
  docs = await generateDocs(s.out);
});
afterAll(() => s.remove());

it('docs/data-dictionary.md is what the schemas generate (run `make docs` after changing a schema)', () => {
  expect(readFileSync(path.join(ROOT, 'docs', 'data-dictionary.md'), 'utf8')).toBe(docs['docs/data-dictionary.md']);
});

it.each(['README.md', 'docs/query.md', 'docs/download.md'])(
  "%s's generated sections are what the data generates (run `make docs`)",
  (file) => {
    expect(readFileSync(path.join(ROOT, file), 'utf8')).toBe(docs[file]);
  },
);

it('describes every column of every table in the data dictionary', () => {
  const dictionary = dataDictionary(loadTableDefs(), loadViews());
  for (const d of loadTableDefs()) {
    expect(dictionary).toContain(`## ${d.name}`);
    for (const c of d.columns)
      expect(dictionary, `${d.name}.${c.name}`).toContain(
        `| \`${c.name}\` | ${c.labelEn} | ${c.labelZh} | \`${c.enumName ?? { string: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN' }[c.base]}\` |`,
      );
  }
});

it('lists in the README every error and warning annotation on a model', () => {
  const csv = readFileSync(path.join(s.out, 'csv', 'annotations.csv'), 'utf8');
  const serious = csv.split('\n').filter((l) => /,models,[a-z0-9-]+,.*,(warning|error),(curated|rule),/.test(l));
  expect(serious.length).toBeGreaterThan(20);
  const known = README.slice(README.indexOf('## Known issues in the source'));
  for (const line of serious) {
    const [, , , , , printed] = line.split(',');
    expect(known, line).toContain(`| ${printed} |`);
  }
});

describe('the README for users', () => {
  it('is at most 250 lines, its sections in the order a reader needs them', () => {
    expect(README.split('\n').length - 1).toBeLessThanOrEqual(250);
    // These, in this order; a section added between them is fine.
    const sections = [...README.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    const order = [
      'Quick start',
      'Query',
      'Load',
      'Explore',
      'Download',
      'Cite',
      'Known issues in the source',
      'Contribute',
    ];
    expect(sections.filter((t) => order.includes(t))).toEqual(order);
    expect(README.indexOf('![')).toBeLessThan(README.indexOf('## Quick start'));
  });

  it('links only to files that exist', () => {
    for (const [, target] of README.matchAll(/\]\(((?!https?:)[^)#]+)(#[^)]*)?\)/g)) {
      expect(spawnSync('test', ['-e', path.join(ROOT, target!)]).status, target).toBe(0);
    }
  });

  it('is linked from docs/ only at sections it has (docs/download.md said "see Cite it")', () => {
    const slug = (heading: string) =>
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N} -]/gu, '')
        .replaceAll(' ', '-');
    const anchors = new Set([...README.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1]!)));
    const docs = path.join(ROOT, 'docs');
    for (const file of readdirSync(docs).filter((f) => f.endsWith('.md')))
      for (const [, anchor] of readFileSync(path.join(docs, file), 'utf8').matchAll(/\]\(\.\.\/README\.md#([^)]+)\)/g))
        expect(anchors, `${file}: #${anchor}`).toContain(anchor);
    expect(readFileSync(path.join(docs, 'download.md'), 'utf8')).toContain('(see [Cite](../README.md#cite))');
  });

  it('names only make targets that exist', () => {
    const targets = new Set(
      [...readFileSync(path.join(ROOT, 'Makefile'), 'utf8').matchAll(/^([a-z-]+):/gm)].map((m) => m[1]),
    );
    for (const [, target] of README.matchAll(/`make ([a-z-]+)/g)) expect(targets, target).toContain(target);
  });
});

/** Each command of the README's shell blocks, without its trailing comment. */
function readmeCommands(): string[] {
  const blocks = [...README.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/**
 * Commands that take more than a docs test can give (the whole suite, a release server, a browser), each with the
 * test file that runs it and what in that file shows it does. Every other command is run below.
 */
const TESTED_ELSEWHERE: Record<string, { file: string; runs: string }> = {
  'make all': { file: 'tests/reliability/atomic-outputs.test.ts', runs: "make(repo.dir, 'all')" },
  'make test': { file: '.ci/run', runs: 'make test' },
  'make site': { file: 'tests/site/make-site.test.ts', runs: "startMake(repo.dir, 'site'" },
  'make download VERSION=v0.1.0': {
    file: 'tests/release/download.test.ts',
    runs: "make(repo.dir, 'download', 'VERSION=v0.1.0'",
  },
};

describe('every command in the README works', () => {
  const commands = readmeCommands();

  it('is run here or names the test that runs it', () => {
    expect(commands.length).toBeGreaterThan(5);
    for (const c of commands) {
      if (/^npm run (--silent )?sql -- /.test(c) || c.includes('python3 -m http.server')) continue;
      const elsewhere = TESTED_ELSEWHERE[c];
      expect(
        elsewhere,
        `README command \`${c}\`: run it in tests/docs.test.ts, or name the test that runs it in TESTED_ELSEWHERE`,
      ).toBeDefined();
      expect(readFileSync(path.join(ROOT, elsewhere!.file), 'utf8'), c).toContain(elsewhere!.runs);
    }
  });

  // As written, from the repository, with the sandbox's database added (`--db`), and any file it writes in a
  // temporary folder instead of the checkout.
  it.each(commands.filter((c) => c.includes(' sql -- ')))('runs `%s`', (command) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-readme-'));
    try {
      const line = command
        .replace(' sql -- ', ` sql -- --db '${path.join(s.out, DATABASE_FILE)}' `)
        .replace(/> (\S+)$/, `> '${dir}/$1'`);
      const r = spawnSync('bash', ['-c', line], { cwd: ROOT, encoding: 'utf8' });
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.status, r.stderr).toBe(0);
      const output = command.includes('>') ? readFileSync(path.join(dir, command.split('> ')[1]!), 'utf8') : r.stdout;
      expect(output).toMatch(/GPT-4|gpt-4/);
      if (command.includes('--csv')) expect(output.trimEnd().split('\n')).toHaveLength(24);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // The explorer needs a server that sends .wasm as application/wasm: the one the README suggests does. Run as
  // written, but on a free port (another test may hold 8000) and in a folder that stands for out/site/.
  it("serves the explorer's folder with the README's server, .wasm as application/wasm", async () => {
    const command = commands.find((c) => c.includes('python3 -m http.server'))!;
    expect(command).toBe('cd out/site && python3 -m http.server 8000');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-serve-'));
    mkdirSync(path.join(dir, 'out', 'site'), { recursive: true });
    writeFileSync(path.join(dir, 'out', 'site', 'index.html'), '<!doctype html><title>explorer</title>');
    writeFileSync(path.join(dir, 'out', 'site', 'duckdb.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d]));
    const server = spawn(
      'bash',
      ['-c', command.replace('8000', '0 --bind 127.0.0.1').replace('&& python3', '&& exec python3')],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PYTHONUNBUFFERED: '1' },
      },
    );
    try {
      let printed = '';
      const port = await new Promise<string>((resolve, reject) => {
        const seen = (b: Buffer) => {
          printed += b.toString();
          const m = /port (\d+)/.exec(printed);
          if (m) resolve(m[1]!);
        };
        server.stdout.on('data', seen);
        server.stderr.on('data', seen);
        server.on('exit', (code) => reject(new Error(`the server exited (${code}): ${printed}`)));
      });
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(await page.text()).toContain('<title>explorer</title>');
      expect((await fetch(`http://127.0.0.1:${port}/duckdb.wasm`)).headers.get('content-type')).toBe(
        'application/wasm',
      );
    } finally {
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
