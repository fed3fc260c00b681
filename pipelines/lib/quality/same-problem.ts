// A rule's note on a cell that a curated note already settles must not count as a problem of its own. A curated
// note is written by someone who read the cell against its references; a rule only raises a question about it
// (is this TB a token count? is this name a look-alike?). So a rule's note on the same cell (source, table, row,
// column) as a curated note is linked to it by same_problem_as, whatever the two kinds: it stays in the annotations
// table for its evidence and is left out of every count and of the statuses. It is linked to the curated note of
// the same kind when there is one (the same problem), else to the most severe curated note on the cell (the note
// that settles it, e.g. GPT-3's 45TB, a real size in bytes, settles the byte rule's question of a token mix-up).

import type { AnnotationRow } from './annotations.ts';

const SEVERITY_RANK: Record<string, number> = { error: 0, warning: 1, info: 2 };

export function linkSameProblems(rows: AnnotationRow[]): number {
  const cell = (a: AnnotationRow) => [a.source_id, a.table_name, a.row_id, a.column_name].join('\u0000');
  const curated = new Map<string, AnnotationRow[]>();
  for (const a of rows) {
    if (a.origin !== 'curated') continue;
    const k = cell(a);
    const list = curated.get(k);
    if (list) list.push(a);
    else curated.set(k, [a]);
  }
  let linked = 0;
  for (const a of rows) {
    if (a.origin !== 'rule') continue;
    const candidates = curated.get(cell(a));
    if (!candidates) continue;
    const settling =
      candidates.find((c) => c.kind === a.kind) ??
      [...candidates].sort(
        (x, y) =>
          SEVERITY_RANK[x.severity]! - SEVERITY_RANK[y.severity]! || x.annotation_id.localeCompare(y.annotation_id),
      )[0]!;
    a.same_problem_as = settling.annotation_id;
    linked++;
  }
  return linked;
}
