-- Each model of 表3 beside the Epoch AI record its crosswalk names: parameters, training data, openness and organisation.
-- Parameters compare as a ratio (paper ÷ Epoch AI) only where both are exact counts. Training data gets no ratio: the
-- paper's units (bytes, images, …) and Epoch AI's (tokens, data points) are never the same kind of quantity.
SELECT
  m.source_id, m.model_id, m.row_no, m.model, m.model_en, m.epoch_ai_match,
  e.source_id AS epoch_ai_snapshot, m.epoch_ai_model, e.record_no AS epoch_ai_record_no,
  m.organisation, o.name_en AS organisation_en, e.organisation AS epoch_ai_organisation,
  m.parameters_raw, m.parameters_kind, m.parameters, m.parameters_low, m.parameters_high,
  e.parameters AS epoch_ai_parameters,
  CASE WHEN m.parameters IS NOT NULL AND e.parameters > 0 THEN round(m.parameters / e.parameters, 4) END AS parameters_ratio,
  m.training_data_raw, m.training_data_kind, m.training_data, m.training_data_low, m.training_data_high, m.training_data_unit,
  e.training_dataset_size AS epoch_ai_training_dataset_size, e.training_dataset_size_unit AS epoch_ai_training_dataset_size_unit,
  m.open_source_raw, m.open_source, e.model_accessibility AS epoch_ai_model_accessibility, e.confidence AS epoch_ai_confidence
FROM models m
JOIN organisations o USING (organisation_id)
LEFT JOIN epoch_ai_models e ON e.epoch_ai_model = m.epoch_ai_model
