-- Models by the country of their organisation, with the models' English names.
-- zh: 按所属机构的国家统计模型数，附模型的英文名。
SELECT organisation_country AS country, count(*) AS models, string_agg(model_en, ', ' ORDER BY row_no) AS model_names
FROM models_with_organisation
GROUP BY ALL
ORDER BY models DESC, country;
