// Writes a synthetic paper for the scale benchmark: a 表3-like table of N rows in the export's layout (category
// labels, blank lines between rows, page furniture every so often, a trailing space ending each row), with its
// own spec, checksum and curated files. Names look like real model names and every quantity form of the grammar
// appears. Deterministic for a given N.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../lib/hash.ts';

const FAMILIES = [
  'GPT',
  'PaLM',
  'LLaMA',
  'Claude',
  'Qwen',
  'ChatGLM',
  'Baichuan',
  'Mistral',
  'Falcon',
  'Gemma',
  'DeepSeek',
  'InternLM',
  '文心',
  '盘古',
  '混元',
  '星火',
  '通义',
  '日日新',
  'Yi',
  'Phi',
];
const SUFFIXES = ['', ' Pro', ' Chat', '-Instruct', ' Vision', ' 大模型', '-Turbo', ' Lite'];
const ORGS = [
  'OpenAI',
  'Google',
  'Meta',
  'Anthropic',
  '阿里',
  '百度',
  '华为',
  '腾讯',
  '商汤',
  '清华大学',
  '复旦大学',
  '科大讯飞',
  'DeepMind',
  'Mistral.AI',
  'TII',
  '智谱',
  '月之暗面',
  'Microsoft',
];
const PARAMETERS = [
  '12B',
  '30 亿',
  '2.4 万亿',
  '千亿级',
  '十亿',
  '3B-70B',
  '/',
  '8000 万',
  '70 亿',
  '13B',
  '500 亿',
  '65B',
];
const DATA = [
  '20TB',
  '0.5TB',
  '4 亿个图像文本对',
  '12 亿张图片',
  '9 万个蛋白质结构',
  '亿级',
  '/',
  '2TB',
  '800GB',
  '6 亿张图片',
];
const CATEGORIES: [string, string, string][] = [
  ['nlp_text_generation', 'NLP-文本类', 'NLP: text'],
  ['cv_image_generation', 'CV-图像类', 'CV: images'],
  ['multimodal', '多模态－综合', 'Multimodal'],
  ['scientific_computing', '科学类', 'Science'],
];
const CAPTION_EN = 'Table 3. Synthetic large models for the scale benchmark';
const CAPTION_ZH = '表 3. 规模测试用的合成大模型';
const HEADER = '类别 模型 主体 参数规模 数据规模 是否开源';

function modelName(i: number): string {
  return `${FAMILIES[i % FAMILIES.length]}-${Math.floor(i / FAMILIES.length) + 1}${SUFFIXES[i % SUFFIXES.length]}`;
}

/** Writes sources/synth/ under `root`; returns the folder of sources. */
export function generate(root: string, n: number): string {
  const sources = path.join(root, 'sources');
  const dir = path.join(sources, 'synth');
  mkdirSync(path.join(dir, 'curated'), { recursive: true });

  const paper: string[] = ['合成论文：用于规模测试。', '', `${CAPTION_EN} `, `${CAPTION_ZH} `, '', `${HEADER} `, ''];
  const models: string[] = ['model_id,model,model_en'];
  const crosswalk: string[] = ['model_id,epoch_ai_snapshot,epoch_ai_model,epoch_ai_match,note_en,note_zh'];
  const perCategory = Math.ceil(n / CATEGORIES.length);
  let i = 0;
  for (const [, label] of CATEGORIES) {
    paper.push(`${label} `, '');
    for (let k = 0; k < perCategory && i < n; k++, i++) {
      const name = modelName(i);
      paper.push(
        `${name} ${ORGS[i % ORGS.length]} ${PARAMETERS[i % PARAMETERS.length]} ${DATA[(i * 7) % DATA.length]} ${i % 3 === 0 ? '是' : '否'} `,
        '',
      );
      if (i % 40 === 39) paper.push('https://doi.org/10.0000/synth.2026', '', '合成作者 等 ', '');
      const id = `m${i}`;
      models.push(`${id},${name},${name}`);
      crosswalk.push(`${id},,,none,Synthetic.,合成。`);
    }
  }
  paper.push('', '正文继续，表格之后的正文。');

  const text = `${paper.join('\n')}\n`;
  writeFileSync(path.join(dir, 'paper.txt'), text);
  writeFileSync(
    path.join(dir, 'source.json'),
    JSON.stringify(
      {
        source_id: 'synth',
        file: 'paper.txt',
        sha256: sha256(Buffer.from(text)),
        citation: {
          title: 'A synthetic paper',
          first_author: '合成作者',
          first_author_en: 'Hecheng Zuozhe',
          journal: '合成期刊',
          journal_en: 'Synthetic Journal',
          publisher: 'Benchmark',
          year: 2026,
          doi: '10.0000/synth.2026',
          url: 'https://doi.org/10.0000/synth.2026',
          page_seen: null,
        },
        licence: {
          id: 'CC-BY-4.0',
          name: 'Creative Commons Attribution 4.0 International',
          url: 'https://creativecommons.org/licenses/by/4.0/',
        },
        attribution: 'Synthetic tables generated for the scale benchmark of this project (CC BY 4.0).',
        obtained: `Generated with ${n} rows by pipelines/bench/generate.ts.`,
      },
      null,
      2,
    ),
  );
  writeFileSync(
    path.join(dir, 'tables.json'),
    JSON.stringify(
      {
        layout: {
          page_furniture: ['^https://doi\\.org/10\\.0000/synth\\.2026$', '^合成作者 等$'],
          source_note: '^资料来源：',
        },
        tables: [
          {
            table_no: 3,
            label: '表3',
            output: 'models',
            caption_en: CAPTION_EN,
            caption_zh: CAPTION_ZH,
            layout: 'row_per_line',
            ends_with: 'last_row',
            expected_rows: n,
            expected_groups: CATEGORIES.length,
            group_label: { column: 'category', pattern: '^\\S+$' },
            columns: [
              { name: 'category', header_zh: '类别', header_en: 'Category', from: 'group_label' },
              { name: 'model', header_zh: '模型', header_en: 'Model', tokens: 'rest' },
              { name: 'organisation', header_zh: '主体', header_en: 'Organisation', tokens: 'one' },
              { name: 'parameters', header_zh: '参数规模', header_en: 'Parameters', tokens: 'number_and_unit' },
              { name: 'training_data', header_zh: '数据规模', header_en: 'Training data', tokens: 'number_and_unit' },
              {
                name: 'open_source',
                header_zh: '是否开源',
                header_en: 'Open source',
                tokens: 'one',
                values: { 是: true, 否: false },
              },
            ],
          },
        ],
      },
      null,
      2,
    ),
  );
  writeFileSync(path.join(dir, 'curated', 'models.csv'), `${models.join('\n')}\n`);
  writeFileSync(path.join(dir, 'curated', 'epoch-crosswalk.csv'), `${crosswalk.join('\n')}\n`);
  writeFileSync(
    path.join(dir, 'curated', 'categories.csv'),
    `category,category_raw,category_en\n${CATEGORIES.map((c) => c.join(',')).join('\n')}\n`,
  );
  writeFileSync(
    path.join(dir, 'curated', 'organisations.csv'),
    `organisation_id,organisation,name_en,name_zh,country,kind,misprinted\n${ORGS.map((o, k) => `org-${k},${o},${o},,CN,company,false`).join('\n')}\n`,
  );
  return sources;
}
