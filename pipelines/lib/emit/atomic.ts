// Outputs appear all at once or not at all. A build writes into a staging folder beside out/ and, only when
// every file is written, swaps it in with two renames. A failed or killed run leaves the previous out/ as it was
// (or, if killed between the two renames, restored on the next run), and never a half-written file in out/.

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

const STAGING = '.staging-';
const PREVIOUS = '.previous-';

function siblings(out: string, marker: string): string[] {
  const dir = path.dirname(out);
  const base = path.basename(out);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.startsWith(base + marker)).map((f) => path.join(dir, f));
}

/** Clears what killed runs left behind; puts back an out/ that a killed swap had moved aside. */
export function recover(out: string): void {
  for (const s of siblings(out, STAGING)) rmSync(s, { recursive: true, force: true });
  const previous = siblings(out, PREVIOUS);
  if (!existsSync(out) && previous.length > 0) renameSync(previous[0]!, out);
  for (const p of siblings(out, PREVIOUS)) rmSync(p, { recursive: true, force: true });
}

export function stagingDir(out: string): string {
  const s = `${out}${STAGING}${process.pid}`;
  rmSync(s, { recursive: true, force: true });
  mkdirSync(s, { recursive: true });
  return s;
}

export function swapIn(staging: string, out: string): void {
  const previous = `${out}${PREVIOUS}${process.pid}`;
  if (existsSync(out)) renameSync(out, previous);
  renameSync(staging, out);
  rmSync(previous, { recursive: true, force: true });
}

export function discard(staging: string): void {
  rmSync(staging, { recursive: true, force: true });
}
