-- The ten largest models by parameter count: the exact value where the paper prints one, else the upper bound,
-- with the bounds and how the paper states the count.
SELECT model_en, organisation, parameters_raw AS printed, parameters, parameters_low, parameters_high, parameters_kind, flagged
FROM models
WHERE parameters_kind <> 'not_reported'
ORDER BY coalesce(parameters, parameters_high) DESC, row_no
LIMIT 10;
