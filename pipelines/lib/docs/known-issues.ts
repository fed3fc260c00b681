// The README's "Known issues in the source", generated from the annotations table.

import type { TableData } from '../table-data.ts';
import { mdTable } from './markdown.ts';

const SEVERITY_ORDER = ['error', 'warning', 'info'];

/** Each problem once: a rule's note about a problem a curated note describes (same_problem_as) is not counted again. */
function distinctNotes(annotations: TableData): { rows: Record<string, unknown>[]; linked: number } {
  const all = Array.from({ length: annotations.rowCount }, (_, r) => annotations.row(r));
  const rows = all.filter((a) => a.same_problem_as === null);
  return { rows, linked: all.length - rows.length };
}

/** The annotations and flagged models counted from the data: the README's known issues and the release notes open with it. */
export function annotationSummary(models: TableData, annotations: TableData): string {
  const { rows, linked } = distinctNotes(annotations);
  const count = (sev: string) => rows.filter((a) => a.severity === sev).length;
  const flagged = models.column('flagged').filter((f) => f === true).length;
  // Notes that give a value's source (kinds agrees_with_reference, vendor_claim, changed_later) doubt nothing.
  const sourcing = rows.filter((a) =>
    ['agrees_with_reference', 'vendor_claim', 'changed_later'].includes(a.kind as string),
  ).length;
  return (
    `The dataset keeps every value as the paper prints it. ${rows.length} annotations say where the values come from and where they are doubtful: ` +
    `${count('error')} errors, ${count('warning')} warnings and ${count('info')} notes for information (${sourcing} of them give the source a value agrees with); ` +
    `${rows.filter((a) => a.origin === 'rule').length} were raised by automatic rules, the rest were written by hand with references` +
    (linked > 0
      ? ` (${linked} more rule notes are on cells a hand-written note settles and are linked to it by \`same_problem_as\` rather than counted again). `
      : '. ') +
    `${flagged} of ${models.rowCount} models carry a warning or an error (\`models.flagged\`); \`WHERE NOT flagged\` keeps the others. ` +
    'Each printed parameter count, training-data size and open-source mark has a status (`parameters_status`, `training_data_status`, ' +
    '`open_source_status`: official, vendor_claim, unofficial_estimate, other_model, conflicts_with_reference, not_reported); ' +
    'the rules are in [docs/annotations.md](docs/annotations.md).'
  );
}

export function knownIssues(models: TableData, annotations: TableData): string {
  const model = new Map<string, { name: string; row: number }>();
  models.column('model_id').forEach((id, r) => {
    model.set(`${models.column('source_id')[r]}|${id}`, {
      name: models.column('model_en')[r] as string,
      row: Number(models.column('row_no')[r]),
    });
  });
  const { rows } = distinctNotes(annotations);
  const shown = rows
    .filter((a) => a.table_name === 'models' && a.row_id !== null && a.severity !== 'info')
    .sort((a, b) => {
      const ma = model.get(`${a.source_id}|${a.row_id}`)!.row;
      const mb = model.get(`${b.source_id}|${b.row_id}`)!.row;
      return (
        ma - mb ||
        SEVERITY_ORDER.indexOf(a.severity as string) - SEVERITY_ORDER.indexOf(b.severity as string) ||
        String(a.annotation_id).localeCompare(String(b.annotation_id))
      );
    });
  const refs = (a: Record<string, unknown>) =>
    a.reference_urls
      ? (a.reference_urls as string)
          .split(' ')
          .map((u, i) => `[${i + 1}](${u})`)
          .join(' ')
      : `rule \`${a.rule_id}\``;
  return [
    annotationSummary(models, annotations),
    '',
    "Errors and warnings on the models, in the paper's order (all annotations: `SELECT * FROM model_annotations`):",
    '',
    mdTable(
      ['model', 'column', 'printed', 'severity', 'kind', 'note', 'references'],
      shown.map((a) => [
        model.get(`${a.source_id}|${a.row_id}`)!.name,
        (a.column_name as string | null) ?? '(row)',
        String(a.printed ?? ''),
        a.severity as string,
        a.kind as string,
        a.note_en as string,
        refs(a),
      ]),
    ),
  ].join('\n');
}
