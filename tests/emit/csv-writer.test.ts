// The CSV writer (pipelines/lib/emit/csv.ts) in process, byte for byte: quoting, NULL against the empty string,
// every column type, the row order given, pieces of rows joined without a seam, the hash of the bytes written, and
// a failure that leaves no file open.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvField, writeCsv } from '../../pipelines/lib/emit/csv.ts';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { TableData } from '../../pipelines/lib/table-data.ts';
import { column, openFiles, tableOf, tableWith, tinyTable } from '../helpers/tiny-dataset.ts';
import { rejection } from '../helpers/rejection.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const defs = loadTableDefs();

async function csvOf(t: TableData, order: readonly number[]): Promise<string> {
  const file = path.join(dir, `${t.name}.csv`);
  const w = await writeCsv(file, t, Uint32Array.from(order));
  const bytes = readFileSync(file);
  expect(w).toEqual({ bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
  return bytes.toString('utf8');
}

describe('csvField', () => {
  it('writes NULL as nothing and the empty string as "", quoting only what needs it', () => {
    expect(['plain', '', 'a,b', 'say "hi"', 'two\nlines', 'cr\ronly', '中文 text', ' lead'].map(csvField)).toEqual([
      'plain',
      '""',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      '"cr\ronly"',
      '中文 text',
      ' lead',
    ]);
    expect([null, true, false, 0, -7, 0.5, 2n ** 63n - 1n].map(csvField)).toEqual([
      '',
      'true',
      'false',
      '0',
      '-7',
      '0.5',
      '9223372036854775807',
    ]);
  });
});

describe('writeCsv', () => {
  const kinds = ['plain', 'a,b', 'say "x"'];
  const def = tableOf('kinds', [
    column('name', 'string'),
    column('note', 'string', { nullable: true }),
    column('count', 'integer'),
    column('size', 'integer', { nullable: true }),
    column('ratio', 'number', { nullable: true }),
    column('flag', 'boolean', { nullable: true }),
    column('mode', 'string', { nullable: true, enumName: 'mode', enumValues: ['open', 'closed'] }),
    column('kind', 'string', { enumName: 'kind', enumValues: kinds }),
    column('empty_ok', 'string', { enumName: 'empty_ok', enumValues: ['', 'x'] }),
  ]);
  const rows = [
    ['b', 'say "hi", then go', 3, 2n ** 53n + 1n, 0.25, true, 'open', 'a,b', ''],
    ['a', null, -1, null, null, null, null, 'plain', 'x'],
    ['c', '', 0, 0, -1.5, false, 'closed', 'say "x"', ''],
    ['d', 'two\nlines\r\n', 7, -3, 1e21, true, 'closed', 'plain', 'x'],
  ];

  it('writes the header, then each row in the order given, each field as its type asks, \\n after every row', async () => {
    expect(await csvOf(tableWith(def, rows), [1, 0, 2, 3])).toBe(
      [
        'name,note,count,size,ratio,flag,mode,kind,empty_ok',
        'a,,-1,,,,,plain,x',
        'b,"say ""hi"", then go",3,9007199254740993,0.25,true,open,"a,b",""',
        'c,"",0,0,-1.5,false,closed,"say ""x""",""',
        'd,"two\nlines\r\n",7,-3,1e+21,true,closed,plain,x',
        '',
      ].join('\n'),
    );
  });

  it('writes a table with no rows as its header alone', async () => {
    expect(await csvOf(tableWith(def, []), [])).toBe('name,note,count,size,ratio,flag,mode,kind,empty_ok\n');
  });

  it('writes rows past the first pieces of 4,096 rows in order, with no row lost or repeated at a seam', async () => {
    const n = 10_000;
    const t = tableWith(
      tableOf('long', [column('id', 'integer'), column('text', 'string')]),
      Array.from({ length: n }, (_, i) => [i, `row ${i}`]),
    );
    const order = Array.from({ length: n }, (_, i) => n - 1 - i);
    expect(await csvOf(t, order)).toBe(['id,text', ...order.map((i) => `${i},row ${i}`), ''].join('\n'));
  });

  it('writes an Int32Array column as integers', async () => {
    const t = new TableData(tableOf('packed', [column('id', 'integer')]));
    t.setColumn('id', Int32Array.from([5, -2]));
    expect(await csvOf(t, [1, 0])).toBe('id\n-2\n5\n');
  });

  it('writes the tables of the real schemas with their column names as header', async () => {
    for (const d of defs) {
      const text = await csvOf(tinyTable(d), [1, 2, 0]);
      expect(text.slice(0, text.indexOf('\n')), d.name).toBe(d.columns.map((c) => c.name).join(','));
    }
    expect(await csvOf(tinyTable(defs.find((d) => d.name === 'organisations')!), [1, 0, 2])).toBe(
      [
        'organisation_id,organisation,name_en,name_zh,country,kind,misprinted',
        'organisation_id 0,organisation 0,name_en 0,name_zh 0,country 0,university,false',
        [
          ...['organisation_id', 'organisation', 'name_en', 'name_zh', 'country'].map(
            (c) => `"${c} 1, ""quoted""\n第二行\r\nend"`,
          ),
          'research_lab',
          'true',
        ].join(','),
        '"","","",,"",government,false',
        '',
      ].join('\n'),
    );
  });

  it('rejects with the error of a value it cannot format, leaving no file open', async () => {
    const t = tableWith(tableOf('bad', [column('id', 'integer')]), [
      [
        {
          toString() {
            throw new Error('unprintable');
          },
        } as never,
      ],
    ]);
    const before = openFiles(dir);
    expect((await rejection(writeCsv(path.join(dir, 'bad.csv'), t, Uint32Array.from([0])))).message).toContain(
      'unprintable',
    );
    expect(openFiles(dir)).toBe(before);
  });
});
