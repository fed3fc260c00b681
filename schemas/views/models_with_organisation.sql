-- Models with their real organisation's English name, country and kind (m.organisation stays as printed; organisation_misprinted marks a printed name that names another organisation).
CREATE VIEW models_with_organisation AS
SELECT m.*, o.name_en AS organisation_en, o.name_zh AS organisation_zh, o.country AS organisation_country, o.kind AS organisation_kind, o.misprinted AS organisation_misprinted
FROM models m
JOIN organisations o USING (organisation_id);
