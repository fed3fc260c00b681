// docs/data-dictionary.md, generated from the table schemas (and the views), so it cannot drift from them.

import { enumTypes, type TableDef } from '../schemas.ts';
import type { ViewSql } from '../emit/ddl.ts';
import { sqlType } from '../emit/ddl.ts';
import { mdTable } from './markdown.ts';

export function dataDictionary(defs: readonly TableDef[], views: readonly ViewSql[]): string {
  const out: string[] = [
    '# Data dictionary',
    '',
    'Generated from `schemas/` by `make docs`; a test fails when it differs from what the schemas generate. Do not edit it by hand.',
    '',
    'Every table is published as `csv/<table>.csv`, `parquet/<table>.parquet` and `arrow/<table>.arrow`, and as a table of',
    '`large_model_ecosystem.duckdb` (with the same comments as below: `SELECT * FROM duckdb_columns()`), where each',
    'primary and foreign key below is enforced (`SELECT * FROM duckdb_constraints()`).',
    'CSV: UTF-8, RFC 4180, header row, `\\n` line ends; an empty field is NULL, `""` is the empty string; booleans are `true`/`false`.',
    '',
    '## Tables',
    '',
    mdTable(
      ['table', 'label', '中文', 'primary key', 'description'],
      defs.map((d) => [`[\`${d.name}\`](#${d.name})`, d.labelEn, d.labelZh, d.primaryKey.join(', '), d.description]),
    ),
    '',
  ];
  for (const d of defs) {
    out.push(`## ${d.name}`, '', `**${d.labelEn} · ${d.labelZh}.** ${d.description}`, '');
    out.push(`- Primary key: ${d.primaryKey.map((k) => `\`${k}\``).join(', ')}`);
    for (const fk of d.foreignKeys)
      out.push(
        `- Foreign key: ${fk.fields.map((f) => `\`${f}\``).join(', ')} → \`${fk.reference.table}\` (${fk.reference.fields.map((f) => `\`${f}\``).join(', ')})`,
      );
    out.push(`- Row order: ${d.orderBy.map((k) => `\`${k}\``).join(', ')}`, '');
    out.push(
      mdTable(
        ['column', 'label', '中文', 'type', 'unit', 'null', 'description'],
        d.columns.map((c) => [
          `\`${c.name}\``,
          c.labelEn,
          c.labelZh,
          `\`${sqlType(c)}\``,
          c.unit ?? '',
          c.nullable ? 'yes' : 'no',
          c.description,
        ]),
      ),
      '',
    );
  }
  out.push(
    '## Closed sets',
    '',
    'Each is a DuckDB ENUM type of the same name, a dictionary-encoded column in Parquet and Arrow, and `categories` in datapackage.json.',
    '',
  );
  out.push(
    mdTable(
      ['set', 'values'],
      [...enumTypes(defs)].map(([name, values]) => [`\`${name}\``, values.map((v) => `\`${v}\``).join(', ')]),
    ),
    '',
  );
  out.push('## Views (DuckDB)', '');
  out.push(
    mdTable(
      ['view', 'description'],
      [
        ...views.map((v) => [`\`${v.name}\``, v.comment]),
        ['`about`', 'The dataset: name, version, licence and the attribution every use must carry.'],
      ],
    ),
    '',
  );
  return out.join('\n');
}
