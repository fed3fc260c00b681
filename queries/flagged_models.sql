-- Models with at least one warning or error in their annotations, and what kinds of problem.
SELECT model_en, organisation, problem_count, kinds
FROM models_flagged
ORDER BY row_no;
