-- Where a value comes from: GPT-4's printed parameter count, its parsed value, and the line of the paper it was read from.
-- zh: 一个数值的出处：GPT-4 在论文中印出的参数量、解析后的数值，以及读取它的论文行号。
SELECT m.model_en, c.text AS printed, m.parameters, m.parameters_kind, s.file, c.line_first AS line, t.caption
FROM models m
JOIN cells c ON c.source_id = m.source_id AND c.table_no = 3 AND c.row_no = m.row_no AND c.column_name = 'parameters'
JOIN sources s ON s.source_id = m.source_id
JOIN source_tables t ON t.source_id = c.source_id AND t.table_no = c.table_no
WHERE m.model_id = 'gpt-4';
