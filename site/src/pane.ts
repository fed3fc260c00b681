// The pane of a selected value: the value in the reader's units beside the exact count and the printed text, where
// in the paper it was read from with the paper's lines highlighted right below (so the line is in view, whatever
// follows), then its notes (severity, kind, note, references as links) and the text's CC BY 4.0 attribution. Beside
// the table on a wide screen, a sheet over it on a phone (style.css).

import { exactText, notesMark, shownText, SHAPES, unitOf } from './cells.ts';
import { h, linkified, text } from './dom.ts';
import { t, valueLabel, type Lang } from './i18n.ts';
import { type Annotation, type CellSource, type DisplayColumn, matchNoteFor, type Row } from './model.ts';
import type { SiteData } from '../../pipelines/lib/site/data.ts';

export interface Selection {
  /** What the heading calls the row (the model's name). */
  rowLabel: string;
  row: Row;
  column: DisplayColumn;
  columnLabel: string;
  cell: CellSource | undefined;
  /** The row's own lines in its source, when the value has no cell of its own (a model's row, a policy's lines). */
  rowLines?: { sourceId: string; first: number; last: number };
  notes: Annotation[];
}

export class Pane {
  readonly element: HTMLElement;
  private readonly heading = h('h2', { id: 'pane-heading', tabindex: '-1' });
  private readonly body = h('div', { id: 'inspector' });
  private readonly scroller = h('div', { class: 'paper-text', tabindex: '0', role: 'region' });
  private readonly attribution = h('p', { class: 'attribution' });
  private readonly paper = h('section', { class: 'paper', 'aria-labelledby': 'paper-heading' });
  private readonly lines = new Map<number, HTMLElement>();
  private shownSource: string | undefined;
  readonly copy = h('button', { type: 'button', class: 'copy-link', id: 'pane-copy' });
  readonly close = h('button', { type: 'button', class: 'close', id: 'pane-close' }, '×');

  constructor(
    private readonly data: SiteData,
    private readonly attributions: Map<string, string>,
  ) {
    this.element = h(
      'aside',
      { id: 'pane', class: 'pane', 'aria-labelledby': 'pane-heading', hidden: true },
      h('div', { class: 'pane-head' }, this.heading, this.copy, this.close),
      this.body,
    );
  }

  hide(): void {
    this.element.hidden = true;
  }

  show(s: Selection, lang: Lang): void {
    this.element.hidden = false;
    this.copy.textContent = t(lang, 'copy.link');
    this.close.setAttribute('aria-label', t(lang, 'pane.close'));
    this.close.title = t(lang, 'pane.close');
    this.heading.replaceChildren(text(s.rowLabel), ' · ', text(s.columnLabel));
    const c = s.column;
    const facts: [string, Node | string][] = [];
    const exact = c.quantity ? exactText(c, s.row) : undefined;
    if (exact)
      facts.push([
        t(lang, 'pane.exact'),
        `${exact}${unitOf(c, s.row) ? ` ${valueLabel(c.unitEnum, unitOf(c, s.row)!, lang)}` : ''}`,
      ]);
    if (c.printed && s.row[c.printed] !== null)
      facts.push([t(lang, 'pane.printed'), h('q', { lang: 'zh-Hans' }, String(s.row[c.printed]))]);
    if (c.kind && s.row[c.kind] !== null)
      facts.push([t(lang, 'pane.kind'), valueLabel('quantity_kind', String(s.row[c.kind]), lang)]);
    if (c.counts && s.row[c.counts] !== null)
      facts.push([t(lang, 'pane.counts'), valueLabel(c.countsEnum, String(s.row[c.counts]), lang)]);
    if (c.status && s.row[c.status] !== null)
      facts.push([t(lang, 'pane.status'), valueLabel(c.statusEnum, String(s.row[c.status]), lang)]);
    const why = matchNoteFor(c, s.row, lang);
    if (why) facts.push([t(lang, 'pane.match-note'), h('span', { class: 'match-note' }, text(why))]);
    const value = c.flags ? notesMark(s.notes, lang, true) : shownText(c, s.row, lang);
    // A name in the other language beside it; a paragraph's other language is the paper's text just below.
    const long = typeof value === 'string' && value.length > 60;
    const other = lang === 'en' ? c.zh : c.en;
    if (
      !c.quantity &&
      !long &&
      other !== (lang === 'en' ? c.en : c.zh) &&
      s.row[other] !== null &&
      s.row[other] !== undefined
    )
      facts.push([lang === 'en' ? '中文' : 'English', text(String(s.row[other]))]);
    this.body.replaceChildren(
      ...[
        h(
          'p',
          { class: long ? 'value long' : 'value' },
          value === undefined
            ? h('span', { class: 'null' }, t(lang, 'null'))
            : typeof value === 'string'
              ? linkified(value)
              : (value ?? ''),
        ),
        facts.length
          ? h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))
          : null,
        this.where(s, lang),
        this.notesList(s, lang),
        // The text's attribution last: the notes come first after the paper's line.
        this.attribution.hasChildNodes() ? this.attribution : null,
      ].filter((n): n is HTMLElement => n !== null),
    );
  }

  private where(s: Selection, lang: Lang): Node {
    const heading = h('h3', { id: 'paper-heading' }, t(lang, 'pane.where'));
    const lines = (a: number, b: number) =>
      a === b ? t(lang, 'pane.line', { n: a }) : t(lang, 'pane.lines', { a, b });
    let place: Node;
    let source: { id: string; first: number; last: number } | undefined;
    if (s.cell) {
      place = h(
        'p',
        { class: 'where' },
        t(lang, 'pane.cell', {
          table: s.cell.table_no,
          row: s.cell.row_no,
          column: s.columnLabel,
          lines: lines(s.cell.line_first, s.cell.line_last),
        }),
        ': ',
        h('q', { lang: 'zh-Hans' }, s.cell.text),
      );
      source = { id: s.cell.source_id, first: s.cell.line_first, last: s.cell.line_last };
    } else if (s.rowLines) {
      const file = this.data.papers[s.rowLines.sourceId]?.file ?? s.rowLines.sourceId;
      place = h(
        'p',
        { class: 'where' },
        t(lang, 'pane.not-read'),
        ' ',
        t(lang, 'pane.row-lines', { lines: lines(s.rowLines.first, s.rowLines.last), file }),
      );
      source = { id: s.rowLines.sourceId, first: s.rowLines.first, last: s.rowLines.last };
    } else {
      place = h('p', { class: 'where' }, t(lang, 'pane.not-read'));
    }
    const paper = source && this.data.papers[source.id];
    if (!source || !paper) {
      this.attribution.replaceChildren();
      this.paper.replaceChildren(heading, place);
      return this.paper;
    }
    this.scroller.setAttribute('aria-label', t(lang, 'pane.text-of'));
    this.render(source.id);
    this.attribution.replaceChildren(t(lang, 'pane.attribution'), ' ', text(this.attributions.get(source.id) ?? ''));
    this.paper.replaceChildren(heading, place, this.scroller);
    // Scrolled once the pane is laid out: the lines' offsets are known only then.
    requestAnimationFrame(() => this.highlight(source.first, source.last));
    this.highlight(source.first, source.last);
    return this.paper;
  }

  private notesList(s: Selection, lang: Lang): Node {
    if (!s.notes.length) return h('p', { class: 'no-annotations' }, t(lang, 'pane.no-notes'));
    const rowNotes = Boolean(s.column.flags);
    return h(
      'div',
      { class: 'annotations' },
      h('h3', {}, rowNotes ? t(lang, 'pane.row-notes') : t(lang, 'pane.notes', { n: s.notes.length })),
      h('ul', {}, ...s.notes.map((a) => annotationItem(a, lang, rowNotes))),
    );
  }

  private render(sourceId: string): void {
    if (this.shownSource === sourceId) return;
    const paper = this.data.papers[sourceId]!;
    this.lines.clear();
    const ol = h('ol', { class: 'lines', lang: 'zh-Hans' });
    paper.lines.forEach((line, i) => {
      const li = h('li', { id: `paper-line-${i + 1}`, value: String(i + 1) }, line || '\u00a0');
      this.lines.set(i + 1, li);
      ol.append(li);
    });
    this.scroller.replaceChildren(h('p', { class: 'file' }, paper.file), ol);
    this.shownSource = sourceId;
  }

  /** Highlights lines first..last and scrolls the text box (not the page) to them. */
  private highlight(first: number, last: number): void {
    for (const el of this.scroller.querySelectorAll('li.hl')) el.classList.remove('hl');
    const marked: HTMLElement[] = [];
    for (let n = first; n <= last; n++) {
      const el = this.lines.get(n);
      if (el) {
        el.classList.add('hl');
        marked.push(el);
      }
    }
    const target = marked[0];
    if (target) this.scroller.scrollTop = Math.max(0, target.offsetTop - this.scroller.clientHeight / 3);
  }
}

/** A note: severity (shape and word), kind, the note in the language, its references; `withColumn` names its column. */
function annotationItem(a: Annotation, lang: Lang, withColumn: boolean): HTMLElement {
  const urls = (a.reference_urls ?? '').split(/\s+/).filter((u) => /^https?:\/\//.test(u));
  const note = lang === 'zh' && a.note_zh ? a.note_zh : a.note_en;
  return h(
    'li',
    { class: `annotation severity-${a.severity}`, 'data-severity': a.severity },
    h(
      'span',
      { class: `badge badge-${a.severity}` },
      h('span', { 'aria-hidden': 'true' }, `${SHAPES[a.severity] ?? ''} `),
      valueLabel('severity', a.severity, lang),
    ),
    ' ',
    h('span', { class: 'kind' }, valueLabel('annotation_kind', a.kind, lang)),
    withColumn && a.column_name ? h('span', { class: 'column' }, ` · ${a.column_name}`) : null,
    h('p', {}, text(note)),
    a.reference_text
      ? h('p', { class: 'reference' }, `${t(lang, 'pane.reference')}: `, linkified(a.reference_text))
      : null,
    urls.length
      ? h(
          'p',
          { class: 'refs' },
          `${t(lang, 'pane.references')}: `,
          ...urls.flatMap((u, i) => [
            i ? ' ' : '',
            h('a', { href: u, rel: 'noopener' }, `[${i + 1}] ${new URL(u).hostname}`),
          ]),
        )
      : null,
  );
}
