-- How many models of each category the paper marks as open source, counting the marks as printed: several are wrong
-- (see the annotations of kind conflicts_with_reference on open_source), so this is what the paper says, not what is open.
-- zh: 论文标为开源的各类别模型数，按原文标注计数：其中若干标注有误（见 open_source 上类型为 conflicts_with_reference 的注释），因此这是论文的说法，而非实际开源情况。
SELECT category, category_en, count(*) AS models, count(*) FILTER (WHERE open_source) AS marked_open,
       round(100.0 * count(*) FILTER (WHERE open_source) / count(*), 1) AS percent_open
FROM models
GROUP BY ALL
ORDER BY min(row_no);
