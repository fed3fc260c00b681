-- How many models of each category the paper marks as open source, counting the marks as printed: several are wrong
-- (see the annotations of kind conflicts_with_reference on open_source), so this is what the paper says, not what is open.
SELECT category, category_en, count(*) AS models, count(*) FILTER (WHERE open_source) AS marked_open,
       round(100.0 * count(*) FILTER (WHERE open_source) / count(*), 1) AS percent_open
FROM models
GROUP BY ALL
ORDER BY min(row_no);
