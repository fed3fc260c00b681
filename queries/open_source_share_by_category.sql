-- How many models of each category the paper marks as open source.
SELECT category, category_en, count(*) AS models, count(*) FILTER (WHERE open_source) AS marked_open,
       round(100.0 * count(*) FILTER (WHERE open_source) / count(*), 1) AS percent_open
FROM models
GROUP BY ALL
ORDER BY min(row_no);
