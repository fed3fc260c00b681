-- A release's Parquet files, each at the top of the release, straight from their URL.
INSTALL httpfs; LOAD httpfs;
SELECT model, model_en, parameters, parameters_kind
FROM read_parquet('https://github.com/large-model-ecosystem/large-model-ecosystem/releases/download/v0.1.0/models.parquet')
ORDER BY row_no;
