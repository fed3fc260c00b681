-- Where the paper and Epoch AI disagree: models whose crosswalk entry is the same model (a related model's values say
-- nothing about the paper's), with a parameter count more than twice or less than half Epoch AI's, or an open-source
-- mark that contradicts Epoch AI's accessibility (是 beside API, hosted or unreleased; 否 beside open weights).
-- zh: 论文与 Epoch AI 不一致之处：对照表中为同一模型的条目（相关模型的数值不能说明论文的数值），参数量超过 Epoch AI 的两倍或不足其一半，或开源标注与 Epoch AI 的可获取性相矛盾（“是”对应 API、托管或未发布；“否”对应开放权重）。
SELECT model_en, epoch_ai_model, epoch_ai_record_no,
       parameters_raw, epoch_ai_parameters, parameters_ratio,
       open_source_raw, epoch_ai_model_accessibility,
       concat_ws('; ',
         CASE WHEN parameters_ratio > 2 OR parameters_ratio < 0.5 THEN 'parameters' END,
         CASE WHEN open_source AND epoch_ai_model_accessibility IN ('API access', 'Hosted access (no API)', 'Unreleased') THEN 'paper says open, Epoch AI closed'
              WHEN NOT open_source AND epoch_ai_model_accessibility LIKE 'Open weights%' THEN 'paper says closed, Epoch AI open weights' END
       ) AS disagreement
FROM models_vs_epoch_ai
WHERE epoch_ai_match = 'same_model'
  AND (parameters_ratio > 2 OR parameters_ratio < 0.5
       OR (open_source AND epoch_ai_model_accessibility IN ('API access', 'Hosted access (no API)', 'Unreleased'))
       OR (NOT open_source AND epoch_ai_model_accessibility LIKE 'Open weights%'))
ORDER BY row_no;
