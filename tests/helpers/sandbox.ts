// Copies of the real source in temporary folders, to change and rebuild: the tests of "the data follows the
// source", of tamper refusal and of error messages work on these, never on sources/ itself.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { buildDataset } from '../../pipelines/stages/build.ts';
import type { Dataset } from '../../pipelines/lib/table-data.ts';
import { DataError } from '../../pipelines/lib/problems.ts';
import { sha256 } from '../../pipelines/lib/hash.ts';
import { pipeline } from './commands.ts';
import { SOURCES_DIR } from './project.ts';

process.env.LME_QUIET = '1';

export interface Sandbox {
  /** Holds sources/ and out/. */
  root: string;
  sources: string;
  out: string;
  /** The copy of sources/chang2024. */
  source: string;
  remove(): void;
}

export function sandbox(): Sandbox {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lme-'));
  const sources = path.join(root, 'sources');
  cpSync(SOURCES_DIR, sources, { recursive: true });
  return {
    root,
    sources,
    out: path.join(root, 'out'),
    source: path.join(sources, 'chang2024'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * A sandbox whose out/ is already the build of its unchanged sources: a copy of the run's shared build
 * (tests/helpers/built-out.ts), or a build of its own where the run has none (mutation runs). For tests that read
 * a build; a test that changes the sources, or checks the build itself, builds its own.
 */
export async function builtSandbox(): Promise<Sandbox> {
  const s = sandbox();
  const shared = inject('builtOut');
  if (shared) cpSync(shared, s.out, { recursive: true, preserveTimestamps: true });
  else await build(s);
  return s;
}

export function editFile(file: string, edit: (text: string) => string): void {
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`edit changed nothing in ${file}`);
  writeFileSync(file, after);
}

/** Replaces exactly one occurrence of `from` on line `line` of the paper, then records the new checksum. */
export function editPaperLine(s: Sandbox, line: number, from: string, to: string, { checksum = true } = {}): void {
  const file = path.join(s.source, 'paper.txt');
  editFile(file, (text) => {
    const lines = text.split('\n');
    const l = lines[line - 1]!;
    if (!l.includes(from)) throw new Error(`line ${line} has no ${JSON.stringify(from)}: ${l}`);
    lines[line - 1] = l.replace(from, to);
    return lines.join('\n');
  });
  if (checksum) acceptPaper(s);
}

/** Records the paper's new SHA-256 in source.json, as `make accept-source` does (a copy of the project too). */
export function acceptPaper(s: Pick<Sandbox, 'source'>): void {
  const digest = sha256(readFileSync(path.join(s.source, 'paper.txt')));
  editFile(path.join(s.source, 'source.json'), (t) => t.replace(/"sha256": "[0-9a-f]{64}"/, `"sha256": "${digest}"`));
}

export async function build(s: Sandbox): Promise<Dataset> {
  return buildDataset({ sourcesRoot: s.sources, out: s.out });
}

/** The located problems of a build that must fail. */
export async function buildError(s: Sandbox): Promise<string> {
  try {
    await build(s);
  } catch (e) {
    if (e instanceof DataError) return e.message;
    throw e;
  }
  throw new Error('the build succeeded where it should have failed');
}

/** Runs the build command as a user would, in a child process, with its progress lines; add `.nothrow()` to read a failure. */
export function buildCommand(s: Sandbox, extraEnv: Record<string, string> = {}) {
  return pipeline('build.ts', ['--sources', s.sources, '--out', s.out], { LME_QUIET: '0', ...extraEnv });
}
