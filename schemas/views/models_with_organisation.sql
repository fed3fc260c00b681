-- Models with their organisation's English name, country and kind.
CREATE VIEW models_with_organisation AS
SELECT m.*, o.name_en AS organisation_en, o.name_zh AS organisation_zh, o.country AS organisation_country, o.kind AS organisation_kind
FROM models m
JOIN organisations o USING (organisation_id);
