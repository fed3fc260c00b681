// A curated note and a rule's note about the same problem must not count twice. A rule's note on the same cell
// (source, table, row, column) and of the same kind as a curated note is the same problem: it stays in the
// annotations table, linked to the curated note by same_problem_as, and is left out of every count.

import type { AnnotationRow } from './annotations.ts';

export function linkSameProblems(rows: AnnotationRow[]): number {
  const curated = new Map<string, string>();
  const key = (a: AnnotationRow) => [a.source_id, a.table_name, a.row_id, a.column_name, a.kind].join('\u0000');
  for (const a of rows) if (a.origin === 'curated' && !curated.has(key(a))) curated.set(key(a), a.annotation_id);
  let linked = 0;
  for (const a of rows) {
    if (a.origin !== 'rule') continue;
    const same = curated.get(key(a));
    if (same !== undefined) { a.same_problem_as = same; linked++; }
  }
  return linked;
}
