// The explorer's words in both languages, without a browser: counts of notes in the plural where English needs it,
// countries by name, and every example query described in Chinese as well as English.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readQueries } from '../../pipelines/lib/site/data.ts';
import { countryName, severityCount, t } from '../../site/src/i18n.ts';
import { ROOT } from '../helpers/project.ts';

describe('the words of the page', () => {
  it('count notes as English counts them: 1 warning, 2 warnings; 2 条警告', () => {
    expect(severityCount(1, 'warning', 'en')).toBe('1 warning');
    expect(severityCount(2, 'warning', 'en')).toBe('2 warnings');
    expect(severityCount(3, 'error', 'en')).toBe('3 errors');
    expect(severityCount(2, 'warning', 'zh')).toBe('2 条警告');
    expect(t('en', 'table.note', { n: 1 })).toBe('1 note on the table as a whole');
    expect(t('en', 'table.notes', { n: 2 })).toBe('2 notes on the table as a whole');
  });

  it('name a country in the language, its code beside it', () => {
    expect(countryName('CN', 'zh')).toBe('中国（CN）');
    expect(countryName('CN', 'en')).toBe('China (CN)');
    expect(countryName('US', 'en')).toBe('United States (US)');
    expect(countryName('United States of America', 'zh')).toBe('United States of America');
  });

  it('say NULL in a facet as "not given" / "未填写"', () => {
    expect([t('en', 'not-given'), t('zh', 'not-given')]).toEqual(['not given', '未填写']);
  });

  it('describe every example query in both languages, from its own comments', () => {
    const queries = readQueries(path.join(ROOT, 'queries'));
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      expect(q.titleZh, q.file).toMatch(/[\u4e00-\u9fff]/);
      expect(q.title, q.file).not.toContain('zh:');
      expect(q.title, q.file).toMatch(/^[A-Z]/);
    }
  });
});
