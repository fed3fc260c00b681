// DuckDB's client, @duckdb/node-api, loaded with require. It is CommonJS: imported from an ES module, Node first
// scans it and every file it re-exports for the names they export, about 0.2 s of CPU each time a build or the SQL
// runner starts; required, it is simply loaded. Other types still come from the package (`import type`).

import { createRequire } from 'node:module';
import type * as Client from '@duckdb/node-api';

const client = createRequire(import.meta.url)('@duckdb/node-api') as typeof Client;

export const DuckDBInstance: typeof Client.DuckDBInstance = client.DuckDBInstance;
export type DuckDBInstance = Client.DuckDBInstance;
export const DuckDBArrayValue: typeof Client.DuckDBArrayValue = client.DuckDBArrayValue;
export const DuckDBDecimalValue: typeof Client.DuckDBDecimalValue = client.DuckDBDecimalValue;
export const DuckDBListValue: typeof Client.DuckDBListValue = client.DuckDBListValue;
export const DuckDBMapValue: typeof Client.DuckDBMapValue = client.DuckDBMapValue;
export const DuckDBStructValue: typeof Client.DuckDBStructValue = client.DuckDBStructValue;
export const DuckDBBlobValue: typeof Client.DuckDBBlobValue = client.DuckDBBlobValue;
export const DuckDBDateValue: typeof Client.DuckDBDateValue = client.DuckDBDateValue;
