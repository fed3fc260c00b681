-- Each model of 表3 beside the Epoch AI record its crosswalk names, with the crosswalk's note on why that record (or
-- none): parameters, training data, openness, organisation and the record's publication date, with the status of each
-- of the paper's quantities. Only a same_model record compares like with like: the parameter ratio (paper ÷ Epoch AI)
-- is given only for one, and only where the paper prints an exact count; a related model's values say nothing about
-- the paper's. Training data gets no ratio: what the paper's figure counts (training_data_counts) and what Epoch AI's
-- counts are rarely the same, and are shown side by side.
SELECT
  m.source_id, m.model_id, m.row_no, m.model, m.model_en, m.epoch_ai_match, m.epoch_ai_match_note_en, m.epoch_ai_match_note_zh,
  e.source_id AS epoch_ai_snapshot, m.epoch_ai_model, e.record_no AS epoch_ai_record_no, e.publication_date AS epoch_ai_publication_date,
  m.organisation, o.name_en AS organisation_en, e.organisation AS epoch_ai_organisation,
  m.parameters_raw, m.parameters_kind, m.parameters, m.parameters_low, m.parameters_high, m.parameters_status,
  e.parameters AS epoch_ai_parameters,
  CASE WHEN m.epoch_ai_match = 'same_model' AND m.parameters_kind = 'exact' AND e.parameters > 0
       THEN round(m.parameters / e.parameters, 4) END AS parameters_ratio,
  m.training_data_raw, m.training_data_kind, m.training_data, m.training_data_low, m.training_data_high, m.training_data_unit,
  m.training_data_counts, m.training_data_status,
  e.training_dataset_size AS epoch_ai_training_dataset_size, e.training_dataset_size_unit AS epoch_ai_training_dataset_size_unit,
  e.training_dataset_size_unit_basis AS epoch_ai_training_dataset_size_unit_basis,
  m.open_source_raw, m.open_source, m.open_source_status, e.model_accessibility AS epoch_ai_model_accessibility, e.confidence AS epoch_ai_confidence
FROM models m
JOIN organisations o USING (organisation_id)
LEFT JOIN epoch_ai_models e ON e.epoch_ai_model = m.epoch_ai_model
