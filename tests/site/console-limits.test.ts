// The SQL console's bounds, without a browser: a query ends on Stop or after its time limit (the worker it ran in
// terminated), a value longer than the runner's --max-value-length is refused, and a long value is cut in a cell.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { t } from '../../site/src/i18n.ts';
import { QUERY_TIMEOUT_MS, Stopped, stoppable } from '../../site/src/stoppable.ts';
import { bounded, clipped, MAX_VALUE_LENGTH, SHOWN_CHARACTERS, ValueTooLong } from '../../site/src/values.ts';
import { DEFAULT_LIMITS } from '../../pipelines/lib/sql/limits.ts';
import { rejection } from '../helpers/rejection.ts';

const never = () => new Promise<never>(() => {});

describe('stoppable: a query that never ends is ended', () => {
  afterEach(() => vi.useRealTimers());

  it("after the runner's default timeout, terminating the worker once", async () => {
    vi.useFakeTimers();
    expect(QUERY_TIMEOUT_MS).toBe(DEFAULT_LIMITS.timeoutMs);
    const end = vi.fn();
    const run = stoppable(never(), end);
    const outcome = run.result.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(QUERY_TIMEOUT_MS - 1);
    expect(end).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    const e = (await outcome) as Stopped;
    expect([e instanceof Stopped, e.reason, e.afterMs]).toEqual([true, 'timeout', QUERY_TIMEOUT_MS]);
    run.stop();
    expect(end).toHaveBeenCalledTimes(1);
  });

  it('at once on Stop', async () => {
    const end = vi.fn();
    const run = stoppable(never(), end);
    run.stop();
    await expect(run.result).rejects.toMatchObject({ reason: 'stop' });
    expect(end).toHaveBeenCalledTimes(1);
  });

  it('never once the query has finished: its result or error stands', async () => {
    vi.useFakeTimers();
    const end = vi.fn();
    const done = stoppable(Promise.resolve(42), end);
    await expect(done.result).resolves.toBe(42);
    done.stop();
    const failed = stoppable(Promise.reject(new Error('Parser Error')), end);
    expect((await rejection(failed.result)).message).toBe('Parser Error');
    await vi.advanceTimersByTimeAsync(2 * QUERY_TIMEOUT_MS);
    expect(end).not.toHaveBeenCalled();
  });

  it('says so in both languages', () => {
    expect(t('en', 'sql.timed-out', { seconds: 60 })).toMatch(/^Stopped after 60 s/);
    expect(t('zh', 'sql.timed-out', { seconds: 60 })).toMatch(/^已在 60 秒后停止/);
    expect(t('en', 'sql.stopped', { seconds: 3 })).toBe('Stopped after 3 s.');
    expect(t('zh', 'sql.stopped', { seconds: 3 })).toBe('已在 3 秒后停止。');
  });
});

describe('a long value', () => {
  it("is refused past the runner's --max-value-length, as text or inside a list", () => {
    expect(MAX_VALUE_LENGTH).toBe(DEFAULT_LIMITS.maxValueLength);
    const longest = 'x'.repeat(MAX_VALUE_LENGTH);
    expect(bounded(longest, 'big')).toBe(longest);
    expect(() => bounded(`${longest}x`, 'big')).toThrow(ValueTooLong);
    expect(() => bounded([longest], 'list')).toThrow(ValueTooLong);
    expect(bounded(123n, 'n')).toBe(123n);
    expect(bounded(null, 'n')).toBe(null);
  });

  it('is cut in a cell to its first 10,000 characters, saying how long it is', () => {
    expect(clipped('x'.repeat(SHOWN_CHARACTERS), 'en')).toBe('x'.repeat(SHOWN_CHARACTERS));
    expect(clipped('x'.repeat(123_456), 'en')).toBe(`${'x'.repeat(SHOWN_CHARACTERS)}… (123,456 characters)`);
    expect(clipped('x'.repeat(123_456), 'zh')).toBe(`${'x'.repeat(SHOWN_CHARACTERS)}…（共 123,456 个字符）`);
  });
});
