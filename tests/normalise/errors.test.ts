// Errors that point into the paper: file and line, table, row, column, the raw text, and what to do.

import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildError, editFile, editPaperLine, sandbox, type Sandbox } from '../helpers/sandbox.ts';

let s: Sandbox;
beforeEach(() => {
  s = sandbox();
});
afterEach(() => s.remove());

const first = (msg: string) => msg.split('\n')[0]!;

describe('cells that do not normalise', () => {
  it('names file, line, table, row, model, column and raw text of a bad quantity', async () => {
    editPaperLine(s, 266, '175B', '175X');
    const msg = await buildError(s);
    expect(first(msg)).toMatch(
      /sources\/chang2024\/paper\.txt:266 表3 row 1 \(GPT-3\) column parameters: "175X" is not a quantity: it has an unknown unit "X" \(expected e\.g\. 175B, 520 亿, 1\.8 万亿, 千亿级, 7B-65B, 超千亿, 约 175B, \/\)$/,
    );
    expect(msg).toContain('→ Check the cell against the paper.');
  });

  it('reports several bad cells of one run together', async () => {
    editPaperLine(s, 266, '175B', '175X');
    editPaperLine(s, 296, '13TB', '13QB');
    editPaperLine(s, 298, '否', '不');
    const msg = await buildError(s);
    expect(msg).toContain('paper.txt:266 表3 row 1 (GPT-3) column parameters: "175X"');
    expect(msg).toContain(
      'paper.txt:296 表3 row 14 (GPT-4) column training_data: "13QB" is not a quantity: it has an unknown unit "QB"',
    );
    expect(msg).toContain(
      'paper.txt:298 表3 row 15 (PALM-E) column open_source: "不" is not an open-source mark (expected one of 是, 否)',
    );
  });

  it('reports a model with no curated name, and the curated entry it left stale', async () => {
    editPaperLine(s, 272, 'Claude ', 'Claude 2 ');
    const msg = await buildError(s);
    expect(msg).toContain(
      'paper.txt:272 表3 row 4 (Claude 2) column model: "Claude 2" has no curated English name and id',
    );
    expect(msg).toMatch(/curated\/models\.csv:5: is a stale model name: "Claude" matches no extracted cell/);
  });

  it('reports a translation whose Chinese no longer matches the extracted cell, naming the entry and the cell', async () => {
    editPaperLine(s, 161, '与企业合作推动发展。', '与企业携手推动发展。');
    const msg = await buildError(s);
    expect(msg).toMatch(
      /curated\/translations\.csv:4 column zh: "科技驱动，安全版权并重；政府与企业合作推动发展。" is a stale translation: the extracted cell \(.*paper\.txt:159 表1 row 1 column features\) now reads "科技驱动，安全版权并重；政府与企业携手推动发展。"/,
    );
  });

  it('reports a text cell with no translation', async () => {
    editFile(path.join(s.source, 'curated', 'translations.csv'), (t) =>
      t
        .split('\n')
        .filter((l) => !l.startsWith('product_modes,api,advantages'))
        .join('\n'),
    );
    const msg = await buildError(s);
    expect(msg).toContain('paper.txt:420 表4 row 5 (API 模式) column advantages: "降低了企业应用大模型的成本');
    expect(msg).toContain('has no English translation');
  });

  it('reports a category label with no curated entry', async () => {
    editPaperLine(s, 310, '科学计算', '科学研究');
    const msg = await buildError(s);
    expect(msg).toContain(
      'paper.txt:310 表3 row 21 (AlphaFold2) column category: "科学研究" is a category label with no curated entry',
    );
  });
});

describe('the source snapshot', () => {
  it('refuses a text whose checksum differs, naming both hashes and how to accept it', async () => {
    editPaperLine(s, 266, '175B', '176B', { checksum: false });
    const msg = await buildError(s);
    expect(msg).toMatch(
      /sources\/chang2024\/paper\.txt: has SHA-256 [0-9a-f]{64}, but .*sources\/chang2024\/source\.json expects 204706174a3122577758c67661a334dcf2b767f61d9468edbe8913b8505f7f12/,
    );
    expect(msg).toContain('make accept-source SOURCE=chang2024');
  });
});

describe('curated inputs are validated against their own schemas', () => {
  it('locates a bad field of a curated CSV by file, line and field', async () => {
    editFile(path.join(s.source, 'curated', 'organisations.csv'), (t) =>
      t.replace('google,Google,Google,谷歌,US,company', 'google,Google,Google,谷歌,USA,company'),
    );
    const msg = await buildError(s);
    expect(first(msg)).toMatch(
      /curated\/organisations\.csv:3 column country: "USA" must match pattern "\^\[A-Z\]\{2\}\$"$/,
    );
  });

  it('locates a bad field of the table specs by file, line and field', async () => {
    editFile(path.join(s.source, 'tables.json'), (t) => t.replace('"expected_rows": 23,', '"expected_rows": "23",'));
    const msg = await buildError(s);
    expect(first(msg)).toMatch(/tables\.json:\d+ column tables\/2\/expected_rows: "23" must be integer$/);
    const line = Number(/tables\.json:(\d+)/.exec(msg)![1]);
    expect(line).toBe(52);
  });

  it('locates a JSON syntax error by line', async () => {
    editFile(path.join(s.source, 'source.json'), (t) => t.replace('"year": 2024,', '"year": 2024'));
    expect(first(await buildError(s))).toMatch(/source\.json:\d+: is not valid JSON/);
  });

  it('refuses a spec pattern that is not a regular expression', async () => {
    editFile(path.join(s.source, 'tables.json'), (t) =>
      t.replace('"source_note": "^资料来源："', '"source_note": "^资料来源：("'),
    );
    expect(first(await buildError(s))).toMatch(
      /tables\.json:\d+ column layout\/source_note: "\^资料来源：\(" must match format "regex"/,
    );
  });
});
