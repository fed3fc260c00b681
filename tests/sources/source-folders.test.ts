// Source folders, loaded in process (no build): only folders with a source.json are sources; a source.json that
// names another folder or a missing file, or a table spec pattern that compiles only without the u flag, is one
// located problem; a loaded source records where its text lives in the repository and, for a paper, its lines.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { DataError } from '../../pipelines/lib/problems.ts';
import { Schemas } from '../../pipelines/lib/schemas.ts';
import { loadSource, sourceDirs } from '../../pipelines/lib/source.ts';
import { loadGenerated } from '../../pipelines/lib/validators.ts';
import { loadSources } from '../../pipelines/stages/sources.ts';
import { editFile, sandbox, type Sandbox } from '../helpers/sandbox.ts';
import { pipeThatChanges } from '../helpers/changing-pipe.ts';

let s: Sandbox;
beforeAll(() => loadGenerated());
beforeEach(() => {
  s = sandbox();
});
afterEach(() => s.remove());

/** The message of the DataError that `f` must throw. */
function problemOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e.message;
    throw e;
  }
  throw new Error('no problem was reported');
}

it('takes only folders that hold a source.json, in name order', () => {
  mkdirSync(path.join(s.sources, 'aaa-notes'));
  writeFileSync(path.join(s.sources, 'README.md'), 'not a source');
  writeFileSync(path.join(s.sources, 'aaa-notes', 'source.md'), 'not a source.json');
  expect(sourceDirs(s.sources).map((d) => path.basename(d))).toEqual(['chang2024', 'epoch_ai_2026_01_26']);
});

it("records a paper's kind, its path in the repository and its lines", () => {
  const src = loadSource(s.source, new Schemas());
  expect(src.kind).toBe('paper text');
  expect(src.repoPath).toBe('sources/chang2024/paper.txt');
  expect(src.lines.length).toBe(readFileSync(path.join(s.source, 'paper.txt'), 'utf8').split('\n').length);
  expect(src.specs.tables.length).toBeGreaterThan(0);
});

it("takes a paper's lines from the bytes whose checksum it checked, not from the file again", () => {
  // The paper is a named pipe that gives its checked text to the first reader and a changed one to a second: a
  // file that changed between the checksum and the reading, which a second read would take in unnoticed.
  const file = path.join(s.source, 'paper.txt');
  const text = readFileSync(file, 'utf8');
  const stop = pipeThatChanges(file, text, `${text}A line the checksum never saw\n`, s.root);
  try {
    const src = loadSource(s.source, new Schemas());
    expect(src.lines.length).toBe(text.split('\n').length);
    expect(src.lines.join('\n')).not.toContain('A line the checksum never saw');
  } finally {
    stop();
  }
});

it("records a CSV dataset's kind and path, with no printed tables or lines", () => {
  const src = loadSource(path.join(s.sources, 'epoch_ai_2026_01_26'), new Schemas());
  expect(src.kind).toBe('CSV dataset');
  expect(src.repoPath).toBe('sources/epoch_ai_2026_01_26/notable-ai-models.csv');
  expect(src.lines).toEqual([]);
  expect(src.specs.tables).toEqual([]);
});

it('refuses a sources folder without any source folder, naming it', () => {
  const empty = mkdtempSync(path.join(os.tmpdir(), 'lme-no-sources-'));
  try {
    expect(problemOf(() => loadSources(empty, new Schemas()))).toContain(
      `${empty}: holds no source folder (a folder with a source.json)`,
    );
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

it('refuses a sources folder that does not exist or is a file, naming it (it was a bug, exit 70, with a stack)', () => {
  const missing = path.join(os.tmpdir(), 'lme-no-such-sources-folder');
  expect(problemOf(() => loadSources(missing, new Schemas()))).toContain(
    `${missing}: does not exist (given as the sources folder)`,
  );
  const file = path.join(s.source, 'source.json');
  expect(problemOf(() => loadSources(file, new Schemas()))).toContain(
    `${file}: is not a folder (given as the sources folder)`,
  );
});

it("refuses a source_id that is not the folder's name", () => {
  editFile(path.join(s.source, 'source.json'), (t) =>
    t.replace('"source_id": "chang2024"', '"source_id": "chang2025"'),
  );
  expect(problemOf(() => loadSource(s.source, new Schemas()))).toMatch(
    /source\.json column source_id: "chang2025" does not match the folder name "chang2024"/,
  );
});

it('refuses a source.json that names a text file that does not exist', () => {
  editFile(path.join(s.source, 'source.json'), (t) => t.replace('"file": "paper.txt"', '"file": "paper-missing.txt"'));
  expect(problemOf(() => loadSource(s.source, new Schemas()))).toMatch(/paper-missing\.txt: does not exist/);
});

it.each([
  ['layout/source_note', (t: string) => t.replace('"source_note": "^资料来源："', '"source_note": "^资料来源\\\\："')],
  ['tables/0/row_key/pattern', (t: string) => t.replace(/("row_key": \{[^}]*"pattern": ")/, '$1\\\\：')],
  ['tables/\\d+/group_label/pattern', (t: string) => t.replace(/("group_label": \{[^}]*"pattern": ")/, '$1\\\\：')],
  ['layout/page_furniture/1', (t: string) => t.replace('"^常永波 等$"', '"^常永波\\\\ 等$"')],
])('refuses a spec pattern that compiles only without the u flag (%s)', (field, edit) => {
  editFile(path.join(s.source, 'tables.json'), edit);
  expect(problemOf(() => loadSource(s.source, new Schemas()))).toMatch(
    new RegExp(`tables\\.json column ${field}: .*is not a valid regular expression: Invalid regular expression`),
  );
});
