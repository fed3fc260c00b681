-- Models with at least one warning or error in their annotations, and what kinds of problem, with the English names of
-- the model and of its real organisation (the printed organisation may be wrong: the paper's Novell is NovelAI's maker, Anlatan).
-- zh: 注释中至少有一条警告或错误的模型及其问题类型，附模型及其实际所属机构的英文名（论文所印机构可能有误：论文中的 Novell 实为 NovelAI 的开发者 Anlatan）。
SELECT f.model_en, o.name_en AS organisation_en, f.problem_count, f.kinds
FROM models_flagged f
JOIN models m USING (source_id, model_id)
JOIN organisations o USING (organisation_id)
ORDER BY f.row_no;
