// The checks that compare with Epoch AI, on synthetic model rows and synthetic Epoch AI records; and the link
// that keeps a curated note and a rule's note about the same problem from counting twice.

import { describe, expect, it } from 'vitest';
import { RULES, runRules } from '../../pipelines/lib/quality/rules.ts';
import { applyToModels, type AnnotationRow } from '../../pipelines/lib/quality/annotations.ts';
import { linkSameProblems } from '../../pipelines/lib/quality/same-problem.ts';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { TableData, type Value } from '../../pipelines/lib/table-data.ts';

const defs = loadTableDefs();
const def = (name: string) => defs.find((d) => d.name === name)!;

interface Model {
  id: string;
  low?: bigint | null;
  high?: bigint | null;
  open?: boolean;
  match?: string;
  epoch?: string | null;
}
interface Record_ {
  name: string;
  parameters?: bigint | null;
  access?: string | null;
}

function table(name: string, rows: Record<string, Value>[]): TableData {
  const t = new TableData(def(name));
  for (const r of rows) t.push({ ...Object.fromEntries(def(name).columns.map((c) => [c.name, null])), ...r });
  return t;
}

const models = (rows: Model[]) =>
  table(
    'models',
    rows.map((m, i) => ({
      source_id: 'synthetic',
      model_id: m.id,
      row_no: i + 1,
      model: m.id,
      parameters_low: m.low ?? null,
      parameters_high: m.high ?? m.low ?? null,
      parameters_raw: String(m.low ?? '/'),
      open_source: m.open ?? false,
      open_source_raw: m.open ? '是' : '否',
      epoch_ai_match: m.match ?? 'same_model',
      epoch_ai_model: m.epoch === undefined ? `E ${m.id}` : m.epoch,
      annotation_count: 0,
      flagged: false,
    })),
  );
const epoch = (rows: Record_[]) =>
  table(
    'epoch_ai_models',
    rows.map((e, i) => ({
      source_id: 'snap',
      epoch_ai_model: e.name,
      record_no: 10 + i,
      line_first: 100 + i,
      parameters: e.parameters ?? null,
      parameters_raw: e.parameters === undefined || e.parameters === null ? null : `${e.parameters}.0`,
      model_accessibility: e.access ?? null,
    })),
  );
const ctx = (m: TableData, e: TableData) => ({
  models: m,
  epoch: e,
  sourceYear: new Map([['synthetic', 2024]]),
  organisationEn: new Map<string, string>(),
});
const rule = (id: string) => RULES.filter((r) => r.id === id);

describe('parameters_differ_from_epoch_ai', () => {
  const B = 1_000_000_000n;
  it('flags a same_model count more than twice away either way, citing the Epoch AI record', () => {
    const m = models([
      { id: 'close', low: 175n * B },
      { id: 'double', low: 200n * B },
      { id: 'tenfold', low: 1000n * B },
      { id: 'tenth', low: 10n * B },
      { id: 'range-covers', low: 7n * B, high: 65n * B },
      { id: 'related', low: 1000n * B, match: 'related_model' },
      { id: 'unknown', low: 1000n * B },
    ]);
    const e = epoch([
      { name: 'E close', parameters: 174_600_000_000n },
      { name: 'E double', parameters: 100n * B },
      { name: 'E tenfold', parameters: 100n * B },
      { name: 'E tenth', parameters: 100n * B },
      { name: 'E range-covers', parameters: 65n * B },
      { name: 'E related', parameters: 100n * B },
      { name: 'E unknown' },
    ]);
    const a = runRules(ctx(m, e), rule('parameters_differ_from_epoch_ai'));
    expect(a.map((x) => x.row_id)).toEqual(['tenfold', 'tenth']);
    expect(a[0]).toMatchObject({
      column_name: 'parameters',
      kind: 'conflicts_with_reference',
      severity: 'warning',
      reference_value: 100n * B,
      reference_unit: 'parameters',
      reference_text: 'Epoch AI, Notable AI Models (snapshot snap), record 12 "E tenfold": Parameters 100000000000.0',
      reference_urls: 'https://epoch.ai/data/notable-ai-models',
    });
  });
});

describe('open_source_but_epoch_ai_closed', () => {
  it('flags 是 where Epoch AI says API, hosted or unreleased, for the same model only', () => {
    const m = models([
      { id: 'api', open: true },
      { id: 'hosted', open: true },
      { id: 'unreleased', open: true },
      { id: 'weights', open: true },
      { id: 'marked-closed', open: false },
      { id: 'related', open: true, match: 'related_model' },
      { id: 'no-entry', open: true, match: 'none', epoch: null },
    ]);
    const e = epoch([
      { name: 'E api', access: 'API access' },
      { name: 'E hosted', access: 'Hosted access (no API)' },
      { name: 'E unreleased', access: 'Unreleased' },
      { name: 'E weights', access: 'Open weights (non-commercial)' },
      { name: 'E marked-closed', access: 'API access' },
      { name: 'E related', access: 'API access' },
    ]);
    const a = runRules(ctx(m, e), rule('open_source_but_epoch_ai_closed'));
    expect(a.map((x) => x.row_id)).toEqual(['api', 'hosted', 'unreleased']);
    expect(a[1]!.reference_text).toBe(
      'Epoch AI, Notable AI Models (snapshot snap), record 11 "E hosted": Model accessibility Hosted access (no API)',
    );
    expect(a[1]!.note_en).toContain('Hosted access (no API)');
  });
});

describe('a rule note on a cell that a curated note settles', () => {
  const note = (id: string, origin: 'curated' | 'rule', kind: string, column: string, severity = 'error') =>
    ({
      annotation_id: id,
      source_id: 'synthetic',
      table_name: 'models',
      row_id: 'm',
      column_name: column,
      kind,
      severity,
      origin,
      same_problem_as: null,
    }) as AnnotationRow;

  it('is linked to the curated note of its kind, counted once', () => {
    const rows = [
      note('m.parameters.curated', 'curated', 'implausible_value', 'parameters'),
      note('rule:x', 'rule', 'implausible_value', 'parameters'),
      note('rule:other-cell', 'rule', 'implausible_value', 'training_data', 'info'),
    ];
    expect(linkSameProblems(rows)).toBe(1);
    expect(rows.map((r) => r.same_problem_as)).toEqual([null, 'm.parameters.curated', null]);
    const m = models([{ id: 'm' }]);
    applyToModels(m, rows);
    expect(m.column('annotation_count')).toEqual([2]);
  });

  it('is linked whatever its kind, to the curated note of its kind or else the most severe one on the cell', () => {
    // GPT-3's 45TB: the byte rule asks whether it is a token count; the curated note says it is a real size in bytes.
    const rows = [
      note('m.td.agrees', 'curated', 'agrees_with_reference', 'training_data', 'info'),
      note('m.td.raw-crawl', 'curated', 'conflicts_with_reference', 'training_data', 'warning'),
      note('rule:bytes', 'rule', 'unit_ambiguity', 'training_data', 'info'),
      note('m.model.typo', 'curated', 'typo', 'model', 'info'),
      note('rule:confusable', 'rule', 'confusable_name', 'model', 'info'),
      note('m.os.closed', 'curated', 'conflicts_with_reference', 'open_source', 'error'),
      note('m.os.later', 'curated', 'changed_later', 'open_source', 'info'),
      note('rule:epoch-closed', 'rule', 'conflicts_with_reference', 'open_source', 'warning'),
    ];
    expect(linkSameProblems(rows)).toBe(3);
    expect(
      Object.fromEntries(rows.filter((r) => r.origin === 'rule').map((r) => [r.annotation_id, r.same_problem_as])),
    ).toEqual({
      'rule:bytes': 'm.td.raw-crawl',
      'rule:confusable': 'm.model.typo',
      'rule:epoch-closed': 'm.os.closed',
    });
    const m = models([{ id: 'm' }]);
    applyToModels(m, rows);
    expect(m.column('annotation_count')).toEqual([5]);
  });
});
