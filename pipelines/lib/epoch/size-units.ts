// What an Epoch AI record's training dataset size counts. Epoch AI does not state the unit of each figure; the
// columns spec infers it from the record's domain, but the notes of several records count words or explain nothing.
// A snapshot's curated/dataset-size-units.csv gives, for the records its notes were read for, the unit the notes
// support, with their words; each row of the snapshot's table then says whether its unit comes from the notes or
// was inferred from the domain. An entry that matches no kept record, or a record without a size, is a problem.

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Schemas } from '../schemas.ts';
import { loadCsvTable, type CsvTable } from '../inputs.ts';
import { problem, type Problem } from '../problems.ts';

export const SIZE_UNITS_FILE = path.join('curated', 'dataset-size-units.csv');
const SIZE = 'training_dataset_size';
const UNIT = 'training_dataset_size_unit';
const BASIS = 'training_dataset_size_unit_basis';

/** A snapshot folder's curated units, or undefined when it has none. */
export function loadSizeUnits(dir: string, schemas: Schemas): CsvTable | undefined {
  const file = path.join(dir, SIZE_UNITS_FILE);
  return existsSync(file) ? loadCsvTable(file, 'inputs/curated-dataset-size-units.schema.json', schemas) : undefined;
}

/** Sets the unit and its basis of each typed record (by its key), marking the entries used; then stale() reports the unused. */
export class SizeUnits {
  private readonly byName = new Map<string, number>();
  private readonly used = new Set<number>();

  constructor(
    private readonly table: CsvTable | undefined,
    private readonly problems: Problem[],
  ) {
    for (let i = 0; i < (table?.rowCount ?? 0); i++) {
      const name = table!.get('epoch_ai_model', i)!;
      if (this.byName.has(name)) {
        problems.push(
          problem(
            { file: table!.file, line: table!.lines[i]! },
            `repeats the entry of line ${table!.lines[this.byName.get(name)!]}`,
            'Keep one entry per record.',
            name,
          ),
        );
      } else this.byName.set(name, i);
    }
  }

  apply(name: string, values: Record<string, string | bigint | null>): void {
    const i = this.byName.get(name);
    if (i !== undefined) this.used.add(i);
    if (values[SIZE] === null || values[SIZE] === undefined) {
      values[BASIS] = null;
      if (i !== undefined) {
        this.problems.push(
          problem(
            { file: this.table!.file, line: this.table!.lines[i]!, column: 'epoch_ai_model' },
            'names a record with no training dataset size',
            'Remove the entry: there is no figure whose unit it could give.',
            name,
          ),
        );
      }
      return;
    }
    if (i === undefined) {
      values[BASIS] = 'domain';
      return;
    }
    values[UNIT] = this.table!.get('training_dataset_size_unit', i);
    values[BASIS] = 'notes';
  }

  /** Problems for entries that matched no kept record (a name mistyped, or a record no crosswalk names any more). */
  stale(): void {
    for (const [name, i] of this.byName) {
      if (this.used.has(i)) continue;
      this.problems.push(
        problem(
          { file: this.table!.file, line: this.table!.lines[i]!, column: 'epoch_ai_model' },
          'is a stale entry: no kept record has this name',
          "Use the record's name exactly as the snapshot prints it, or remove the entry if no crosswalk names the record.",
          name,
        ),
      );
    }
  }
}
