-- In out/ or a release download: the database has the same name at the top of both.
ATTACH 'large_model_ecosystem.duckdb' AS lme (READ_ONLY);
-- DuckDB 1.1 only: USE lme;
SELECT model_en, organisation_en, organisation_country FROM lme.models_with_organisation ORDER BY row_no;
