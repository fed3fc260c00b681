// 表1, 表2, 表4 → tables of text: each cell as printed beside its curated English translation. The row key's
// translation entry also gives the row its stable id.

import type { Value } from '../table-data.ts';
import type { TableData } from '../table-data.ts';
import type { ExtractedTable } from '../extract/types.ts';
import { problem } from '../problems.ts';
import type { CuratedFiles } from './curated.ts';
import { Lookup } from './lookup.ts';
import { cellWhere, columnText, type NormaliseContext } from './context.ts';

export function translationLookup(c: CuratedFiles): Lookup {
  const t = c.translations;
  return new Lookup(t, (i) => `${t.get('table', i)}|${t.get('row_id', i)}|${t.get('column', i)}`, 'translation');
}

/** Appends a text table's rows to `out`. */
export function normaliseTextTable(
  t: ExtractedTable,
  translations: Lookup,
  ctx: NormaliseContext,
  out: TableData,
): void {
  const output = t.spec.output;
  const idColumn = out.def.primaryKey.find((k) => k !== 'source_id')!;
  const names = t.spec.columns.map((c) => c.name);
  const keyColumn = names[0]!;
  const { problems } = ctx;
  const entries = translations.table;

  for (let r = 0; r < t.rowCount; r++) {
    const key = columnText(t, keyColumn)[r]!;
    let keyEntry: number | undefined;
    for (let i = 0; i < entries.rowCount && keyEntry === undefined; i++) {
      if (entries.get('table', i) === output && entries.get('column', i) === keyColumn && entries.get('zh', i) === key)
        keyEntry = i;
    }
    if (keyEntry === undefined) {
      problems.report(
        cellWhere(t, r, keyColumn, key),
        'has no translation, so the row has no id',
        `Add a line "${output},<row_id>,${keyColumn},${key},<English>" to ${translations.file}.`,
        key,
      );
      continue;
    }
    translations.use(keyEntry);
    const rowId = entries.get('row_id', keyEntry)!;
    const row: Record<string, Value> = {
      source_id: ctx.sourceId,
      [idColumn]: rowId,
      row_no: r + 1,
      line_first: t.rowLineFirst[r]!,
      line_last: t.rowLineLast[r]!,
    };
    let complete = true;
    for (const name of names) {
      const text = columnText(t, name)[r]!;
      const entry = name === keyColumn ? keyEntry : translations.take(`${output}|${rowId}|${name}`);
      if (entry === undefined) {
        problems.report(
          cellWhere(t, r, name, key),
          'has no English translation',
          `Add a line "${output},${rowId},${name},<the Chinese text>,<English>" to ${translations.file}.`,
          text,
        );
        complete = false;
      } else if (entries.get('zh', entry) !== text) {
        const w = cellWhere(t, r, name, key);
        problems.add(
          problem(
            { file: translations.file, line: entries.lines[entry]!, column: 'zh' },
            `is a stale translation: the extracted cell (${w.file}:${w.line} ${t.spec.label} row ${r + 1} column ${name}) now reads ${JSON.stringify(text)}`,
            'Update zh to the extracted text and check that en still translates it.',
            entries.get('zh', entry)!,
          ),
        );
        complete = false;
      }
      row[name] = text;
      row[`${name}_en`] = entry === undefined ? null : entries.get('en', entry);
    }
    if (complete) out.push(row);
  }
}
