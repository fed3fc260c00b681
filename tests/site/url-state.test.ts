// The explorer's view as its URL holds it: every part of a view survives a round trip through the address, older
// links still open, and the language is the URL's, then the remembered one, then the browser's.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseLang, emptyState, parseState, stateSearch, VIEWS, type ViewState } from '../../site/src/url-state.ts';

describe('the URL of a view', () => {
  it('holds table, search, facets, ranges, sort, selection, columns, chart, SQL and language', () => {
    const s: ViewState = {
      ...emptyState('models'),
      q: 'GPT',
      facets: { organisation_id: ['openai', 'google'], epoch_ai_match: [''] },
      ge: { parameters: '100B' },
      le: { parameters: '1.8 万亿' },
      sort: 'parameters',
      desc: true,
      sel: 'gpt-4~parameters',
      cols: ['model', 'parameters'],
      chart: 'epoch',
      sql: 'SELECT 1 -- a & b = c',
      lang: 'zh',
    };
    const search = stateSearch(s);
    expect(search).toBe(
      '?table=models&q=GPT&f.organisation_id=openai&f.organisation_id=google&f.epoch_ai_match=&ge.parameters=100B&le.parameters=1.8+%E4%B8%87%E4%BA%BF&sort=parameters&desc=1&sel=gpt-4%7Eparameters&cols=model%2Cparameters&chart=epoch&sql=SELECT+1+--+a+%26+b+%3D+c&lang=zh',
    );
    expect(parseState(search)).toEqual(s);
  });

  it('round-trips any state', () => {
    const text = fc.string({ maxLength: 12 });
    const key = fc.stringMatching(/^[a-z_]{1,12}$/);
    const state = fc
      .record({
        view: fc.constantFrom(...VIEWS),
        table: key,
        q: text,
        facets: fc.dictionary(key, fc.array(text, { minLength: 1, maxLength: 3 })),
        ge: fc.dictionary(
          key,
          text.filter((x) => x.trim() !== ''),
        ),
        le: fc.dictionary(
          key,
          text.filter((x) => x.trim() !== ''),
        ),
        desc: fc.boolean(),
      })
      .map((s) => ({ ...s, desc: false }) as ViewState);
    fc.assert(
      fc.property(state, (s) => {
        expect(parseState(stateSearch(s))).toEqual(s);
      }),
    );
  });

  it('opens older links: #sql and the others as views, a table by default', () => {
    expect(parseState('', '#sql').view).toBe('sql');
    expect(parseState('?table=models', '#tables').view).toBe('data');
    expect(parseState('', '#overview').view).toBe('about');
    expect(parseState('?view=nonsense').view).toBe('data');
    expect(parseState('').table).toBe('models');
    expect(parseState('?f.organisation=OpenAI').facets).toEqual({ organisation: ['OpenAI'] });
  });
});

describe('the language', () => {
  it("is the URL's, else the remembered one, else the browser's first Chinese or English", () => {
    expect(chooseLang('en', 'zh', ['zh-CN'])).toBe('en');
    expect(chooseLang(undefined, 'zh', ['en-US'])).toBe('zh');
    expect(chooseLang(undefined, null, ['fr-FR', 'zh-TW', 'en'])).toBe('zh');
    expect(chooseLang(undefined, 'xx', ['de-DE'])).toBe('en');
  });
});
