// Curated entries keyed by the printed text they describe. Each lookup marks its entry used, so that entries
// nothing used can be reported as stale: a curated file that no longer matches the extracted text says so,
// naming the entry, instead of silently describing a cell that is gone.

import type { CsvRow } from '../inputs.ts';
import { shown } from '../paths.ts';
import { problem, type Problem } from '../problems.ts';

export class Lookup {
  private readonly map = new Map<string, CsvRow>();
  private readonly used = new Set<CsvRow>();
  readonly problems: Problem[] = [];

  constructor(readonly file: string, readonly rows: readonly CsvRow[], readonly keyOf: (v: CsvRow['values']) => string, readonly what: string) {
    for (const r of rows) {
      const k = keyOf(r.values);
      const prior = this.map.get(k);
      if (prior) {
        this.problems.push(problem({ file: shown(file), line: r.line }, `repeats the ${what} of line ${prior.line}`,
          'Keep one entry per key; remove or merge the duplicate.', k));
      } else this.map.set(k, r);
    }
  }

  take(key: string): CsvRow | undefined {
    const r = this.map.get(key);
    if (r) this.used.add(r);
    return r;
  }

  /** Marks an entry used without looking it up by key (e.g. found by another key). */
  use(r: CsvRow): void {
    this.used.add(r);
  }

  /** Problems for entries that matched nothing in the paper. */
  stale(describe: (v: CsvRow['values']) => string): Problem[] {
    return this.rows
      .filter((r) => !this.used.has(r) && this.map.get(this.keyOf(r.values)) === r)
      .map((r) => problem({ file: shown(this.file), line: r.line }, `is a stale ${this.what}: ${describe(r.values)} matches no extracted cell`,
        'The paper\'s text changed or the entry was mistyped: update the entry to the extracted text, or remove it.'));
  }
}
