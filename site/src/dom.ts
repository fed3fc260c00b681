// Small DOM helpers: elements from a tag, attributes and children; Chinese text tagged zh-Hans so screen readers
// and fonts treat it as Chinese.

import { t, type Lang } from './i18n.ts';

type Child = Node | string | null | undefined | false;

/**
 * A text that exists in English only (the schemas' descriptions): in 中文 mode announced by a Chinese lead and tagged
 * lang="en", so that the mix of languages is said, not accidental.
 */
export function englishOnly(s: string, lang: Lang): Node {
  if (lang === 'en') return text(s);
  const frag = document.createDocumentFragment();
  frag.append(t(lang, 'english.lead'), h('span', { lang: 'en' }, text(s)));
  return frag;
}

/** The same for an attribute (a hover text), where no element can carry lang: the lead alone announces it. */
export function englishOnlyText(s: string, lang: Lang): string {
  return lang === 'en' ? s : `${t(lang, 'english.lead')}${s}`;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;

export function hasChinese(s: string): boolean {
  return CJK.test(s);
}

const CJK_RUNS = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+/g;
const LATIN_LETTER = /[A-Za-z]/g;

/**
 * Text with its Chinese marked lang="zh-Hans": a text that is mostly Chinese (a name as printed, with perhaps a
 * Latin model name inside) is one span; a mostly English text (a description that cites the paper's Chinese
 * title) keeps the page's language and marks only its runs of Chinese characters.
 */
export function text(s: string): Node {
  if (!hasChinese(s)) return document.createTextNode(s);
  const chinese = [...s.matchAll(CJK_RUNS)].reduce((n, m) => n + m[0].length, 0);
  if (chinese >= (s.match(LATIN_LETTER)?.length ?? 0)) return h('span', { lang: 'zh-Hans' }, s);
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const m of s.matchAll(CJK_RUNS)) {
    frag.append(s.slice(last, m.index), h('span', { lang: 'zh-Hans' }, m[0]));
    last = m.index + m[0].length;
  }
  frag.append(s.slice(last));
  return frag;
}

/** An address at the end of a sentence or in brackets, without the full stop or closing bracket that follows it. */
function withoutTrailingPunctuation(url: string): string {
  let u = url.replace(/[.:!?'"]+$/, '');
  while (u.endsWith(')') && (u.match(/\(/g)?.length ?? 0) < (u.match(/\)/g)?.length ?? 0))
    u = u.slice(0, -1).replace(/[.:!?'"]+$/, '');
  return u;
}

/** Links for the http(s) addresses in a text, the rest as text; inside the grid the links are no tab stops of their own. */
export function linkified(s: string, inGrid = false): Node {
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const m of s.matchAll(/https?:\/\/[^\s,;|]+/g)) {
    const url = withoutTrailingPunctuation(m[0]);
    frag.append(
      text(s.slice(last, m.index)),
      h('a', { href: url, rel: 'noopener', tabindex: inGrid ? '-1' : undefined }, url),
    );
    last = m.index + url.length;
  }
  frag.append(text(s.slice(last)));
  return frag;
}

/** Focus back on the element that had it before a part of the page was drawn again (the same data-focus key). */
export function keepFocus(container: HTMLElement, draw: () => void): void {
  const key = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-focus]')?.dataset.focus;
  const inside = key !== undefined && container.contains(document.activeElement);
  draw();
  if (inside) container.querySelector<HTMLElement>(`[data-focus="${CSS.escape(key)}"]`)?.focus();
}
