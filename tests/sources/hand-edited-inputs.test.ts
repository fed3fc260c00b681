// Curated files as people edit them, each mistake one problem at the curated file's own line with its fix: saved
// in another encoding (GB18030, as Excel saves "CSV" on Chinese Windows; UTF-16), a country code ISO 3166-1 does
// not assign, an id given twice, a required field left empty. Real files in real encodings (iconv), real builds.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countryCodes, ISO_3166_FILE } from '../../pipelines/lib/normalise/curated.ts';
import { build, buildError, editFile, sandbox, type Sandbox } from '../helpers/sandbox.ts';

let s: Sandbox;
beforeEach(() => {
  s = sandbox();
});
afterEach(() => s.remove());

const curated = (f: string) => path.join(s.source, 'curated', f);

/** Re-encodes a curated file with iconv, as another program would have saved it. */
function saveAs(file: string, encoding: string): void {
  // Bytes, not zx's text of them: decoding the output as UTF-8 would turn GB18030 into U+FFFD, valid UTF-8.
  writeFileSync(file, execFileSync('iconv', ['-f', 'UTF-8', '-t', encoding, file]));
}

/** The problems of the build, one line each (located message, then its fix). */
const problems = async () => (await buildError(s)).split('\n');

describe('a curated file in another encoding', () => {
  it.each([
    ['GB18030', 'it reads as GB18030 (GBK), as Excel saves "CSV" on Chinese Windows'],
    ['UTF-16', 'it looks like UTF-16 (it holds NUL bytes or starts with a UTF-16 byte-order mark)'],
    ['UTF-16LE', 'it looks like UTF-16 (it holds NUL bytes or starts with a UTF-16 byte-order mark)'],
  ])('is one problem naming it (%s), with how to save it as UTF-8', async (encoding, guess) => {
    saveAs(curated('models.csv'), encoding);
    const [message, fix, ...rest] = await problems();
    expect(message).toMatch(
      new RegExp(
        `curated/models\\.csv:\\d+: is not UTF-8 text: ${guess.replace(/[()]/g, '\\$&')} \\(byte \\d+ is 0x[0-9a-f]{2}\\)$`,
      ),
    );
    expect(fix).toBe(
      '  → Save it as UTF-8: in Excel "CSV UTF-8 (Comma delimited)", in an editor "Save with Encoding: UTF-8", or convert it with `iconv -f <encoding> -t UTF-8`.',
    );
    expect(rest).toEqual([]);
  });

  it('locates the first byte that is not UTF-8 at its line (GB18030 text after ASCII lines)', async () => {
    saveAs(curated('models.csv'), 'GB18030');
    const line =
      readFileSync(curated('models.csv'))
        .toString('latin1')
        .split('\n')
        .findIndex((l) => /[\x80-\xff]/.test(l)) + 1;
    expect(line).toBeGreaterThan(2);
    expect((await problems())[0]).toContain(`curated/models.csv:${line}: is not UTF-8 text`);
  });

  it('is read as it is when only a byte-order mark (UTF-8 with BOM, as Excel writes it) comes first', async () => {
    editFile(curated('models.csv'), (t) => `\uFEFF${t}`);
    editFile(curated('organisations.csv'), (t) => t.replace('openai,OpenAI,OpenAI,,US', 'openai,OpenAI,OpenAI,,XX'));
    // The build reads past the mark: the one problem it finds is the one planted in another file.
    expect((await problems())[0]).toContain(
      'organisations.csv:2 column country: "XX" is not an ISO 3166-1 alpha-2 country code',
    );
  });
});

describe('a curated value', () => {
  it('refuses a country code ISO 3166-1 does not assign, at its line, and takes HK (SenseTime, Hong Kong)', async () => {
    expect(countryCodes().size).toBe(249);
    expect(['CN', 'US', 'HK', 'GB', 'FR'].every((c) => countryCodes().has(c))).toBe(true);
    expect(['XX', 'UK', 'EU', 'ZZ'].some((c) => countryCodes().has(c))).toBe(false);
    expect(ISO_3166_FILE).toMatch(/schemas\/vendor\/iso-codes\/iso_3166-1\.json$/);
    editFile(curated('organisations.csv'), (t) => t.replace('openai,OpenAI,OpenAI,,US', 'openai,OpenAI,OpenAI,,XX'));
    expect(await problems()).toEqual([
      expect.stringMatching(
        /curated\/organisations\.csv:2 column country: "XX" is not an ISO 3166-1 alpha-2 country code$/,
      ),
      "  → Use the code ISO 3166-1 gives the country of the organisation's headquarters (e.g. CN, US, HK); schemas/vendor/iso-codes/iso_3166-1.json lists them all.",
    ]);
    // Hong Kong is a code of its own in ISO 3166-1: an organisation there may carry it.
    editFile(curated('organisations.csv'), (t) => t.replace('openai,OpenAI,OpenAI,,XX', 'openai,OpenAI,OpenAI,,HK'));
    await build(s);
  });

  it("refuses a model id given twice at the curated file's line, not at the paper's", async () => {
    editFile(curated('models.csv'), (t) => t.replace('palm,PaLM,PaLM\n', 'gpt-3,PaLM,PaLM\n'));
    const [message, fix, ...rest] = await problems();
    expect(message).toMatch(/curated\/models\.csv:3 column model_id: "gpt-3" repeats the model_id of line 2$/);
    expect(fix).toBe('  → Give each entry an id of its own, or remove the duplicate.');
    expect(rest).toEqual([]);
  });

  it('says "is empty" for a required field left empty, not "must be string"', async () => {
    editFile(curated('models.csv'), (t) => t.replace('palm,PaLM,PaLM\n', 'palm,PaLM,\n'));
    editFile(curated('organisations.csv'), (t) => t.replace('openai,OpenAI,OpenAI,,US', 'openai,OpenAI,,,US'));
    const lines = await problems();
    expect(lines.filter((l) => !l.startsWith('  →'))).toEqual([
      expect.stringMatching(/curated\/models\.csv:3 column model_en: is empty$/),
      expect.stringMatching(/curated\/organisations\.csv:2 column name_en: is empty$/),
    ]);
    expect(lines[1]).toBe('  → Fill it in; schemas/inputs/curated-models.schema.json describes what it holds.');
    expect(lines.join('\n')).not.toContain('must be string');
  });
});
