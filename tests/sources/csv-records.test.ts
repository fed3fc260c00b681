// A CSV text without quotes or \r is read by splitting lines at commas (plainRecords in pipelines/lib/inputs.ts),
// faster than papaparse; for every such text both must give the same records, fields and lines. Texts with a quote
// or a \r always go to papaparse (readCsvTable), and byte-order marks are gone before either reads.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { papaparseRecords, plainRecords, readCsvTable, type CsvRecord } from '../../pipelines/lib/inputs.ts';

const records = (read: (text: string, visit: (r: CsvRecord) => void) => void, text: string): CsvRecord[] => {
  const out: CsvRecord[] = [];
  read(text, (r) => out.push(r));
  return out;
};

const plainText = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '\n', '\n', '中', '😀', '\t', ';', "'"),
  maxLength: 60,
});

it('reads a text without quotes or \\r as papaparse does: the same records, fields and lines, empty lines skipped', () => {
  fc.assert(
    fc.property(plainText, (text) => {
      expect(records(plainRecords, text)).toEqual(records(papaparseRecords, text));
    }),
    { numRuns: 2_000 },
  );
});

it('reads the shapes a curated file has: a header, records, a last line with or without its line end, blank lines', () => {
  for (const text of ['', '\n', 'a,b\n1,2\n', 'a,b\n1,2', 'a,b\n\n\n1,\n,2\n', ',\n,,\n', 'one\n']) {
    expect(records(plainRecords, text), JSON.stringify(text)).toEqual(records(papaparseRecords, text));
  }
  expect(records(plainRecords, 'a,b\n\n1,2')).toEqual([
    { fields: ['a', 'b'], line: 1, errors: [] },
    { fields: ['1', '2'], line: 3, errors: [] },
  ]);
});

it('reads a file that begins with byte-order marks, one or two, like one without, whichever reader reads it', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-bom-'));
  try {
    for (const body of ['a,b\n1,2\n', 'a,b\n"1",2\n']) {
      const tables = ['', '\uFEFF', '\uFEFF\uFEFF'].map((bom, i) => {
        const f = path.join(dir, `t${i}.csv`);
        writeFileSync(f, bom + body);
        const { table, problems } = readCsvTable(f);
        return { header: table.header, a: table.get('a', 0), problems };
      });
      expect(tables[1], JSON.stringify(body)).toEqual(tables[0]);
      expect(tables[2], JSON.stringify(body)).toEqual(tables[0]);
      expect(tables[0]).toEqual({ header: ['a', 'b'], a: '1', problems: [] });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
