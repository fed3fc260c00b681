-- Models with at least one annotation of severity warning or error, with the kinds and notes of those annotations.
CREATE VIEW models_flagged AS
SELECT m.source_id, m.model_id, m.row_no, m.model, m.model_en, m.organisation,
       count(*) AS problem_count,
       string_agg(DISTINCT a.kind::VARCHAR, ', ' ORDER BY a.kind::VARCHAR) AS kinds,
       string_agg(a.note_en, ' | ' ORDER BY a.annotation_id) AS notes
FROM models m
JOIN annotations a ON a.table_name = 'models' AND a.source_id = m.source_id AND a.row_id = m.model_id
WHERE a.severity IN ('warning', 'error') AND a.same_problem_as IS NULL
GROUP BY ALL
ORDER BY m.source_id, m.row_no;
