// The Epoch AI snapshot as a source of kind "CSV dataset": read with papaparse through its columns spec,
// checked against the crosswalk, and every problem located at a record and line of the file.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { integerFromDecimal, unitBy } from '../../pipelines/lib/sources/csv-dataset.ts';
import { closestNames } from '../../pipelines/lib/epoch/closest.ts';
import { sha256 } from '../../pipelines/lib/hash.ts';
import { DataError } from '../../pipelines/lib/problems.ts';
import { loadSources } from '../../pipelines/stages/sources.ts';
import { extractSources } from '../../pipelines/stages/extract.ts';
import { normalise } from '../../pipelines/stages/normalise.ts';
import { Schemas, loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { epochSnapshot, SOURCES_DIR } from '../helpers/project.ts';
import { pipeThatChanges } from '../helpers/changing-pipe.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lme-epoch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const schemas = new Schemas();
const defs = loadTableDefs();

/** A copy of sources/ with one edit applied to a file, the snapshot's checksum re-recorded. */
function sourcesWith(name: string, rel: string, edit: (text: string) => string): string {
  const root = path.join(tmp, name);
  cpSync(SOURCES_DIR, root, { recursive: true });
  const file = path.join(root, rel);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  const json = path.join(root, 'epoch_ai_2026_01_26', 'source.json');
  const s = JSON.parse(readFileSync(json, 'utf8'));
  s.sha256 = sha256(readFileSync(path.join(root, 'epoch_ai_2026_01_26', s.file)));
  writeFileSync(json, JSON.stringify(s, null, 2));
  return root;
}

function buildError(root: string): DataError {
  try {
    const sources = loadSources(root, schemas);
    normalise(sources, extractSources(sources), defs, schemas);
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

describe('integerFromDecimal', () => {
  it('reads the printed floats exactly', () => {
    expect(integerFromDecimal('174600000000.0')).toBe(174600000000n);
    expect(integerFromDecimal('247000000.00000003')).toBe(247000000n);
    expect(integerFromDecimal('5416666666666.667')).toBe(5416666666667n);
    expect(integerFromDecimal('3000000000000')).toBe(3000000000000n);
    for (const bad of ['1.8e12', '-5', '', '12,000', '1.0.0']) expect(integerFromDecimal(bad)).toBeUndefined();
  });
  it('rounds any decimal to the nearest integer, without a float', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.stringMatching(/^\d{0,12}$/), (whole, frac) => {
        const got = integerFromDecimal(`${whole}.${frac}`)!;
        const up = frac !== '' && Number(frac[0]) >= 5;
        expect(got).toBe(up ? whole + 1n : whole);
      }),
    );
  });
});

it('gives tokens only when every domain is Language', () => {
  const rule = { column: 'u', by: 'domain', when_all: { Language: 'tokens' }, otherwise: 'data_points', why: '-' };
  expect(unitBy(rule, 'Language')).toBe('tokens');
  expect(unitBy(rule, 'Multimodal,Language,Vision')).toBe('data_points');
  expect(unitBy(rule, null)).toBe('data_points');
});

it('reads every record of the snapshot, quoted newlines included', () => {
  const s = epochSnapshot();
  expect(s.kind).toBe('CSV dataset');
  expect(s.dataset!.table.rowCount).toBe(976);
  // A name printed with a newline inside its quotes stays one record.
  expect([...s.dataset!.recordOf.keys()]).toContain('GPT-3.5 (davinci-002)\n');
});

it('suggests the closest names for a name the snapshot does not hold', () => {
  expect(closestNames('GPT-4', epochSnapshot().dataset!.recordOf.keys())).toContain('GPT-4 (Mar 2023)');
});

it('stops the build on a crosswalk name that is not in the snapshot, with the closest names', () => {
  const root = sourcesWith('crosswalk-names-missing-model', 'chang2024/curated/epoch-crosswalk.csv', (t) =>
    t.replace(',GPT-4 (Mar 2023),', ',GPT-4,'),
  );
  const e = buildError(root);
  expect(e.message).toMatch(
    /epoch-crosswalk\.csv:\d+ column epoch_ai_model: "GPT-4" is not a model of epoch_ai_2026_01_26/,
  );
  expect(e.message).toContain('"GPT-4 (Mar 2023)"');
});

it('locates a parameter count that is not a decimal at its record and line', () => {
  const root = sourcesWith('parameters-in-exponent-notation', 'epoch_ai_2026_01_26/notable-ai-models.csv', (t) =>
    t
      .replace('GPT-3 175B (davinci),OpenAI,2020-05-28,Language,', '§')
      .replace(/§([^\n]*?)174600000000\.0/, 'GPT-3 175B (davinci),OpenAI,2020-05-28,Language,$11.746e11'),
  );
  const e = buildError(root);
  expect(e.message).toMatch(
    /notable-ai-models\.csv:4887 Notable AI Models row 499 \(GPT-3 175B \(davinci\)\) column Parameters: "1\.746e11" is not a non-negative decimal number/,
  );
});

it('refuses a snapshot whose checksum differs from source.json', () => {
  const root = path.join(tmp, 'snapshot-edited-without-new-checksum');
  cpSync(SOURCES_DIR, root, { recursive: true });
  const f = path.join(root, 'epoch_ai_2026_01_26', 'notable-ai-models.csv');
  writeFileSync(f, readFileSync(f, 'utf8').replace('174600000000.0', '175000000000.0'));
  expect(() => loadSources(root, schemas)).toThrow(
    /notable-ai-models\.csv: has SHA-256 [0-9a-f]{64}, but .*source\.json expects 365f2f/,
  );
});

it('reads the records from the bytes whose checksum it checked, not from the file again', () => {
  // The snapshot is a named pipe that gives its checked bytes to the first reader and one record more to a second:
  // a file that changed between the checksum and the parsing, which a second read would take in unnoticed.
  const root = path.join(tmp, 'snapshot-changed-after-its-checksum');
  cpSync(SOURCES_DIR, root, { recursive: true });
  const f = path.join(root, 'epoch_ai_2026_01_26', 'notable-ai-models.csv');
  const text = readFileSync(f, 'utf8');
  const stop = pipeThatChanges(f, text, text + text.slice(text.lastIndexOf('\n', text.length - 2) + 1), tmp);
  try {
    const epoch = loadSources(root, schemas).find((s) => s.dataset)!;
    expect(epoch.dataset!.table.rowCount).toBe(976);
  } finally {
    stop();
  }
});
