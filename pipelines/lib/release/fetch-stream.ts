// Fetching one URL so that it finishes or fails: an idle timeout (no byte for too long, headers included), an
// overall deadline (a server trickling a byte at a time beats any idle timeout), a size limit (a server that
// sends more than a release can hold), and the body streamed chunk by chunk to a sink, never held whole.

export interface Limits {
  /** Longest wait for the next byte, in ms. */
  idleMs: number;
  /** Longest time for the whole response, in ms. */
  deadlineMs: number;
  /** Most bytes accepted. */
  maxBytes: number;
}

/** The defaults, each overridable from the environment (seconds, bytes). */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): Limits {
  const num = (name: string, fallback: number) => {
    const v = env[name];
    const n = v === undefined || v === '' ? fallback : Number(v);
    return Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    idleMs: num('LME_DOWNLOAD_IDLE_SECONDS', 30) * 1000,
    deadlineMs: num('LME_DOWNLOAD_DEADLINE_SECONDS', 1800) * 1000,
    maxBytes: num('LME_DOWNLOAD_MAX_BYTES', 2 ** 31),
  };
}

/** What the fetch needs of a response; the global fetch's Response has it (tests may give only arrayBuffer). */
export interface FetchResponse {
  status: number;
  statusText?: string;
  headers?: { get(name: string): string | null };
  body?: AsyncIterable<Uint8Array> | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}
export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<FetchResponse>;

export type Streamed = { bytes: number } | { status: number; reason: string } | { reason: string };

/** Node's fetch says only "fetch failed"; the cause says why (e.g. ECONNREFUSED, ENOTFOUND). */
export function networkReason(e: unknown): string {
  const err = e as { message?: string; cause?: { message?: string; code?: string } };
  const cause = err?.cause?.message ?? err?.cause?.code;
  return [err?.message ?? String(e), cause ? `(${cause})` : ''].filter(Boolean).join(' ');
}

const seconds = (ms: number) => `${+(ms / 1000).toFixed(3)} s`;

/**
 * Fetches `url`, giving each chunk of the body to `sink` as it arrives. HTTP errors, network errors, timeouts and
 * oversized bodies are results, not exceptions. `onProgress` hears of every chunk (bytes so far, and the total
 * when the server says it).
 */
export async function streamUrl(fetch: FetchLike, url: string, limits: Limits, sink: (chunk: Uint8Array) => void,
  onProgress?: (bytes: number, total: number | undefined) => void): Promise<Streamed> {
  const controller = new AbortController();
  let why = '';
  const stop = (reason: string) => { why ||= reason; controller.abort(); };
  const deadline = setTimeout(() => stop(`took longer than the deadline of ${seconds(limits.deadlineMs)} (LME_DOWNLOAD_DEADLINE_SECONDS)`), limits.deadlineMs);
  let idle = setTimeout(() => {}, 0);
  const waiting = () => {
    clearTimeout(idle);
    idle = setTimeout(() => stop(`sent nothing for ${seconds(limits.idleMs)} (idle timeout, LME_DOWNLOAD_IDLE_SECONDS)`), limits.idleMs);
  };
  const tooBig = `sent more than the limit of ${limits.maxBytes.toLocaleString('en-US')} bytes (LME_DOWNLOAD_MAX_BYTES)`;
  waiting();
  try {
    const res = await fetch(url, { signal: controller.signal });
    if (res.status < 200 || res.status > 299) return { status: res.status, reason: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}` };
    const length = Number(res.headers?.get('content-length') ?? NaN);
    const total = Number.isFinite(length) ? length : undefined;
    if (total !== undefined && total > limits.maxBytes) { stop(tooBig); return { reason: `announced ${total.toLocaleString('en-US')} bytes, more than the limit of ${limits.maxBytes.toLocaleString('en-US')} (LME_DOWNLOAD_MAX_BYTES)` }; }
    let bytes = 0;
    const take = (chunk: Uint8Array) => {
      bytes += chunk.byteLength;
      if (bytes > limits.maxBytes) { stop(tooBig); throw new Error(tooBig); }
      sink(chunk);
      onProgress?.(bytes, total);
      waiting();
    };
    if (res.body) for await (const chunk of res.body) take(chunk);
    else take(new Uint8Array(await res.arrayBuffer()));
    return { bytes };
  } catch (e) {
    return { reason: why || networkReason(e) };
  } finally {
    clearTimeout(deadline);
    clearTimeout(idle);
  }
}
