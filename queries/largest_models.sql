-- The ten largest models by parameter count: the single figure where the paper prints one, else the lower bound (the size
-- the model is at least: 百亿 is 10^10 to just under 10^11, 超千亿 over 10^11; the upper bound of a lower bound is unknown),
-- exact counts before magnitudes at a tie; with the bounds and how the paper states the count.
SELECT model_en, organisation, parameters_raw AS printed, parameters, parameters_low, parameters_high, parameters_kind, flagged
FROM models
WHERE parameters_kind <> 'not_reported'
ORDER BY coalesce(parameters, parameters_low) DESC, parameters_kind = 'exact' DESC, row_no
LIMIT 10;
