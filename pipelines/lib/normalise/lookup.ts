// Curated entries keyed by the printed text they describe. Each lookup marks its entry used, so that entries
// nothing used can be reported as stale: a curated file that no longer matches the extracted text says so,
// naming the entry, instead of silently describing a cell that is gone.

import type { CsvTable } from '../inputs.ts';
import { problem, type Problem } from '../problems.ts';

export class Lookup {
  private readonly map = new Map<string, number>();
  private readonly used: Uint8Array;
  /** Where the next lookup probably is: curated files usually list entries in the paper's order. */
  private next = 0;
  readonly problems: Problem[] = [];

  constructor(
    readonly table: CsvTable,
    readonly keyOf: (i: number) => string,
    readonly what: string,
  ) {
    this.used = new Uint8Array(table.rowCount);
    for (let i = 0; i < table.rowCount; i++) {
      const k = keyOf(i);
      const prior = this.map.get(k);
      if (prior !== undefined) {
        this.problems.push(
          problem(
            { file: table.file, line: table.lines[i]! },
            `repeats the ${what} of line ${table.lines[prior]}`,
            'Keep one entry per key; remove or merge the duplicate.',
            k,
          ),
        );
      } else this.map.set(k, i);
    }
  }

  get file(): string {
    return this.table.file;
  }

  /** The entry's index, marked used; undefined when there is none. */
  take(key: string): number | undefined {
    // The entry after the last one found is checked first: one string comparison instead of a hash lookup.
    // (With a duplicate key the build fails anyway, so which copy is marked used does not matter.)
    const guess = this.next;
    const i = guess < this.table.rowCount && this.keyOf(guess) === key ? guess : this.map.get(key);
    if (i !== undefined) {
      this.used[i] = 1;
      this.next = i + 1;
    }
    return i;
  }

  /** Marks an entry used without looking it up by its key (e.g. found by another key). */
  use(i: number): void {
    this.used[i] = 1;
  }

  get(field: string, i: number): string | null {
    return this.table.get(field, i);
  }

  /** Problems for entries that matched nothing in the paper. */
  stale(describe: (i: number) => string): Problem[] {
    const out: Problem[] = [];
    for (let i = 0; i < this.table.rowCount; i++) {
      if (this.used[i] || this.map.get(this.keyOf(i)) !== i) continue;
      out.push(
        problem(
          { file: this.table.file, line: this.table.lines[i]! },
          `is a stale ${this.what}: ${describe(i)} matches no extracted cell`,
          "The paper's text changed or the entry was mistyped: update the entry to the extracted text, or remove it.",
        ),
      );
    }
    return out;
  }
}
