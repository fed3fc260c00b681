// How the explorer finds rows, on the built site's data: a facet for every closed-set and boolean column of every
// table (so a closed set added to a schema gets one with no change to the page), organisations and their country;
// counts that ignore the facet's own choice; ranges on counts, where a printed range counts when wholly inside.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteData } from '../../pipelines/lib/site/data.ts';
import { facetCounts, facetsOf, matches, type Query, viewRows } from '../../site/src/facets.ts';
import { defaultColumns, displayColumns, flagsColumn, Provenance, rowObjects, type Row } from '../../site/src/model.ts';
import { ROOT } from '../helpers/project.ts';

let data: SiteData;
beforeAll(() => {
  const file = path.join(ROOT, 'out', 'site', 'data.json');
  if (!existsSync(file)) throw new Error('out/site/ is missing: run `make site` (make test builds it).');
  data = JSON.parse(readFileSync(file, 'utf8')) as SiteData;
});

const query = (q: Partial<Query> = {}): Query => ({ q: '', facets: {}, ge: {}, le: {}, desc: false, ...q });

function prepared(name: string) {
  const table = data.tables.find((t) => t.name === name)!;
  const provenance = new Provenance(data);
  const columns = displayColumns(data, table);
  if (provenance.hasRowNotes(name)) columns.push(flagsColumn());
  return { table, rows: rowObjects(table), columns, facets: facetsOf(data, table, columns, provenance) };
}

describe('facets', () => {
  it('name NULL "not given" / "未填写", never NULL', () => {
    for (const t of data.tables)
      for (const f of prepared(t.name).facets)
        expect([f.label(null, 'en'), f.label(null, 'zh')], f.key).not.toContain('NULL');
  });

  it('cover every closed-set and boolean column that tells rows apart, in every table, plus organisation and country', () => {
    for (const t of data.tables) {
      const { rows, facets } = prepared(t.name);
      const keys = facets.map((f) => f.key);
      const varies = (c: string) => new Set(rows.map((r) => r[c])).size > 1;
      const expected = t.columns.filter((c) => (c.values || c.type === 'BOOLEAN') && varies(c.name)).map((c) => c.name);
      expect(keys, t.name).toEqual(expect.arrayContaining(expected));
    }
    const models = prepared('models').facets.map((f) => f.key);
    expect(models.slice(0, 5)).toEqual(['category', 'organisation_id', 'country', 'open_source', 'flagged']);
    expect(models).toContain('epoch_ai_match');
  });

  it('label values in either language: categories as printed or in English, organisations by name, countries by name, yes and no', () => {
    const { facets, rows } = prepared('models');
    const f = (key: string) => facets.find((x) => x.key === key)!;
    const first = rows[0]!;
    expect(f('category').label(String(first.category), 'zh')).toBe(first.category_raw);
    expect(f('category').label(String(first.category), 'en')).toBe(first.category_en);
    const orgs = rowObjects(data.tables.find((t) => t.name === 'organisations')!);
    const tsinghua = orgs.find((o) =>
      rows.some((m) => m.organisation_id === o.organisation_id && m.organisation !== o.name_en),
    )!;
    expect(f('organisation_id').label(String(tsinghua.organisation_id), 'en')).toBe(tsinghua.name_en);
    expect(f('organisation_id').label(String(tsinghua.organisation_id), 'zh')).toBe(
      rows.find((m) => m.organisation_id === tsinghua.organisation_id)!.organisation,
    );
    expect(f('country').label('CN', 'en')).toBe('China');
    expect(f('country').label('CN', 'zh')).toBe('中国');
    expect(f('open_source').label('true', 'zh')).toBe('是');
    expect(f('parameters_kind').label('order_of_magnitude', 'en')).toBe('order of magnitude');
  });

  it("count what every other filter keeps, so a choice never hides its own facet's other values", () => {
    const { rows, columns, facets } = prepared('models');
    const q = query({ facets: { organisation_id: ['openai'] } });
    const orgFacet = facets.find((f) => f.key === 'organisation_id')!;
    const counts = facetCounts(orgFacet, rows, q, columns, facets, 'en');
    expect(counts.find((c) => c.value === 'google')!.count).toBe(
      rows.filter((r) => r.organisation_id === 'google').length,
    );
    expect(counts.find((c) => c.value === 'openai')!.chosen).toBe(true);
    const category = facetCounts(facets.find((f) => f.key === 'category')!, rows, q, columns, facets, 'en');
    expect(category.reduce((n, c) => n + c.count, 0)).toBe(rows.filter((r) => r.organisation_id === 'openai').length);
  });

  it("filter by the organisation's country, through the organisations table", () => {
    const { rows, columns, facets } = prepared('models');
    const country = new Map(
      rowObjects(data.tables.find((t) => t.name === 'organisations')!).map((o) => [o.organisation_id, o.country]),
    );
    const shown = rows.filter((r) => matches(r, query({ facets: { country: ['CN'] } }), columns, facets));
    expect(shown.map((r) => r.model_id)).toEqual(
      rows.filter((r) => country.get(r.organisation_id) === 'CN').map((r) => r.model_id),
    );
    expect(shown.length).toBeGreaterThan(0);
  });
});

describe('ranges', () => {
  // A lower bound (超千亿) stands for [low, ∞).
  const wholly = (r: Row, lo: number, hi: number) => {
    const low = (r.parameters ?? r.parameters_low) as number | null;
    const high = (r.parameters ?? r.parameters_high ?? (low === null ? null : Infinity)) as number | null;
    return low !== null && high !== null && low >= lo && high <= hi;
  };

  it.each([
    ['100B', ''],
    ['1e11', ''],
    ['1000亿', ''],
    ['10B', '100B'],
    ['', '1 万亿'],
  ])('keep the models whose parameters lie within [%s, %s]', (ge, le) => {
    const { rows, columns, facets } = prepared('models');
    const q = query({ ge: ge ? { parameters: ge } : {}, le: le ? { parameters: le } : {} });
    const bound = (s: string, d: number) =>
      s
        ? Number(s.replace('100B', '1e11').replace('1000亿', '1e11').replace('10B', '1e10').replace('1 万亿', '1e12'))
        : d;
    const expected = rows.filter((r) => wholly(r, bound(ge, -Infinity), bound(le, Infinity))).map((r) => r.model_id);
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.filter((r) => matches(r, q, columns, facets)).map((r) => r.model_id)).toEqual(expected);
  });

  it("leave out a printed range that only overlaps the bounds (MOSS's 百亿 is 10 B to 100 B)", () => {
    const { rows, columns, facets } = prepared('models');
    const range = rows.find((r) => r.parameters === null && r.parameters_low !== null)!;
    const inside = rows.filter((r) =>
      matches(r, query({ ge: { parameters: String(range.parameters_low) } }), columns, facets),
    );
    expect(inside.map((r) => r.model_id)).toContain(range.model_id);
    const above = rows.filter((r) =>
      matches(r, query({ ge: { parameters: String(Number(range.parameters_low) + 1) } }), columns, facets),
    );
    expect(above.map((r) => r.model_id)).not.toContain(range.model_id);
  });
});

describe('default columns and sorting', () => {
  it('show for models the model, organisation, category, parameters, training data, open source and notes', () => {
    const { table, rows, columns } = prepared('models');
    expect(defaultColumns(table, columns, rows)).toEqual([
      'model',
      'organisation',
      'category',
      'parameters',
      'training_data',
      'open_source',
      'flags',
    ]);
  });

  it('leave out the plumbing elsewhere: a source id the same on every row, row and line numbers, a slug beside its name', () => {
    const { table, rows, columns } = prepared('country_policies');
    expect(defaultColumns(table, columns, rows)).toEqual(['region', 'policy', 'features']);
  });

  it('sort English names in English: organisations by their English name', () => {
    const { rows, columns, facets } = prepared('models');
    const names = new Map(
      rowObjects(data.tables.find((t) => t.name === 'organisations')!).map((o) => [
        o.organisation_id,
        String(o.name_en),
      ]),
    );
    const sorted = viewRows(rows, query({ sort: 'organisation' }), columns, facets, 'en', () => undefined).map(
      ({ row }) => names.get(row.organisation_id)!,
    );
    expect(sorted).toEqual([...sorted].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN')));
  });
});
