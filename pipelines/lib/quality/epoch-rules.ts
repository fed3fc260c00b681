// Checks that compare the paper's models with the Epoch AI records their crosswalk names. Each note cites the
// record (snapshot, record number, name and the value as printed) as its reference. Only same_model entries are
// compared: a related model's values say nothing about the paper's model.

import type { TableData } from '../table-data.ts';
import type { AnnotationRow } from './annotations.ts';
import { columns, draft, type RuleConfig, type RuleContext } from './draft.ts';
import { grouped } from '../grouped.ts';

const EPOCH_PAGE = 'https://epoch.ai/data/notable-ai-models';

interface EpochRecord {
  source: string;
  record: number;
  name: string;
  row: number;
}

/** The Epoch AI record of each model row with a same_model entry, by row. */
function sameModelRecords(ctx: RuleContext): Map<number, EpochRecord> {
  const out = new Map<number, EpochRecord>();
  const e = ctx.epoch;
  if (!e) return out;
  const byName = new Map<string, number>();
  e.column('epoch_ai_model').forEach((n, r) => {
    byName.set(n as string, r);
  });
  const m = columns(ctx.models, ['epoch_ai_model', 'epoch_ai_match']);
  for (let r = 0; r < ctx.models.rowCount; r++) {
    if (m.epoch_ai_match![r] !== 'same_model') continue;
    const row = byName.get(m.epoch_ai_model![r] as string);
    if (row === undefined) continue;
    out.set(r, {
      source: e.column('source_id')[row] as string,
      record: Number(e.column('record_no')[row]),
      name: e.column('epoch_ai_model')[row] as string,
      row,
    });
  }
  return out;
}

function cite(rec: EpochRecord, column: string, printed: string): string {
  return `Epoch AI, Notable AI Models (snapshot ${rec.source}), record ${rec.record} "${rec.name}": ${column} ${printed}`;
}

function withReference(a: AnnotationRow, text: string, value: bigint | null, unit: string | null): AnnotationRow {
  return { ...a, reference_text: text, reference_value: value, reference_unit: unit, reference_urls: EPOCH_PAGE };
}

/** The paper's parameter bounds lie more than `factor` away from Epoch AI's count of the same model. */
function parametersDifferFromEpochAi(rule: RuleConfig, ctx: RuleContext): AnnotationRow[] {
  const factor = BigInt(rule.factor as number);
  const e = ctx.epoch as TableData;
  const c = columns(ctx.models, ['source_id', 'model_id', 'parameters_low', 'parameters_high', 'parameters_raw']);
  const out: AnnotationRow[] = [];
  for (const [r, rec] of sameModelRecords(ctx)) {
    const theirs = e.column('parameters')[rec.row] as bigint | null;
    const low = c.parameters_low![r] as bigint | null;
    const high = c.parameters_high![r] as bigint | null;
    if (theirs === null || low === null || high === null) continue;
    if (theirs * factor >= low && theirs <= high * factor) continue;
    const printed = c.parameters_raw![r] as string;
    const id = c.model_id![r] as string;
    const a = draft(rule, c.source_id![r] as string, id, id, 'parameters', printed, rule.severity!, {
      printed,
      epoch: grouped(theirs),
      factor: String(factor),
      record: String(rec.record),
      name: rec.name,
    });
    out.push(
      withReference(a, cite(rec, 'Parameters', e.column('parameters_raw')[rec.row] as string), theirs, 'parameters'),
    );
  }
  return out;
}

/** The paper marks a model open (是) that Epoch AI lists as available only through an API or a hosted service, or unreleased. */
function openSourceButEpochAiClosed(rule: RuleConfig, ctx: RuleContext): AnnotationRow[] {
  const closed = new Set(rule.closed_accessibility as string[]);
  const e = ctx.epoch as TableData;
  const c = columns(ctx.models, ['source_id', 'model_id', 'open_source', 'open_source_raw']);
  const out: AnnotationRow[] = [];
  for (const [r, rec] of sameModelRecords(ctx)) {
    const access = e.column('model_accessibility')[rec.row] as string | null;
    if (c.open_source![r] !== true || access === null || !closed.has(access)) continue;
    const printed = c.open_source_raw![r] as string;
    const id = c.model_id![r] as string;
    const a = draft(rule, c.source_id![r] as string, id, id, 'open_source', printed, rule.severity!, {
      printed,
      access,
      record: String(rec.record),
      name: rec.name,
    });
    out.push(withReference(a, cite(rec, 'Model accessibility', access), null, null));
  }
  return out;
}

export const EPOCH_CHECKS: Record<string, (rule: RuleConfig, ctx: RuleContext) => AnnotationRow[]> = {
  parameters_differ_from_epoch_ai: parametersDifferFromEpochAi,
  open_source_but_epoch_ai_closed: openSourceButEpochAiClosed,
};
