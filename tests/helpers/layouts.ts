// Small synthetic layouts for the table reader: a caption, a header and the body lines a test gives, read with
// a spec of the test's choosing. A trailing space in a body line is the export's mark of a cell's end.

import { extractTable } from '../../pipelines/lib/extract/extract.ts';
import type { ColumnSpec, DocumentLayout, TableSpec, TableSpecs } from '../../pipelines/lib/extract/spec.ts';
import type { ExtractedTable } from '../../pipelines/lib/extract/types.ts';
import { DataError } from '../../pipelines/lib/problems.ts';

export const LAYOUT: DocumentLayout = {
  page_furniture: ['^https://doi\\.org/10\\.0000/example$', '^作者 等$', '^DOI: 10\\.0000/example \\d+ 期刊$'],
  source_note: '^资料来源：',
};

const col = (name: string, header_zh: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  header_zh,
  header_en: name,
  ...extra,
});

export function wrappedSpec(over: Partial<TableSpec> = {}): TableSpec {
  return {
    table_no: 1,
    label: '表1',
    output: 'country_policies',
    caption_en: 'Table 1. Example policies',
    caption_zh: '表 1. 示例政策',
    layout: 'wrapped_cells',
    ends_with: 'source_note',
    expected_rows: 1,
    row_key: { pattern: '[^\\s，。；、：]{1,8}', max_lines: 2 },
    columns: [col('region', '地区'), col('policy', '政策'), col('features', '特点')],
    ...over,
  };
}

export function rowPerLineSpec(over: Partial<TableSpec> = {}): TableSpec {
  return {
    table_no: 3,
    label: '表3',
    output: 'models',
    caption_en: 'Table 3. Example models',
    caption_zh: '表 3. 示例模型',
    layout: 'row_per_line',
    ends_with: 'last_row',
    expected_rows: 1,
    expected_groups: 1,
    group_label: { column: 'category', pattern: '^\\S+$' },
    columns: [
      col('category', '类别', { from: 'group_label' }),
      col('model', '模型', { tokens: 'rest' }),
      col('organisation', '主体', { tokens: 'one' }),
      col('parameters', '参数规模', { tokens: 'number_and_unit' }),
      col('training_data', '数据规模', { tokens: 'number_and_unit' }),
      col('open_source', '是否开源', { tokens: 'one' }),
    ],
    ...over,
  };
}

/** The lines of a paper holding one table: prose, caption, header, then `body`, then `after`. */
export function paperLines(
  spec: TableSpec,
  body: string[],
  after: string[] = ['', '正文继续，这一行是表格之后的正文'],
): string[] {
  return [
    '正文第一行',
    '',
    `${spec.caption_en} `,
    `${spec.caption_zh} `,
    '',
    `${spec.columns.map((c) => c.header_zh).join(' ')} `,
    '',
    ...body,
    ...after,
  ];
}

/** 1-based line number of the first body line in paperLines. */
export const BODY = 8;

export function extract(spec: TableSpec, lines: string[]): ExtractedTable {
  const specs: TableSpecs = { layout: LAYOUT, tables: [spec] };
  return extractTable({ sourceId: 'example', file: 'example.txt', specFile: 'tables.json', lines }, specs, spec);
}

/** The formatted problems a failing extraction reports. */
export function extractError(spec: TableSpec, lines: string[]): string {
  try {
    extract(spec, lines);
  } catch (e) {
    if (e instanceof DataError) return e.message;
    throw e;
  }
  throw new Error('extraction succeeded where it should have failed');
}

export function cells(t: ExtractedTable): Record<string, { text: string; lines: [number, number] }>[] {
  return Array.from({ length: t.rowCount }, (_, r) =>
    Object.fromEntries(
      t.columns.map((c) => [
        c.name,
        { text: c.text[r]!, lines: [c.lineFirst[r]!, c.lineLast[r]!] as [number, number] },
      ]),
    ),
  );
}
