// Table specs: what the reader needs to know about one paper's tables, kept as data beside the paper
// (sources/<id>/tables.json) and validated against schemas/inputs/table-specs.schema.json before use.

export type TokenRule = 'one' | 'rest' | 'number_and_unit';

export interface ColumnSpec {
  /** English snake_case name, the column's name in the dataset. */
  name: string;
  /** The column header as printed. */
  header_zh: string;
  header_en: string;
  /** row_per_line tables: how many space-separated tokens the cell takes. */
  tokens?: TokenRule;
  /** The column is filled from the group label rows above, not from the row's own line. */
  from?: 'group_label';
  /** Printed marks of a yes/no column and what they mean. */
  values?: Record<string, boolean>;
}

export interface TableSpec {
  table_no: number;
  /** How messages name the table, as the paper does: "表3". */
  label: string;
  /** The dataset table the rows feed. */
  output: string;
  caption_en: string;
  caption_zh: string;
  layout: 'wrapped_cells' | 'row_per_line';
  /** A table ends at its source note (资料来源…) or after its last row. */
  ends_with: 'source_note' | 'last_row';
  expected_rows: number;
  expected_groups?: number;
  /** wrapped_cells: a regular expression that a whole row key matches, and how many lines a key may wrap over. */
  row_key?: { pattern: string; max_lines: number };
  /** row_per_line: lines that label the rows below them, and the column they fill. */
  group_label?: { column: string; pattern: string };
  columns: ColumnSpec[];
}

export interface DocumentLayout {
  /** Regular expressions for page furniture lines: DOI line, running header, page footer. */
  page_furniture: string[];
  /** Regular expression for a table's source note (资料来源…). */
  source_note: string;
}

export interface TableSpecs {
  layout: DocumentLayout;
  tables: TableSpec[];
}
