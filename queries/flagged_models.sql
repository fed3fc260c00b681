-- Models with at least one warning or error in their annotations, and what kinds of problem, with the English names of
-- the model and of its real organisation (the printed organisation may be wrong: the paper's Novell is NovelAI's maker, Anlatan).
SELECT f.model_en, o.name_en AS organisation_en, f.problem_count, f.kinds
FROM models_flagged f
JOIN models m USING (source_id, model_id)
JOIN organisations o USING (organisation_id)
ORDER BY f.row_no;
