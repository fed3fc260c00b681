// A second, made-up paper in the same layout, with its own spec and curated files, goes through the same code
// with no change: the knowledge of a paper lives in its folder, not in the pipeline.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import Papa from 'papaparse';
import { buildDataset } from '../../pipelines/stages/build.ts';
import { extractSources } from '../../pipelines/stages/extract.ts';
import { loadSources } from '../../pipelines/stages/sources.ts';
import { Schemas } from '../../pipelines/lib/schemas.ts';
import { ROOT } from '../helpers/project.ts';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'second-paper');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lme-second-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it("extracts the second paper's tables with the same reader", () => {
  const [table1, table2] = extractSources(loadSources(FIXTURE, new Schemas())).get('demo2025')!;
  expect(table1!.columns.map((c) => c.text)).toEqual([
    ['杭州', '广州'],
    ['推动 AI 应用落地，建设算力平台。', '支持模型研发，设立专项基金。'],
    ['应用驱动。', '资金支持。'],
  ]);
  expect(table2!.columns.map((c) => c.text)).toEqual([
    ['语言', '语言', '图像'],
    ['Demo-1', 'Demo Two', 'Pic Gen 3'],
    ['ExampleLab', '示例大学', 'ExampleLab'],
    ['7B', '300 亿', '/'],
    ['2TB', '/', '5 亿张图片'],
    ['是', '否', '是'],
  ]);
  expect(table2!.rowLineFirst).toEqual([32, 34, 38]);
});

it('builds the second paper end to end into every format', async () => {
  const out = path.join(tmp, 'out');
  await buildDataset({ sourcesRoot: FIXTURE, out });
  const models = Papa.parse<Record<string, string>>(readFileSync(path.join(out, 'csv', 'models.csv'), 'utf8'), {
    header: true,
    newline: '\n',
    skipEmptyLines: true,
  }).data;
  expect(
    models.map((m) => [m.model_id, m.category, m.parameters, m.training_data, m.training_data_unit, m.open_source]),
  ).toEqual([
    ['demo-1', 'nlp_text_generation', '7000000000', '2000000000000', 'bytes', 'true'],
    ['demo-two', 'nlp_text_generation', '30000000000', '', '', 'false'],
    ['pic-gen-3', 'cv_image_generation', '', '500000000', 'images', 'true'],
  ]);
  const cities = readFileSync(path.join(out, 'csv', 'city_policies.csv'), 'utf8');
  expect(cities).toContain('demo2025,hangzhou,1,8,11,杭州,Hangzhou,推动 AI 应用落地，建设算力平台。');
});
