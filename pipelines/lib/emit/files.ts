// One table's files, the same way for every table, large or small, read from the sources or derived: its Arrow
// record batches, each made once, written to the Arrow file and the Parquet file; then the CSV file.

import path from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import type { Written } from '../hash.ts';
import type { TableData } from '../table-data.ts';
import { ArrowFile, arrowTableMetadata, recordBatches } from './arrow.ts';
import { writeCsv } from './csv.ts';
import { writeParquet, type ParquetInfo } from './parquet.ts';

/**
 * Writes `t`, rows in `order`, as `<dir>/arrow/<table>.arrow`, `parquet/<table>.parquet` and `csv/<table>.csv`;
 * returns what was written, by path under `dir`.
 */
export async function writeTableFiles(
  dir: string,
  t: TableData,
  order: Uint32Array,
  info: ParquetInfo,
): Promise<Map<string, Written>> {
  const file = (format: string) => path.join(dir, format, `${t.name}.${format}`);
  const { schema, batches } = recordBatches(t, order, arrowTableMetadata(t.def, info.licence, info.attributions));
  const arrow = new ArrowFile(file('arrow'), schema);
  function* alsoToArrow(): Generator<RecordBatch> {
    for (const b of batches) {
      arrow.write(b);
      yield b;
    }
  }
  let parquet: Written;
  try {
    parquet = await writeParquet(file('parquet'), t.def, alsoToArrow(), info);
  } catch (e) {
    arrow.abandon();
    throw e;
  }
  return new Map([
    [`arrow/${t.name}.arrow`, arrow.close()],
    [`parquet/${t.name}.parquet`, parquet],
    [`csv/${t.name}.csv`, await writeCsv(file('csv'), t, order)],
  ]);
}
