// Fetching one URL so that it finishes or fails: a low-speed limit in curl's manner (fewer than so many bytes a
// second over a whole window of so many seconds fails it; a server that sends nothing, headers included, is the
// slowest of all), an overall deadline (a server just above the low-speed limit still ends), a size limit (a server
// that sends more than a release can hold), the body as sent (Accept-Encoding: identity; an encoded body, which
// fetch would inflate to any size, is refused unread), and the body streamed chunk by chunk to a sink, never held whole.

import { grouped } from '../grouped.ts';

export interface Limits {
  /** The lowest average speed accepted over any window of `lowSpeedMs`, in bytes a second (curl's --speed-limit). */
  lowSpeedLimit: number;
  /** That window, in ms (curl's --speed-time). */
  lowSpeedMs: number;
  /** Longest time for the whole response, in ms. */
  deadlineMs: number;
  /** Most bytes accepted. */
  maxBytes: number;
}

/** The environment variables that set the limits, for messages. */
export const LIMIT_VARIABLES = {
  lowSpeed: 'LME_DOWNLOAD_LOW_SPEED_LIMIT, LME_DOWNLOAD_LOW_SPEED_TIME',
  deadline: 'LME_DOWNLOAD_DEADLINE_SECONDS',
  maxBytes: 'LME_DOWNLOAD_MAX_BYTES',
};

/** The defaults (1 KB/s over 30 s, as `curl -Y 1024 -y 30`; 30 minutes; 2 GiB), each overridable from the environment (seconds, bytes). */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): Limits {
  const num = (name: string, fallback: number) => {
    const v = env[name];
    const n = v === undefined || v === '' ? fallback : Number(v);
    return Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    lowSpeedLimit: num('LME_DOWNLOAD_LOW_SPEED_LIMIT', 1024),
    lowSpeedMs: num('LME_DOWNLOAD_LOW_SPEED_TIME', 30) * 1000,
    deadlineMs: num('LME_DOWNLOAD_DEADLINE_SECONDS', 1800) * 1000,
    maxBytes: num('LME_DOWNLOAD_MAX_BYTES', 2 ** 31),
  };
}

/** What the fetch needs of a response; the global fetch's Response has it (tests may give only arrayBuffer). */
export interface FetchResponse {
  status: number;
  statusText?: string;
  headers?: { get(name: string): string | null };
  /** Node's web stream is async-iterable at run time, though not every lib typing says so. */
  body?: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}
export type FetchLike = (
  url: string,
  init?: { signal?: AbortSignal; headers?: Record<string, string> },
) => Promise<FetchResponse>;

export type Streamed = { bytes: number } | { status: number; reason: string } | { reason: string };

/** Node's fetch says only "fetch failed"; the cause says why (e.g. ECONNREFUSED, ENOTFOUND). */
export function networkReason(e: unknown): string {
  const err = e as { message?: string; cause?: { message?: string; code?: string } };
  const cause = err?.cause?.message ?? err?.cause?.code;
  return [err?.message ?? String(e), cause ? `(${cause})` : ''].filter(Boolean).join(' ');
}

export const seconds = (ms: number) => `${+(ms / 1000).toFixed(3)} s`;
const bytes = (n: number) => `${grouped(n)} byte${n === 1 ? '' : 's'}`;

/** The limits in words, for the first line of a download. */
export function describeLimits(l: Limits): string {
  return (
    `each file must arrive within ${seconds(l.deadlineMs)} (${LIMIT_VARIABLES.deadline}) and fails below ${bytes(l.lowSpeedLimit)}/s ` +
    `over ${seconds(l.lowSpeedMs)} (${LIMIT_VARIABLES.lowSpeed})`
  );
}

/**
 * Calls `stop` with the reason once the bytes received over the last `lowSpeedMs` average below `lowSpeedLimit` a
 * second (nothing checked before a whole window has passed), and `tick` at each look. Returns the function that
 * ends the watch.
 */
function watchSpeed(l: Limits, received: () => number, stop: (reason: string) => void, tick: () => void): () => void {
  const start = performance.now();
  // Samples of (time, bytes so far), oldest first; the first one at or before the window's start is its baseline.
  const samples: [number, number][] = [[start, 0]];
  const every = Math.min(1000, l.lowSpeedMs / 10);
  const timer = setInterval(() => {
    const now = performance.now();
    samples.push([now, received()]);
    while (samples.length > 1 && samples[1]![0] <= now - l.lowSpeedMs) samples.shift();
    tick();
    if (now - start < l.lowSpeedMs) return;
    const inWindow = received() - samples[0]![1];
    if (inWindow < l.lowSpeedLimit * (l.lowSpeedMs / 1000)) {
      stop(
        `${inWindow === 0 ? 'sent nothing' : `sent ${bytes(inWindow)}`} in the last ${seconds(l.lowSpeedMs)}, below the low-speed limit of ` +
          `${bytes(l.lowSpeedLimit)}/s (${LIMIT_VARIABLES.lowSpeed})`,
      );
    }
  }, every);
  return () => clearInterval(timer);
}

/**
 * Fetches `url`, giving each chunk of the body to `sink` as it arrives. HTTP errors, network errors, limits and an
 * encoded body are results, not exceptions. `onProgress` hears of every chunk and, between chunks, about once a
 * second (bytes so far, and the total when the server says it).
 */
export async function streamUrl(
  fetch: FetchLike,
  url: string,
  limits: Limits,
  sink: (chunk: Uint8Array) => void,
  onProgress?: (bytes: number, total: number | undefined) => void,
): Promise<Streamed> {
  const controller = new AbortController();
  let why = '';
  const stop = (reason: string) => {
    why ||= reason;
    controller.abort();
  };
  const deadline = setTimeout(
    () => stop(`took longer than the deadline of ${seconds(limits.deadlineMs)} (${LIMIT_VARIABLES.deadline})`),
    limits.deadlineMs,
  );
  let received = 0;
  let total: number | undefined;
  const unwatch = watchSpeed(
    limits,
    () => received,
    stop,
    () => onProgress?.(received, total),
  );
  let sinkFailed: { error: unknown } | undefined;
  const tooBig = `sent more than the limit of ${grouped(limits.maxBytes)} bytes (${LIMIT_VARIABLES.maxBytes})`;
  try {
    // The bytes as the server holds them: the SHA-256 is of those, and fetch would inflate an encoded body unbounded.
    const res = await fetch(url, { signal: controller.signal, headers: { 'accept-encoding': 'identity' } });
    if (res.status < 200 || res.status > 299)
      return { status: res.status, reason: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}` };
    const encoding = res.headers?.get('content-encoding')?.trim().toLowerCase();
    if (encoding && encoding !== 'identity') {
      stop('encoded');
      return {
        reason: `was sent with Content-Encoding: ${encoding}, though asked for the file as it is (Accept-Encoding: identity); refused unread`,
      };
    }
    const length = Number(res.headers?.get('content-length') ?? NaN);
    total = Number.isFinite(length) ? length : undefined;
    if (total !== undefined && total > limits.maxBytes) {
      stop(tooBig);
      return {
        reason: `announced ${grouped(total)} bytes, more than the limit of ${grouped(limits.maxBytes)} (${LIMIT_VARIABLES.maxBytes})`,
      };
    }
    const take = (chunk: Uint8Array) => {
      received += chunk.byteLength;
      if (received > limits.maxBytes) {
        stop(tooBig);
        throw new Error(tooBig);
      }
      try {
        sink(chunk);
      } catch (e) {
        sinkFailed = { error: e };
        throw e;
      }
      onProgress?.(received, total);
    };
    if (res.body) for await (const chunk of res.body as AsyncIterable<Uint8Array>) take(chunk);
    else take(new Uint8Array(await res.arrayBuffer()));
    return { bytes: received };
  } catch (e) {
    // The sink's own failure (a full disk) is the machine's, not the server's: it goes up as it is.
    if (sinkFailed) throw sinkFailed.error;
    return { reason: why || networkReason(e) };
  } finally {
    clearTimeout(deadline);
    unwatch();
  }
}
