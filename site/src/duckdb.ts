// DuckDB-WASM, loaded on the SQL console's first use: the `eh` bundle's worker and wasm from the site's own
// duckdb/ folder (never jsDelivr), the published database attached read-only over HTTP, and no extension
// downloads and no external access once attached, so no query makes the page call another host.

import * as duckdb from '@duckdb/duckdb-wasm';

export type Connection = duckdb.AsyncDuckDBConnection;

export const ALIAS = 'large_model_ecosystem';
const WASM = 'duckdb/duckdb-eh.wasm';
const WORKER = 'duckdb/duckdb-browser-eh.worker.js';

/** DuckDB-WASM waits forever on a .wasm served with another type; say so at once instead. */
async function checkWasmType(url: string): Promise<void> {
  const r = await fetch(url, { method: 'HEAD' });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}; the site's duckdb/ folder is incomplete.`);
  const type = r.headers.get('content-type') ?? '';
  if (!type.startsWith('application/wasm'))
    throw new Error(
      `${url} is served as "${type || 'no type'}"; DuckDB-WASM needs application/wasm. Configure the web server to serve .wasm files as application/wasm.`,
    );
}

let started: Promise<duckdb.AsyncDuckDB> | undefined;

/**
 * DuckDB-WASM's worker started and its wasm compiled (most of the time to a first result), once per page. Called as
 * the page starts when it opens on the console, so that the compiling overlaps the page's own loading.
 */
export function start(base: string): Promise<duckdb.AsyncDuckDB> {
  started ??= (async () => {
    const wasm = new URL(WASM, base).href;
    await checkWasmType(wasm);
    const worker = new Worker(new URL(WORKER, base).href);
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(wasm);
    return db;
  })().catch((e: unknown) => {
    started = undefined; // the next Run tries again
    throw e;
  });
  return started;
}

export async function connect(base: string, database: string): Promise<Connection> {
  const db = await start(base);
  await db.registerFileURL(`${ALIAS}.duckdb`, new URL(database, base).href, duckdb.DuckDBDataProtocol.HTTP, false);
  const c = await db.connect();
  await c.query(`SET autoinstall_known_extensions = false`);
  await c.query(`SET autoload_known_extensions = false`);
  await c.query(`ATTACH '${ALIAS}.duckdb' AS ${ALIAS} (READ_ONLY)`);
  await c.query(`USE ${ALIAS}`);
  // The console reads the dataset and nothing else: no file or URL a query names, no setting changed back.
  await c.query(`SET enable_external_access = false`);
  await c.query(`SET lock_configuration = true`);
  return c;
}

/** Ends DuckDB-WASM's worker and any query running in it (the only way to end a query() early); the next connect starts anew. */
export async function terminate(): Promise<void> {
  const db = started;
  started = undefined;
  await (await db?.catch(() => undefined))?.terminate();
}
