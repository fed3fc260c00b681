// The status of each printed quantity (parameters, training data, open-source mark), derived from the notes on its
// cell by pipelines/lib/quality/status.ts: the kinds' statuses, the least supported winning, linked rule notes left
// out, / as not_reported, a cell no note settles as unreviewed. Then the statuses of chang2024 against a golden file
// checked by hand against the notes, and the severities the rules of docs/annotations.md fix.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyStatuses, STATUS_OF_KIND } from '../../pipelines/lib/quality/status.ts';
import type { AnnotationRow } from '../../pipelines/lib/quality/annotations.ts';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { TableData, type Value } from '../../pipelines/lib/table-data.ts';
import { loadGenerated } from '../../pipelines/lib/validators.ts';
import common from '../../schemas/common.schema.json' with { type: 'json' };
import { ROOT, SOURCES_DIR } from '../helpers/project.ts';
import { normalised } from '../helpers/normalised.ts';

beforeAll(() => loadGenerated());

const def = loadTableDefs().find((d) => d.name === 'models')!;

function models(ids: { id: string; p?: string; d?: string }[]): TableData {
  const t = new TableData(def);
  for (const m of ids) {
    t.push({
      ...Object.fromEntries(def.columns.map((c) => [c.name, null])),
      source_id: 's',
      model_id: m.id,
      parameters_kind: m.p ?? 'exact',
      training_data_kind: m.d ?? 'exact',
    } as Record<string, Value>);
  }
  return t;
}

const note = (row: string, column: string, kind: string, extra: Partial<AnnotationRow> = {}) =>
  ({
    source_id: 's',
    table_name: 'models',
    row_id: row,
    column_name: column,
    kind,
    same_problem_as: null,
    ...extra,
  }) as AnnotationRow;

const statuses = (t: TableData) =>
  Array.from({ length: t.rowCount }, (_, r) => [
    t.column('parameters_status')[r],
    t.column('training_data_status')[r],
    t.column('open_source_status')[r],
  ]);

describe('applyStatuses', () => {
  it('gives each quantity the status of the kind of the note on its cell', () => {
    const kinds = Object.keys(STATUS_OF_KIND);
    const t = models(kinds.map((k) => ({ id: k })));
    applyStatuses(
      t,
      kinds.map((k) => note(k, 'parameters', k)),
    );
    expect(t.column('parameters_status')).toEqual(kinds.map((k) => STATUS_OF_KIND[k]));
    expect(new Set(Object.values(STATUS_OF_KIND))).toEqual(
      new Set(['official', 'vendor_claim', 'unofficial_estimate', 'other_model', 'conflicts_with_reference']),
    );
  });

  it('lets the least supported status win where notes on one cell disagree, in any order', () => {
    const t = models([{ id: 'a' }, { id: 'b' }]);
    applyStatuses(t, [
      note('a', 'training_data', 'agrees_with_reference'),
      note('a', 'training_data', 'value_from_other_model'),
      note('a', 'training_data', 'vendor_claim'),
      note('b', 'open_source', 'conflicts_with_reference'),
      note('b', 'open_source', 'changed_later'),
    ]);
    expect(statuses(t)).toEqual([
      ['unreviewed', 'other_model', 'unreviewed'],
      ['unreviewed', 'unreviewed', 'conflicts_with_reference'],
    ]);
  });

  it('takes no status from kinds about units, names or completeness, from linked rule notes, or from other rows and columns', () => {
    const t = models([{ id: 'a' }]);
    applyStatuses(t, [
      note('a', 'training_data', 'unit_ambiguity'),
      note('a', 'training_data', 'incomplete'),
      note('a', 'parameters', 'conflicts_with_reference', { same_problem_as: 'a.parameters.curated' }),
      note('a', 'organisation', 'conflicts_with_reference'),
      note('b', 'open_source', 'conflicts_with_reference'),
      note('a', 'open_source', 'typo', { table_name: 'organisations' } as Partial<AnnotationRow>),
    ]);
    expect(statuses(t)).toEqual([['unreviewed', 'unreviewed', 'unreviewed']]);
  });

  it('calls a quantity the paper does not report not_reported, whatever its notes', () => {
    const t = models([{ id: 'a', p: 'not_reported', d: 'not_reported' }]);
    applyStatuses(t, [note('a', 'parameters', 'agrees_with_reference')]);
    expect(statuses(t)).toEqual([['not_reported', 'not_reported', 'unreviewed']]);
  });

  it('gives only values of the closed set the schema describes', () => {
    expect(common.$defs.quantity_status.enum).toEqual(
      expect.arrayContaining([...Object.values(STATUS_OF_KIND), 'not_reported', 'unreviewed']),
    );
    expect(Object.keys(STATUS_OF_KIND).every((k) => common.$defs.annotation_kind.enum.includes(k))).toBe(true);
  });
});

describe('the notes of chang2024', () => {
  const built = () => normalised(SOURCES_DIR, { annotated: true });

  it('give every printed quantity the status and count the golden file says (checked by hand against the notes)', () => {
    const m = built().get('models')!;
    const golden = Papa.parse<Record<string, string>>(
      readFileSync(path.join(ROOT, 'tests/golden/chang2024/statuses.csv'), 'utf8'),
      { header: true, skipEmptyLines: true },
    ).data;
    const cols = Object.keys(golden[0]!);
    expect(
      Array.from({ length: m.rowCount }, (_, r) =>
        Object.fromEntries(cols.map((c) => [c, String(m.column(c)[r] ?? '')])),
      ),
    ).toEqual(golden);
  });

  it('follow the severities docs/annotations.md fixes: a note that agrees, a vendor claim, a later change are info', () => {
    const a = built().get('annotations')!;
    for (let r = 0; r < a.rowCount; r++) {
      const n = a.row(r);
      if (['agrees_with_reference', 'vendor_claim', 'changed_later'].includes(n.kind as string))
        expect(n.severity, String(n.annotation_id)).toBe('info');
      if (
        n.same_problem_as === null &&
        n.column_name === 'open_source' &&
        n.kind === 'conflicts_with_reference' &&
        n.printed === '是'
      ) {
        // A service marked open is wrong for every model alike (ERNIE Bot, iFLYTEK Spark, Claude, Midjourney, NovelAI, Wenxin Yige).
        expect(n.severity, String(n.annotation_id)).toBe('error');
      }
    }
  });

  it('give every token count printed in bytes a counted unit note: an error where the maker gives the count, a warning where it is unofficial', () => {
    const data = built();
    const m = data.get('models')!;
    const a = data.get('annotations')!;
    const tokensAsBytes = Array.from({ length: m.rowCount }, (_, r) => m.row(r))
      .filter((r) => r.training_data_counts === 'tokens' && r.training_data_unit === 'bytes')
      .map((r) => r.model_id as string);
    const unitNotes = new Map(
      Array.from({ length: a.rowCount }, (_, r) => a.row(r))
        .filter((n) => n.column_name === 'training_data' && n.kind === 'unit_ambiguity' && n.same_problem_as === null)
        .map((n) => [n.row_id as string, n.severity]),
    );
    // Before the re-review only LLaMA and Hunyuan had one; GPT-4's, PaLM's, PaLM-E's and Tongyi's unit was said only
    // inside other notes, so a query for unit problems missed four of six.
    expect(Object.fromEntries(tokensAsBytes.map((id) => [id, unitNotes.get(id)]))).toEqual({
      palm: 'warning',
      llama: 'error',
      'gpt-4': 'warning',
      'palm-e': 'error',
      'tongyi-qianwen': 'error',
      hunyuan: 'error',
    });
  });
});
