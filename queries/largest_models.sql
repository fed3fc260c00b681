-- The ten largest models by parameter count: the exact value where the paper prints one, else the lower bound (the size
-- the model is at least; an inclusive upper bound such as 百亿's 1000 亿 would tie it with models printed at that size),
-- exact counts before magnitudes at a tie; with the bounds and how the paper states the count.
SELECT model_en, organisation, parameters_raw AS printed, parameters, parameters_low, parameters_high, parameters_kind, flagged
FROM models
WHERE parameters_kind <> 'not_reported'
ORDER BY coalesce(parameters, parameters_low) DESC, parameters_kind = 'exact' DESC, row_no
LIMIT 10;
