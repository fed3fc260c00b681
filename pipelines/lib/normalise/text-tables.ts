// 表1, 表2, 表4 → tables of text: each cell as printed beside its curated English translation. The row key's
// translation entry also gives the row its stable id.

import { TableData, type Value } from '../table-data.ts';
import type { ExtractedTable } from '../extract/types.ts';
import type { CsvRow } from '../inputs.ts';
import { shown } from '../paths.ts';
import { problem } from '../problems.ts';
import { curatedPath, type CuratedFiles } from './curated.ts';
import { Lookup } from './lookup.ts';
import { cellWhere, columnText, type NormaliseContext } from './context.ts';

export function translationLookup(c: CuratedFiles): Lookup {
  return new Lookup(curatedPath(c, 'translations'), c.translations, (v) => `${v['table']}|${v['row_id']}|${v['column']}`, 'translation');
}

export function normaliseTextTable(t: ExtractedTable, translations: Lookup, ctx: NormaliseContext): TableData {
  const output = t.spec.output;
  const def = ctx.defs.get(output)!;
  const out = new TableData(def);
  const idColumn = def.primaryKey.find((k) => k !== 'source_id')!;
  const names = t.spec.columns.map((c) => c.name);
  const keyColumn = names[0]!;
  const file = shown(translations.file);
  const { problems } = ctx;

  for (let r = 0; r < t.rowCount; r++) {
    const key = columnText(t, keyColumn)[r]!;
    const keyEntry: CsvRow | undefined = translations.rows.find(
      (e) => e.values['table'] === output && e.values['column'] === keyColumn && e.values['zh'] === key,
    );
    if (!keyEntry) {
      problems.report(cellWhere(t, r, keyColumn, key), 'has no translation, so the row has no id',
        `Add a line "${output},<row_id>,${keyColumn},${key},<English>" to ${file}.`, key);
      continue;
    }
    translations.use(keyEntry);
    const rowId = keyEntry.values['row_id']!;
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
      if (!entry) {
        problems.report(cellWhere(t, r, name, key), 'has no English translation',
          `Add a line "${output},${rowId},${name},<the Chinese text>,<English>" to ${file}.`, text);
        complete = false;
      } else if (entry.values['zh'] !== text) {
        const w = cellWhere(t, r, name, key);
        problems.add(problem({ file, line: entry.line, column: 'zh' },
          `is a stale translation: the extracted cell (${w.file}:${w.line} ${t.spec.label} row ${r + 1} column ${name}) now reads ${JSON.stringify(text)}`,
          'Update zh to the extracted text and check that en still translates it.', entry.values['zh']!));
        complete = false;
      }
      row[name] = text;
      row[`${name}_en`] = entry?.values['en'] ?? null;
    }
    if (complete) out.push(row);
  }
  return out;
}
