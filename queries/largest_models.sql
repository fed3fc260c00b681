-- The ten largest models by parameter count: the single figure where the paper prints one, else the lower bound (the size
-- the model is at least: 百亿 is 10^10 to just under 10^11, 超千亿 over 10^11; the upper bound of a lower bound is unknown),
-- exact counts before magnitudes at a tie; with the bounds and how the paper states the count.
-- zh: 参数量最大的十个模型：论文给出单一数值的取该值，否则取下限（模型至少达到的规模：百亿为 10^10 至不足 10^11，超千亿为 10^11 以上；下限的上界未知）；数值相同时精确值排在数量级之前；并列出上下限及论文对参数量的表述方式。
SELECT model_en, organisation, parameters_raw AS printed, parameters, parameters_low, parameters_high, parameters_kind, flagged
FROM models
WHERE parameters_kind <> 'not_reported'
ORDER BY coalesce(parameters, parameters_low) DESC, parameters_kind = 'exact' DESC, row_no
LIMIT 10;
