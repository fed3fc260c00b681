// Stage 2, extract: every table of every source, with cell-level provenance. Problems of all tables are
// reported together.

import { extractTable } from '../lib/extract/extract.ts';
import type { ExtractedTable } from '../lib/extract/types.ts';
import { Problems } from '../lib/problems.ts';
import type { Source } from '../lib/source.ts';

export type Extracted = Map<string, ExtractedTable[]>;

export function extractSources(sources: readonly Source[]): Extracted {
  const problems = new Problems();
  const out: Extracted = new Map();
  for (const s of sources) {
    const paper = { sourceId: s.json.source_id, file: s.file, specFile: s.specFile, lines: s.lines };
    const tables = s.specs.tables
      .map((spec) => problems.collect(() => extractTable(paper, s.specs, spec)))
      .filter((t): t is ExtractedTable => t !== undefined);
    out.set(s.json.source_id, tables);
  }
  problems.throwIfAny();
  return out;
}

export function extractedCounts(x: Extracted): { tables: number; rows: number; cells: number } {
  let tables = 0,
    rows = 0,
    cells = 0;
  for (const ts of x.values())
    for (const t of ts) {
      tables++;
      rows += t.rowCount;
      cells += t.rowCount * t.columns.length;
    }
  return { tables, rows, cells };
}

/** Rows extracted per dataset table, for the validate stage's row accounting (all it needs of the extracted tables). */
export function extractedRowsByTable(x: Extracted): Map<string, number> {
  const rows = new Map<string, number>();
  for (const ts of x.values()) for (const t of ts) rows.set(t.spec.output, (rows.get(t.spec.output) ?? 0) + t.rowCount);
  return rows;
}
