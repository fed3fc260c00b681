// The crosswalk of a paper checked against the CSV dataset it names, and the dataset's records it names
// becoming rows of their table (epoch_ai_models). A name that is not in the snapshot stops the build, with the
// closest names it does hold.

import type { CsvTable } from '../inputs.ts';
import { problem, type Problem } from '../problems.ts';
import type { Source } from '../source.ts';
import { typedRecord } from '../sources/csv-dataset.ts';
import type { Dataset } from '../table-data.ts';
import { closestNames } from './closest.ts';
import { SizeUnits } from './size-units.ts';

/** Checks every named entry of a crosswalk against its snapshot; returns the record numbers it names, per snapshot. */
export function checkCrosswalk(
  crosswalk: CsvTable,
  datasets: ReadonlyMap<string, Source>,
  problems: Problem[],
  named: Map<string, Set<number>>,
): void {
  for (let i = 0; i < crosswalk.rowCount; i++) {
    const name = crosswalk.get('epoch_ai_model', i);
    const match = crosswalk.get('epoch_ai_match', i);
    const snapshot = crosswalk.get('epoch_ai_snapshot', i);
    const where = { file: crosswalk.file, line: crosswalk.lines[i]! };
    if ((name === null) !== (match === 'none')) {
      problems.push(
        problem(
          { ...where, column: 'epoch_ai_model' },
          name === null ? `is empty, but the match is ${match}` : 'names an entry, but the match is none',
          "Name the snapshot's record for a same_model or related_model match; leave it empty only for none.",
          name ?? undefined,
        ),
      );
      continue;
    }
    if (snapshot === null && name === null) continue;
    const source = snapshot === null ? undefined : datasets.get(snapshot);
    if (!source?.dataset) {
      problems.push(
        problem(
          { ...where, column: 'epoch_ai_snapshot' },
          'names no CSV dataset under sources/',
          `Name one of: ${[...datasets.keys()].join(', ') || '(none; add the snapshot under sources/)'}.`,
          snapshot ?? undefined,
        ),
      );
      continue;
    }
    if (name === null) continue;
    const record = source.dataset.recordOf.get(name);
    if (record === undefined) {
      const near = closestNames(name, source.dataset.recordOf.keys());
      problems.push(
        problem(
          { ...where, column: 'epoch_ai_model' },
          `is not a model of ${source.json.source_id} (${source.file})`,
          `Use the name exactly as the snapshot prints it; closest: ${near.map((n) => JSON.stringify(n)).join(', ')}.`,
          name,
        ),
      );
      continue;
    }
    let set = named.get(snapshot!);
    if (!set) {
      set = new Set();
      named.set(snapshot!, set);
    }
    set.add(record);
  }
}

/**
 * Rows of each CSV dataset's table: every record, or those the crosswalks name, in record order, each with what its
 * training dataset size counts and how that is known (size-units.ts).
 */
export function snapshotRows(
  datasets: ReadonlyMap<string, Source>,
  named: ReadonlyMap<string, Set<number>>,
  dataset: Dataset,
  problems: Problem[],
  sizeUnits: ReadonlyMap<string, CsvTable | undefined> = new Map(),
): void {
  for (const s of datasets.values()) {
    const units = new SizeUnits(sizeUnits.get(s.json.source_id), problems);
    const d = s.dataset!;
    const out = dataset.get(d.spec.output);
    if (!out) {
      problems.push(
        problem(
          { file: d.specFile, column: 'output' },
          'names no dataset table',
          'Add its schema under schemas/ or correct the name.',
          d.spec.output,
        ),
      );
      continue;
    }
    const records =
      d.spec.rows_kept === 'all'
        ? Array.from({ length: d.table.rowCount }, (_, i) => i + 1)
        : [...(named.get(s.json.source_id) ?? [])].sort((a, b) => a - b);
    for (const record of records) {
      const r = typedRecord(d, record - 1, problems);
      units.apply(String(r.values[d.spec.key]), r.values);
      out.push({ source_id: s.json.source_id, record_no: r.record, line_first: r.line, ...r.values });
    }
    units.stale();
  }
}
