// Tamper: a paper changed without a new checksum is refused; an entry of any curated lookup (models,
// organisations, categories, Epoch AI crosswalk, translations) that no longer matches the extracted text stops
// the build, naming the entry with its file and line.

import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildError, editFile, editPaperLine, sandbox, type Sandbox } from '../helpers/sandbox.ts';

let s: Sandbox;
beforeEach(() => {
  s = sandbox();
});
afterEach(() => s.remove());

it('refuses a paper changed without a new checksum, before reading it', async () => {
  editPaperLine(s, 290, '文心一格 百度', '文心一格 百度公司', { checksum: false });
  const msg = await buildError(s);
  expect(msg.split('\n')[0]).toMatch(/paper\.txt: has SHA-256 [0-9a-f]{64}, but .*source\.json expects [0-9a-f]{64}$/);
  expect(msg).not.toContain('百度公司');
});

it('names a curated model entry that no longer matches the paper', async () => {
  editFile(path.join(s.source, 'curated', 'models.csv'), (t) => t.replace('gpt-4,GPT-4,GPT-4', 'gpt-4,GPT 4,GPT-4'));
  const msg = await buildError(s);
  expect(msg).toMatch(/curated\/models\.csv:15: is a stale model name: "GPT 4" matches no extracted cell/);
  expect(msg).toMatch(/paper\.txt:296 表3 row 14 \(GPT-4\) column model: "GPT-4" has no curated English name and id/);
});

it('names a translation edited away from the extracted text', async () => {
  editFile(path.join(s.source, 'curated', 'translations.csv'), (t) =>
    t.replace('product_modes,saas,mode,SaaS 模式', 'product_modes,saas,mode,SaaS模式'),
  );
  const msg = await buildError(s);
  expect(msg).toMatch(
    /paper\.txt:392 表4 row 3 \(SaaS 模式\) column mode: "SaaS 模式" has no translation, so the row has no id/,
  );
  expect(msg).toMatch(
    /curated\/translations\.csv:\d+: is a stale translation: product_modes saas mode "SaaS模式" matches no extracted cell/,
  );
});

it('names an annotation whose printed value the paper no longer prints', async () => {
  editPaperLine(s, 302, '100 万亿', '1000 亿');
  const msg = await buildError(s);
  expect(msg).toMatch(
    /curated\/annotations\.csv:\d+ column printed: "100 万亿" is a stale annotation: models tongyi-qianwen parameters_raw now reads "1000 亿"/,
  );
});

it('names an organisation entry no model uses any more', async () => {
  editFile(
    path.join(s.source, 'curated', 'organisations.csv'),
    (t) => `${t}ghost,Ghost Corp,Ghost Corp,,US,company,false\n`,
  );
  expect(await buildError(s)).toMatch(
    /curated\/organisations\.csv:18: is a stale organisation: "Ghost Corp" matches no extracted cell/,
  );
});

it('names a category entry whose label the paper does not print', async () => {
  editFile(path.join(s.source, 'curated', 'categories.csv'), (t) => `${t}multimodal,多模态－其他,Multimodal: other\n`);
  expect(await buildError(s)).toMatch(
    /curated\/categories\.csv:6: is a stale category label: "多模态－其他" matches no extracted cell/,
  );
});

it('names a crosswalk entry for a model the paper does not list', async () => {
  editFile(
    path.join(s.source, 'curated', 'epoch-crosswalk.csv'),
    (t) => `${t}ghost-model,,,none,A model no row names.,无此模型。\n`,
  );
  expect(await buildError(s)).toMatch(
    /curated\/epoch-crosswalk\.csv:25: is a stale crosswalk entry: "ghost-model" matches no extracted cell/,
  );
});
