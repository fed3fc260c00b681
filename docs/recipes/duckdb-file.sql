-- duckdb large_model_ecosystem.duckdb   (or any DuckDB client from 1.1 on, opening the file)
-- In out/ or a release download: the database has the same name at the top of both.
SELECT model, model_en, parameters, parameters_kind FROM models ORDER BY row_no;
SELECT model_en, kinds, notes FROM models_flagged;
