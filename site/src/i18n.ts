// The page's own words in both languages: every label, button and message, and the names of the closed sets'
// values (`order_of_magnitude` reads "order of magnitude" / "数量级"). A closed set added to the schemas later reads
// as its value with spaces until a label is added here. No DOM here: the tests import this file.

import type { Lang } from './quantity.ts';

export type { Lang };

const UI = {
  title: { en: 'Large-model ecosystem: data explorer', zh: '大模型生态数据浏览器' },
  skip: { en: 'Skip to the data', zh: '跳到数据' },
  views: { en: 'Views', zh: '视图' },
  'view.data': { en: 'Data', zh: '数据' },
  'view.charts': { en: 'Charts', zh: '图表' },
  'view.sql': { en: 'SQL', zh: 'SQL' },
  'view.about': { en: 'About & cite', zh: '简介与引用' },
  language: { en: 'Language', zh: '语言' },
  loading: { en: 'Loading the data…', zh: '正在加载数据…' },
  tables: { en: 'Tables', zh: '数据表' },
  search: { en: 'Search', zh: '搜索' },
  'search.placeholder': { en: 'Search all columns', zh: '搜索所有列' },
  rows: { en: '{n} of {total} rows', zh: '{total} 行中的 {n} 行' },
  columns: { en: 'Columns ({n} of {total})', zh: '列（{total} 列中的 {n} 列）' },
  'columns.default': { en: 'Default columns', zh: '默认列' },
  'columns.all': { en: 'All columns', zh: '全部列' },
  download: { en: 'Download', zh: '下载' },
  'download.table': { en: 'The whole table', zh: '整张表' },
  'download.rows': { en: 'These {n} rows as CSV', zh: '当前 {n} 行（CSV）' },
  filters: { en: 'Filters', zh: '筛选' },
  'filters.clear': { en: 'Clear all filters', zh: '清除全部筛选' },
  'filters.count': { en: 'Filters ({n} on)', zh: '筛选（已选 {n} 项）' },
  'range.min': { en: 'at least', zh: '不少于' },
  'range.max': { en: 'at most', zh: '不多于' },
  'range.hint': {
    en: 'e.g. 100B, 1e11, 1000亿. A printed range counts when it lies wholly inside.',
    zh: '如 1000亿、100B、1e11。原文为范围的值须整个落在其中。',
  },
  'range.unreadable': { en: 'cannot read “{text}” as a number', zh: '无法识别“{text}”' },
  flags: { en: 'Notes', zh: '注释' },
  'flags.legend': { en: 'Notes on values:', zh: '数值注释：' },
  'flags.none': { en: 'none', zh: '无' },
  sorted: { en: 'sorted', zh: '已排序' },
  'sort.hint': { en: 'Sort by this column', zh: '按此列排序' },
  null: { en: 'NULL', zh: 'NULL' },
  'not-given': { en: 'not given', zh: '未填写' },
  'english.lead': { en: '', zh: '说明（英文）：' },
  'not-reported': { en: 'not reported', zh: '未报告' },
  yes: { en: 'yes', zh: '是' },
  no: { en: 'no', zh: '否' },
  'table.note': { en: '{n} note on the table as a whole', zh: '关于整张表的注释 {n} 条' },
  'table.notes': { en: '{n} notes on the table as a whole', zh: '关于整张表的注释 {n} 条' },
  // the pane
  'pane.label': { en: 'Selected value', zh: '所选数值' },
  'pane.close': { en: 'Close', zh: '关闭' },
  'pane.hint': {
    en: 'Select a value (click, or Enter) to see where in the paper it was read from and what is noted about it.',
    zh: '选择一个数值（点击或按回车），查看它在论文中的出处和相关注释。',
  },
  'pane.printed': { en: 'As printed', zh: '原文' },
  'pane.exact': { en: 'Exact', zh: '精确值' },
  'pane.bounds': { en: 'Bounds', zh: '范围' },
  'pane.kind': { en: 'Stated as', zh: '表述方式' },
  'pane.status': { en: 'Status', zh: '依据' },
  'pane.counts': { en: 'Counts', zh: '计数对象' },
  'pane.match-note': { en: 'Why this Epoch AI record', zh: '为何对应此 Epoch AI 条目' },
  'pane.where': { en: 'Where it was read from', zh: '出处' },
  'pane.cell': {
    en: '表{table}, row {row}, column {column}, {lines}',
    zh: '表{table}第 {row} 行“{column}”列，{lines}',
  },
  'pane.line': { en: 'line {n}', zh: '第 {n} 行' },
  'pane.lines': { en: 'lines {a}–{b}', zh: '第 {a}–{b} 行' },
  'pane.row-lines': { en: 'The row is at {lines} of {file}.', zh: '该行位于 {file} {lines}。' },
  'pane.not-read': { en: 'This value was not read from a table of the paper.', zh: '此值并非从论文表格中读取。' },
  'pane.notes': { en: 'Notes ({n})', zh: '注释（{n} 条）' },
  'pane.no-notes': { en: 'No note on this value.', zh: '此值没有注释。' },
  'pane.reference': { en: 'Reference', zh: '参考' },
  'pane.references': { en: 'References', zh: '参考链接' },
  'pane.text-of': { en: 'Text of the paper', zh: '论文文本' },
  'pane.attribution': { en: 'Paper text:', zh: '论文文本：' },
  'pane.row-notes': { en: 'Notes on this row', zh: '此行的注释' },
  'copy.link': { en: 'Copy link', zh: '复制链接' },
  'copy.done': { en: 'Link copied', zh: '链接已复制' },
  'copy.failed': { en: 'Copy this address: {url}', zh: '请复制此地址：{url}' },
  // charts
  'charts.heading': { en: 'Charts', zh: '图表' },
  'chart.epoch': { en: 'The paper against Epoch AI', zh: '论文与 Epoch AI 对照' },
  'chart.parameters': { en: 'Parameters of 表3', zh: '表3 参数规模' },
  'chart.loading': { en: 'Drawing the chart…', zh: '正在绘制图表…' },
  'chart.as-text': { en: 'The chart as text', zh: '图表的文字版' },
  'chart.download': { en: 'Download the chart:', zh: '下载图表：' },
  // about
  'about.heading': { en: 'About this dataset', zh: '关于本数据集' },
  'about.version': { en: 'Version {v}.', zh: '版本 {v}。' },
  'about.repository': { en: 'Source repository', zh: '源代码仓库' },
  'about.sources': { en: 'Sources, citation and licence', zh: '来源、引用与许可' },
  'about.cite': { en: 'Cite:', zh: '引用：' },
  'about.attribution': { en: 'Attribution:', zh: '署名：' },
  'about.licence': { en: 'Licence:', zh: '许可：' },
  'about.dataset-licence': { en: 'Dataset licence:', zh: '数据集许可：' },
  'about.carry': { en: 'when you use the data, carry the attribution above.', zh: '使用数据时请附上以上署名。' },
  'about.tables': { en: 'Tables and their files', zh: '数据表及其文件' },
  'about.table': { en: 'table', zh: '数据表' },
  'about.rows': { en: 'rows', zh: '行数' },
  'about.holds': { en: 'what it holds', zh: '内容' },
  'about.files': { en: 'files', zh: '文件' },
  'about.release': { en: 'Release {tag}', zh: '发布版本 {tag}' },
  'about.release.complete': {
    en: 'Every file of the release with its SHA-256 (check with sha256sum -c SHA256SUMS); site.zip, this site, is attested but not in SHA256SUMS.',
    zh: '发布版本的全部文件及其 SHA-256（可用 sha256sum -c SHA256SUMS 校验）；本网站的 site.zip 另有证明，不在 SHA256SUMS 中。',
  },
  'about.release.partial': {
    en: 'The files the release copies from the build, with their SHA-256; the zipped CSV and Arrow files and the notes are on the release page. The table files above are served with this site and need no release.',
    zh: '发布版本从构建中复制的文件及其 SHA-256；压缩的 CSV、Arrow 文件和发布说明见发布页面。上方各表的文件随本网站提供，无需等待发布。',
  },
  'about.release-page': { en: 'release page of {tag}', zh: '{tag} 发布页面' },
  'about.file': { en: 'file', zh: '文件' },
  'about.bytes': { en: 'bytes', zh: '字节' },
  footer: {
    en: 'Data under CC BY 4.0 from the sources that About & cite lists, with the attribution every use must carry. Built with DuckDB-WASM (MIT) and Observable Plot (ISC).',
    zh: '数据以 CC BY 4.0 许可发布，来源及使用时须附带的署名见“简介与引用”。使用 DuckDB-WASM（MIT）与 Observable Plot（ISC）构建。',
  },
  // SQL
  'sql.heading': { en: 'SQL console', zh: 'SQL 控制台' },
  'sql.intro': {
    en: 'DuckDB in your browser over the published database, attached read-only.',
    zh: '在浏览器中运行 DuckDB，只读挂载已发布的数据库。',
  },
  'sql.schema': { en: 'Tables and views', zh: '数据表与视图' },
  'sql.view': { en: 'view', zh: '视图' },
  'sql.run': { en: 'Run (Ctrl+Enter)', zh: '运行（Ctrl+Enter）' },
  'sql.examples': { en: 'Example queries', zh: '示例查询' },
  'sql.csv': { en: 'Download the result as CSV', zh: '下载结果（CSV）' },
  'sql.input': { en: 'SQL', zh: 'SQL' },
  'sql.result': { en: 'Query result', zh: '查询结果' },
  'sql.idle': {
    en: 'DuckDB-WASM (about 34 MB) loads when you first run a query.',
    zh: '首次运行查询时加载 DuckDB-WASM（约 34 MB）。',
  },
  'sql.loading': { en: 'Loading DuckDB-WASM…', zh: '正在加载 DuckDB-WASM…' },
  'sql.running': { en: 'Running…', zh: '正在运行…' },
  'sql.stop': { en: 'Stop', zh: '停止' },
  'sql.stopped': { en: 'Stopped after {seconds} s.', zh: '已在 {seconds} 秒后停止。' },
  'sql.timed-out': {
    en: 'Stopped after {seconds} s, the longest a query may run here. Narrow it (a WHERE, a LIMIT, fewer joins), or run it with npm run sql.',
    zh: '已在 {seconds} 秒后停止：这是此处查询的最长运行时间。请缩小查询范围（WHERE、LIMIT、减少连接），或用 npm run sql 运行。',
  },
  'sql.too-long': {
    en: '{column}: a value of the result has {length} characters, more than the console shows, {max}. Select a part of it (left(x, 1000)) or its length (length(x)); the command-line runner reads longer values with --max-value-length N.',
    zh: '{column}：结果中有一个值长 {length} 个字符，超过控制台可显示的 {max} 个字符。请只选取其一部分（left(x, 1000)）或其长度（length(x)）；命令行工具可用 --max-value-length N 读取更长的值。',
  },
  'sql.failed': { en: 'The query failed.', zh: '查询失败。' },
  'sql.not-started': { en: 'DuckDB-WASM could not start.', zh: 'DuckDB-WASM 无法启动。' },
  'sql.limits': {
    en: 'The table shows the first {shown} rows of a result, the CSV download up to {read}; reading a larger result stops there. A query stops after {seconds} s; a value may have up to {characters} characters, of which a cell shows the first 10,000.',
    zh: '表格显示结果的前 {shown} 行，CSV 下载最多 {read} 行；更大的结果读取到此为止。查询最长运行 {seconds} 秒；一个值最多 {characters} 个字符，单元格显示其前 10,000 个字符。',
  },
  // The charts (charts.ts).
  chartEpochTitle: { en: 'Parameters: the paper (表3) against Epoch AI', zh: '参数规模：论文（表3）与 Epoch AI 对照' },
  chartPaper: {
    en: 'the paper (表3); a bar is a printed range, an arrow a lower bound',
    zh: '论文（表3）；横条为原文给出的范围，箭头为下限',
  },
  chartSame: { en: 'Epoch AI, same model', zh: 'Epoch AI，同一模型' },
  chartRelated: { en: 'Epoch AI, related model (named on the left)', zh: 'Epoch AI，相关模型（左侧注明）' },
  chartAxis: { en: 'parameters (log scale) →', zh: '参数规模（对数坐标）→' },
  chartNotDrawn: { en: 'Not drawn ({n} of {total})', zh: '未绘出（{total} 个中的 {n} 个）' },
  chartDrawn: {
    en: '{n} of {total} models drawn: those with a parameter count in both the paper and an Epoch AI record.',
    zh: '绘出 {total} 个模型中的 {n} 个：论文与 Epoch AI 条目均有参数规模的模型。',
  },
  chartNoRecord: { en: 'no Epoch AI record', zh: 'Epoch AI 无对应条目' },
  chartNoPaper: {
    en: 'the paper prints no parameter count ({raw}); Epoch AI’s record “{record}” ({match}) gives {epoch}',
    zh: '论文未给出参数规模（{raw}）；Epoch AI 条目“{record}”（{match}）为 {epoch}',
  },
  chartNoEpoch: {
    en: 'Epoch AI’s record “{record}” ({match}) gives no parameter count',
    zh: 'Epoch AI 条目“{record}”（{match}）无参数规模',
  },
  chartNeither: {
    en: 'neither the paper ({raw}) nor Epoch AI’s record “{record}” ({match}) gives a parameter count',
    zh: '论文（{raw}）与 Epoch AI 条目“{record}”（{match}）均无参数规模',
  },
  chartParamsTitle: { en: 'Parameters of the models of 表3', zh: '表3 各模型的参数规模' },
  chartExact: { en: 'exact count', zh: '精确值' },
  chartRange: {
    en: 'printed range or order of magnitude (bar), or a lower bound',
    zh: '原文给出的范围或数量级（横条）或下限',
  },
  chartFlagged: { en: 'ringed: a warning or error noted', zh: '圈出：有警告或错误注释' },
  chartWithout: { en: 'Models without a parameter count ({n})', zh: '没有参数规模的模型（{n} 个）' },
  chartModel: { en: 'model', zh: '模型' },
  chartPaperCol: { en: 'paper', zh: '论文' },
  chartEpochCol: { en: 'Epoch AI', zh: 'Epoch AI' },
  chartMatch: { en: 'match', zh: '匹配' },
  chartWhy: { en: 'why not drawn', zh: '未绘出原因' },
} as const;

export type UiKey = keyof typeof UI;

/** A page string in the language, `{name}` filled from `vars`. */
export function t(lang: Lang, key: UiKey, vars: Record<string, string | number> = {}): string {
  return UI[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** The values of the closed sets (common.schema.json), by set name. */
const VALUES: Record<string, Record<string, { en: string; zh: string }>> = {
  quantity_kind: {
    exact: { en: 'exact', zh: '精确值' },
    range: { en: 'range', zh: '范围' },
    order_of_magnitude: { en: 'order of magnitude', zh: '数量级' },
    lower_bound: { en: 'lower bound', zh: '下限' },
    approximate: { en: 'approximate', zh: '约数' },
    not_reported: { en: 'not reported', zh: '未报告' },
  },
  data_counted: {
    bytes: { en: 'bytes', zh: '字节' },
    tokens: { en: 'tokens', zh: '个词元' },
    images: { en: 'images', zh: '张图像' },
    image_text_pairs: { en: 'image-text pairs', zh: '图文对' },
    protein_structures: { en: 'protein structures', zh: '个蛋白质结构' },
    unknown: { en: 'unknown', zh: '不明' },
  },
  quantity_status: {
    official: { en: 'official', zh: '官方数据' },
    vendor_claim: { en: 'vendor claim', zh: '厂商声称' },
    unofficial_estimate: { en: 'unofficial estimate', zh: '非官方估计' },
    other_model: { en: 'value of another model', zh: '其他模型的数值' },
    conflicts_with_reference: { en: 'conflicts with a reference', zh: '与参考资料不符' },
    not_reported: { en: 'not reported', zh: '未报告' },
    unreviewed: { en: 'unreviewed', zh: '未核实' },
  },
  epoch_unit_basis: {
    notes: { en: 'Epoch AI’s notes', zh: 'Epoch AI 注释' },
    domain: { en: 'inferred from the domain', zh: '据领域推断' },
  },
  data_unit: {
    bytes: { en: 'bytes', zh: '字节' },
    image_text_pairs: { en: 'image-text pairs', zh: '图文对' },
    images: { en: 'images', zh: '张图像' },
    protein_structures: { en: 'protein structures', zh: '个蛋白质结构' },
    unspecified: { en: 'unit not given', zh: '未注明单位' },
  },
  epoch_data_unit: {
    tokens: { en: 'tokens', zh: '个词元' },
    data_points: { en: 'data points', zh: '个数据点' },
    unknown: { en: 'unit unknown', zh: '单位不明' },
  },
  epoch_match: {
    same_model: { en: 'same model', zh: '同一模型' },
    related_model: { en: 'related model', zh: '相关模型' },
    none: { en: 'no record', zh: '无对应条目' },
  },
  severity: {
    error: { en: 'error', zh: '错误' },
    warning: { en: 'warning', zh: '警告' },
    info: { en: 'info', zh: '提示' },
  },
  annotation_origin: { curated: { en: 'curated', zh: '人工整理' }, rule: { en: 'rule', zh: '规则' } },
  organisation_kind: {
    company: { en: 'company', zh: '企业' },
    university: { en: 'university', zh: '高校' },
    research_lab: { en: 'research lab', zh: '研究机构' },
    government: { en: 'government', zh: '政府' },
    other: { en: 'other', zh: '其他' },
  },
  annotation_kind: {
    agrees_with_reference: { en: 'agrees with a reference', zh: '与参考资料一致' },
    vendor_claim: { en: 'vendor claim', zh: '厂商声称' },
    changed_later: { en: 'changed later', zh: '后来有变' },
    incomplete: { en: 'incomplete', zh: '不完整' },
    typo: { en: 'typo', zh: '错字' },
    confusable_name: { en: 'confusable name', zh: '易混淆名称' },
    wrong_attribution: { en: 'wrong attribution', zh: '归属有误' },
    implausible_value: { en: 'implausible value', zh: '数值存疑' },
    unit_ambiguity: { en: 'ambiguous unit', zh: '单位不明' },
    conflicts_with_reference: { en: 'conflicts with a reference', zh: '与参考资料不符' },
    unofficial_estimate: { en: 'unofficial estimate', zh: '非官方估计' },
    value_from_other_model: { en: 'value of another model', zh: '其他模型的数值' },
    missing_values: { en: 'missing values', zh: '数值缺失' },
    mixed_punctuation: { en: 'mixed punctuation', zh: '标点混用' },
  },
};

/** A closed set's value as a person reads it; a value without a label reads with spaces for underscores. */
export function valueLabel(set: string | undefined, value: string, lang: Lang): string {
  return (set && VALUES[set]?.[value]?.[lang]) ?? value.replaceAll('_', ' ');
}

/** A count of notes of a severity: "1 warning", "2 warnings", "2 条警告". */
export function severityCount(n: number, severity: string, lang: Lang): string {
  const label = valueLabel('severity', severity, lang);
  return lang === 'zh' ? `${n} 条${label}` : `${n} ${label}${n === 1 ? '' : 's'}`;
}

/** A country as a person reads it: its name in the language, the code beside it (China (CN), 中国（CN）). */
export function countryName(code: string, lang: Lang): string {
  const name = regionName(code, lang);
  if (name === code) return code;
  return lang === 'zh' ? `${name}（${code}）` : `${name} (${code})`;
}

/** A region's name from its ISO 3166-1 code (CN → China / 中国); anything else as it is. */
export function regionName(code: string, lang: Lang): string {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  try {
    return new Intl.DisplayNames([lang === 'zh' ? 'zh-Hans' : 'en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
