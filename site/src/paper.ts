// The paper pane: the vendored text with line numbers, the lines a value was read from highlighted and scrolled
// into view, and the text's CC BY 4.0 attribution.

import type { SiteData } from '../../pipelines/lib/site/data.ts';
import { h, text } from './dom.ts';

export class PaperPane {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly lines = new Map<number, HTMLElement>();
  private shown: string | undefined;
  private highlighted: HTMLElement[] = [];

  private readonly attribution = h('p', { class: 'attribution' });

  /** `attributions`: the CC BY attribution of each source, by source_id, shown under its text. */
  constructor(private readonly data: SiteData, private readonly attributions: Map<string, string>) {
    this.scroller = h('div', { class: 'paper-text', tabindex: '0', role: 'region', 'aria-label': 'Text of the paper' });
    this.element = h('section', { class: 'paper', 'aria-labelledby': 'paper-heading' },
      h('h3', { id: 'paper-heading' }, 'Where it was read from'),
      this.scroller,
      this.attribution);
  }

  private render(sourceId: string): void {
    if (this.shown === sourceId) return;
    const paper = this.data.papers[sourceId];
    this.lines.clear();
    const ol = h('ol', { class: 'lines', lang: 'zh-Hans' });
    paper?.lines.forEach((line, i) => {
      const li = h('li', { id: `paper-line-${i + 1}`, value: String(i + 1) }, line || '\u00a0');
      this.lines.set(i + 1, li);
      ol.append(li);
    });
    this.scroller.replaceChildren(h('p', { class: 'file' }, paper ? paper.file : `no text for source ${sourceId}`), ol);
    this.attribution.replaceChildren('Paper text: ', text(this.attributions.get(sourceId) ?? ''));
    this.shown = sourceId;
  }

  /** Highlights lines first..last of a source's text and scrolls the pane (not the page) to them. */
  show(sourceId: string, first: number, last: number): void {
    this.render(sourceId);
    for (const el of this.highlighted) el.classList.remove('hl');
    this.highlighted = [];
    for (let n = first; n <= last; n++) {
      const el = this.lines.get(n);
      if (el) { el.classList.add('hl'); this.highlighted.push(el); }
    }
    const target = this.highlighted[0];
    if (target) this.scroller.scrollTop = Math.max(0, target.offsetTop - this.scroller.clientHeight / 3);
  }
}
