-- Every annotation on a model, beside the model's printed and English names and the printed cell.
CREATE VIEW model_annotations AS
SELECT m.model, m.model_en, a.*
FROM annotations a
JOIN models m ON a.table_name = 'models' AND a.source_id = m.source_id AND a.row_id = m.model_id
ORDER BY m.source_id, m.row_no, a.annotation_id;
