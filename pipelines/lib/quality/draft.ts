// What every rule's check shares: its entry in rules.json, what it reads, and the annotation it drafts. Apart from
// rules.ts so that the checks in rules.ts and epoch-rules.ts both import it, and neither imports the other.

import type { TableData, Value } from '../table-data.ts';
import type { AnnotationRow } from './annotations.ts';

/** A rule's entry in rules.json: id, kind and wording, plus parameters that only its check reads. */
export interface RuleConfig {
  id: string;
  kind: string;
  severity?: string;
  note_en: string;
  note_zh: string;
  [parameter: string]: unknown;
}

export interface RuleContext {
  models: TableData;
  /** Year of each source, for ceilings that move with time. */
  sourceYear: ReadonlyMap<string, number>;
  /** English name of each organisation, the canonical name its printed name is compared with. */
  organisationEn: ReadonlyMap<string, string>;
  /** The Epoch AI records the crosswalk names (epoch_ai_models), for the rules that compare with them. */
  epoch?: TableData;
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

/**
 * Each distinct note made once per run (runRules): a rule raised for many rows with the same printed value (a
 * million-row paper has 200,000 of one kind) then shares two strings instead of holding 200,000 copies of each.
 */
const notes = new Map<string, { en: string; zh: string }>();

function notesOf(rule: RuleConfig, values: Record<string, string>): { en: string; zh: string } {
  const key = `${rule.id}\u0000${JSON.stringify(values)}`;
  let n = notes.get(key);
  if (!n) {
    n = {
      en: `${fill(rule.note_en, values)} [Raised automatically by rule ${rule.id}.]`,
      zh: `${fill(rule.note_zh, values)}［由规则 ${rule.id} 自动生成。］`,
    };
    notes.set(key, n);
  }
  return n;
}

export function draft(
  rule: RuleConfig,
  sourceId: string,
  rowId: string | null,
  subject: string,
  column: string | null,
  printed: string | null,
  severity: string,
  values: Record<string, string>,
): AnnotationRow {
  const { en, zh } = notesOf(rule, values);
  return {
    annotation_id: `rule:${rule.id}:${sourceId}:${subject}:${column ?? 'row'}`,
    source_id: sourceId,
    table_name: 'models',
    row_id: rowId,
    column_name: column,
    printed,
    kind: rule.kind,
    severity,
    origin: 'rule',
    rule_id: rule.id,
    note_en: en,
    note_zh: zh,
    reference_text: null,
    reference_value: null,
    reference_unit: null,
    reference_urls: null,
    same_problem_as: null,
  };
}

export interface Cols {
  [name: string]: Value[];
}

export function columns(models: TableData, names: string[]): Cols {
  return Object.fromEntries(names.map((n) => [n, models.column(n)]));
}

/** Lets go of the notes made by a run (runRules calls it when done). */
export function forgetNotes(): void {
  notes.clear();
}
