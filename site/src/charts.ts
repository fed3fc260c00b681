// The charts (loaded with Observable Plot only when the charts view opens), each in the reader's language, with its
// counts in the paper's own units (175 B, 1750 亿) on a log scale, a text alternative, and downloads as PNG, SVG and
// CSV:
// - the paper against Epoch AI: for each model of 表3, the paper's parameter count (a printed range as its bar)
//   beside Epoch AI's, a same-model record drawn solid and a related model's hollow and dashed, its record named;
//   every model not drawn listed with why (no record, no count in the paper, none in Epoch AI's record) and the
//   crosswalk's note on the match (epoch_ai_match_note_en/_zh) in the reader's language;
// - 表3's parameter counts by category, ranges as bars, values with a warning or error ringed.

import * as Plot from '@observablehq/plot';
import type { SiteData } from '../../pipelines/lib/site/data.ts';
import { pngOf, save, standaloneSvg, type KeyItem } from './chart-export.ts';
import { h, text } from './dom.ts';
import { t, valueLabel, type Lang } from './i18n.ts';
import { matchNote, Provenance, type Row, rowObjects, tableByName } from './model.ts';
import { exactCount, formatQuantity } from './quantity.ts';
import { toCsv, type Value } from './values.ts';

export const CHARTS = ['epoch', 'parameters'] as const;

const PAPER = '#1f5fa8';
const EPOCH = '#b04a00';
const FLAG = '#b00020';

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

/** Plot labels its mark groups with aria-label but no role, which ARIA forbids on a plain <g>: name them groups. */
function accessible<T extends Element>(chart: T): T {
  for (const g of chart.querySelectorAll('g[aria-label]')) g.setAttribute('role', 'group');
  return chart;
}

/** The downloads of a chart: PNG, SVG and CSV, named after it. */
function downloads(lang: Lang, name: string, svg: () => string, csv: () => string): HTMLElement {
  const button = (label: string, make: () => Promise<Blob> | Blob, file: string) => {
    const b = h('button', { type: 'button', 'data-download': file.split('.').pop() }, label);
    b.addEventListener('click', async () => save(await make(), file));
    return b;
  };
  return h(
    'p',
    { class: 'chart-downloads' },
    t(lang, 'chart.download'),
    ' ',
    button('PNG', () => pngOf(svg()), `${name}.png`),
    ' ',
    button('SVG', () => new Blob([svg()], { type: 'image/svg+xml' }), `${name}.svg`),
    ' ',
    button('CSV', () => new Blob([csv()], { type: 'text/csv' }), `${name}.csv`),
  );
}

function mainSvg(figure: Element): SVGSVGElement {
  return (
    figure instanceof SVGSVGElement
      ? figure
      : (figure.querySelector('svg.plot, svg[class^="plot"]') ?? figure.querySelector('svg'))
  )! as SVGSVGElement;
}

/** The chart at its own width, scrolling sideways on a narrow screen rather than shrinking its text. */
const scrolling = (chart: Element, label: string) =>
  h('div', { class: 'chart-scroll', tabindex: '0', role: 'region', 'aria-label': label }, chart);

const keyLine = (items: KeyItem[]) =>
  h(
    'p',
    { class: 'chart-key' },
    ...items.flatMap((k) => [
      h('span', { class: 'key-mark', style: `color:${k.colour}`, 'aria-hidden': 'true' }, k.shape),
      ` ${k.label}  `,
    ]),
  );

/** The log axis of counts both charts share, its label centred under the ticks. */
function countAxis(lang: Lang) {
  return {
    type: 'log',
    label: t(lang, 'chartAxis'),
    labelAnchor: 'center',
    labelOffset: 40,
    grid: true,
    tickFormat: (n: number) => formatQuantity(n, lang),
    ticks: 6,
    nice: true,
  } as const;
}

/** The paper's parameter count against Epoch AI's record for every model of 表3. */
function epochChart(data: SiteData, lang: Lang): HTMLElement {
  const view = tableByName(data, 'models_vs_epoch_ai');
  if (!view) return h('p', {}, 'The database has no comparison with Epoch AI.');
  const rows = rowObjects(view);
  const name = (r: Row) => String(lang === 'en' ? r.model_en : r.model);
  const low = (r: Row) => num(r.parameters) ?? num(r.parameters_low);
  // A lower bound (超千亿) states no upper one: its bar runs on, an arrow.
  const high = (r: Row) => num(r.parameters) ?? num(r.parameters_high);
  const lowerBound = (r: Row) => low(r) !== null && high(r) === null;
  const epoch = (r: Row) => num(r.epoch_ai_parameters);
  const related = (r: Row) => r.epoch_ai_match === 'related_model';
  const drawn = rows.filter((r) => low(r) !== null && epoch(r) !== null);
  const missing = rows.filter((r) => !drawn.includes(r));
  const why = (r: Row) => {
    if (r.epoch_ai_match === 'none' || r.epoch_ai_model === null) return t(lang, 'chartNoRecord');
    const vars = {
      raw: String(r.parameters_raw ?? 'NULL'),
      record: String(r.epoch_ai_model),
      match: valueLabel('epoch_match', String(r.epoch_ai_match), lang),
      epoch: epoch(r) === null ? '' : formatQuantity(epoch(r)!, lang),
    };
    // A lower bound (混元's 1000 亿) has no upper end but is a count the paper prints.
    if (low(r) === null) return t(lang, epoch(r) === null ? 'chartNeither' : 'chartNoPaper', vars);
    return t(lang, 'chartNoEpoch', vars);
  };
  const note = (r: Row) => matchNote(r, lang);
  // One band a model, its Epoch AI record named under it when the record is of a related model.
  const label = (r: Row) => (related(r) ? `${name(r)}\n↳ ${r.epoch_ai_model}` : name(r));
  const order = [...drawn].sort((a, b) => high(b)! - high(a)!).map(label);
  const tick = (n: number) => formatQuantity(n, lang);
  const paperText = (r: Row) =>
    num(r.parameters) !== null
      ? tick(num(r.parameters)!)
      : lowerBound(r)
        ? `≥ ${tick(low(r)!)}`
        : `${tick(low(r)!)} – ${tick(high(r)!)}`;
  const describe = (r: Row) =>
    `${name(r)}: ${t(lang, 'chartPaperCol')} ${String(r.parameters_raw)} (${paperText(r)}), Epoch AI “${r.epoch_ai_model}” ${tick(epoch(r)!)} (${exactCount(epoch(r)!)}), ${valueLabel('epoch_match', String(r.epoch_ai_match), lang)}`;
  // The line from the paper's count (the nearer end of a printed range) to Epoch AI's.
  const near = (r: Row) => Math.min(Math.max(epoch(r)!, low(r)!), high(r) ?? Infinity);
  const chart = accessible(
    Plot.plot({
      ariaLabel: t(lang, 'chartEpochTitle'),
      ariaDescription: t(lang, 'chartDrawn', { n: drawn.length, total: rows.length }),
      width: 900,
      height: 52 + order.length * 44,
      marginLeft: 230,
      marginRight: 40,
      marginTop: 10,
      marginBottom: 52,
      style: { fontSize: '13px' },
      x: countAxis(lang),
      y: { domain: order, label: null, tickSize: 0 },
      marks: [
        Plot.link(
          drawn.filter((r) => !related(r)),
          { x1: near, x2: epoch, y1: label, y2: label, stroke: '#777', strokeWidth: 1.5, className: 'gap' },
        ),
        Plot.link(drawn.filter(related), {
          x1: near,
          x2: epoch,
          y1: label,
          y2: label,
          stroke: '#777',
          strokeWidth: 1.5,
          strokeDasharray: '4 3',
          className: 'gap related',
        }),
        Plot.ruleY(
          drawn.filter((r) => num(r.parameters) === null && !lowerBound(r)),
          { y: label, x1: low, x2: high, stroke: PAPER, strokeWidth: 6, strokeOpacity: 0.45, className: 'paper-range' },
        ),
        Plot.arrow(drawn.filter(lowerBound), {
          y1: label,
          y2: label,
          x1: low,
          x2: (r: Row) => low(r)! * 4,
          stroke: PAPER,
          strokeWidth: 3,
          className: 'paper-lower-bound',
        }),
        Plot.dot(drawn, {
          y: label,
          x: epoch,
          r: 5.5,
          symbol: (r: Row) => (related(r) ? 'diamond' : 'square'),
          fill: (r: Row) => (related(r) ? 'white' : EPOCH),
          stroke: EPOCH,
          strokeWidth: 2,
          className: 'epoch',
          title: describe,
        }),
        // A ring, so that an Epoch AI mark at the same count shows inside it.
        Plot.dot(
          drawn.filter((r) => num(r.parameters) !== null),
          {
            y: label,
            x: (r: Row) => num(r.parameters),
            r: 10,
            fill: 'none',
            stroke: PAPER,
            strokeWidth: 2.5,
            symbol: 'circle',
            className: 'paper',
            title: describe,
          },
        ),
      ],
    }),
  );
  const key: KeyItem[] = [
    { shape: '○', colour: PAPER, label: t(lang, 'chartPaper') },
    { shape: '■', colour: EPOCH, label: t(lang, 'chartSame') },
    { shape: '◇', colour: EPOCH, label: t(lang, 'chartRelated') },
  ];
  const csvColumns = [
    'model_id',
    'model',
    'model_en',
    'epoch_ai_match',
    'epoch_ai_model',
    'parameters_raw',
    'parameters',
    'parameters_low',
    'parameters_high',
    'epoch_ai_parameters',
    'drawn',
    'why_not_drawn',
    'epoch_ai_match_note_en',
    'epoch_ai_match_note_zh',
  ];
  const csv = () =>
    toCsv(
      csvColumns,
      rows.map((r) => [
        ...csvColumns.slice(0, 10).map((c) => (r[c] ?? null) as Value),
        drawn.includes(r),
        drawn.includes(r) ? null : why(r),
        (r.epoch_ai_match_note_en ?? null) as Value,
        (r.epoch_ai_match_note_zh ?? null) as Value,
      ]),
    );
  return h(
    'figure',
    { id: 'epoch-chart', 'data-drawn': String(drawn.length) },
    h('h3', {}, t(lang, 'chartEpochTitle')),
    keyLine(key),
    scrolling(chart, t(lang, 'chartEpochTitle')),
    h('figcaption', {}, t(lang, 'chartDrawn', { n: drawn.length, total: rows.length })),
    downloads(lang, 'paper-vs-epoch-ai', () => standaloneSvg(mainSvg(chart), t(lang, 'chartEpochTitle'), key), csv),
    h('h4', {}, t(lang, 'chartNotDrawn', { n: missing.length, total: rows.length })),
    h(
      'ul',
      { class: 'not-drawn' },
      ...missing.map((r) =>
        h(
          'li',
          { 'data-model': String(r.model_id), 'data-match': String(r.epoch_ai_match) },
          h('strong', {}, text(name(r))),
          ': ',
          text(why(r)),
          note(r) ? h('span', { class: 'note' }, ' — ', text(note(r)!)) : null,
        ),
      ),
    ),
    h(
      'details',
      {},
      h('summary', {}, t(lang, 'chart.as-text')),
      h(
        'ul',
        { class: 'chart-text' },
        ...drawn.map((r) =>
          h('li', {}, text(describe(r)), note(r) ? h('span', { class: 'note' }, ' — ', text(note(r)!)) : null),
        ),
      ),
    ),
  );
}

/** 表3's parameter counts on a log scale, by category; a printed range as a bar; flagged values ringed. */
function parameterChart(data: SiteData, lang: Lang): HTMLElement {
  const provenance = new Provenance(data);
  const models = rowObjects(tableByName(data, 'models')!);
  const name = (m: Row) => String(lang === 'en' ? m.model_en : m.model);
  const category = (m: Row) => String(lang === 'en' ? m.category_en : m.category_raw);
  const counted = models.filter((m) => num(m.parameters) !== null || num(m.parameters_low) !== null);
  const missing = models.filter((m) => !counted.includes(m));
  const flagged = (m: Row) =>
    provenance
      .annotationsOn('models', String(m.model_id), ['parameters', 'parameters_raw'])
      .some((a) => a.severity !== 'info');
  // An exact count is a filled dot; a printed range a hollow dot at its upper bound with a bar; a lower bound (超千亿),
  // with no upper bound, a hollow dot at the bound it states.
  const x = (m: Row) => num(m.parameters) ?? num(m.parameters_high) ?? num(m.parameters_low)!;
  const tick = (n: number) => formatQuantity(n, lang);
  const shown = (m: Row) =>
    num(m.parameters) !== null
      ? tick(num(m.parameters)!)
      : num(m.parameters_high) === null
        ? `≥ ${tick(num(m.parameters_low)!)}`
        : `${tick(num(m.parameters_low)!)} – ${tick(num(m.parameters_high)!)}`;
  const describe = (m: Row) =>
    `${name(m)} (${category(m)}): ${t(lang, 'pane.printed')} ${m.parameters_raw}, ${shown(m)}${flagged(m) ? `; ${t(lang, 'chartFlagged')}` : ''}`;
  const categories = [...new Set(models.map(category))];
  const chart = accessible(
    Plot.plot({
      ariaLabel: t(lang, 'chartParamsTitle'),
      ariaDescription: `${counted.length} / ${models.length}`,
      width: 900,
      height: 52 + counted.length * 30,
      marginLeft: 170,
      marginRight: 30,
      marginBottom: 52,
      style: { fontSize: '13px' },
      x: countAxis(lang),
      y: { label: null, domain: [...counted].sort((a, b) => x(b) - x(a)).map(name) },
      color: { domain: categories, scheme: 'tableau10' },
      marks: [
        Plot.ruleY(
          counted.filter((m) => num(m.parameters) === null && num(m.parameters_high) !== null),
          {
            y: name,
            x1: (m: Row) => num(m.parameters_low),
            x2: (m: Row) => num(m.parameters_high),
            stroke: category,
            strokeWidth: 6,
            strokeOpacity: 0.5,
            className: 'ranges',
          },
        ),
        Plot.dot(counted, {
          y: name,
          x,
          stroke: category,
          fill: category,
          fillOpacity: (m: Row) => (num(m.parameters) === null ? 0 : 1),
          r: 5,
          strokeWidth: 2,
          title: describe,
          className: 'parameters',
        }),
        Plot.dot(counted.filter(flagged), {
          y: name,
          x,
          r: 10,
          stroke: FLAG,
          strokeWidth: 1.5,
          fill: 'none',
          className: 'flagged',
        }),
      ],
    }),
  );
  const colour = (chart as unknown as { scale(n: string): { range: string[] } }).scale('color').range;
  const key: KeyItem[] = [
    ...categories.map((c, i) => ({ shape: '●', colour: colour[i % colour.length]!, label: c })),
    { shape: '○', colour: FLAG, label: t(lang, 'chartFlagged') },
  ];
  const csvColumns = [
    'model_id',
    'model',
    'model_en',
    'category_en',
    'parameters_raw',
    'parameters',
    'parameters_low',
    'parameters_high',
    'parameters_kind',
  ];
  const csv = () =>
    toCsv(
      [...csvColumns, 'flagged'],
      models.map((m) => [...csvColumns.map((c) => (m[c] ?? null) as Value), flagged(m)]),
    );
  return h(
    'figure',
    { id: 'parameter-chart' },
    h('h3', {}, t(lang, 'chartParamsTitle')),
    keyLine(key),
    scrolling(chart, t(lang, 'chartParamsTitle')),
    h('figcaption', {}, `● ${t(lang, 'chartExact')}; ○ + ▬ ${t(lang, 'chartRange')}; ${t(lang, 'chartFlagged')}.`),
    downloads(lang, 'parameters', () => standaloneSvg(mainSvg(chart), t(lang, 'chartParamsTitle'), key), csv),
    h(
      'p',
      {},
      h('strong', {}, `${t(lang, 'chartWithout', { n: missing.length })}: `),
      ...missing.flatMap((m, i) => [i ? ', ' : '', text(`${name(m)} (${m.parameters_raw ?? 'NULL'})`)]),
    ),
    h(
      'details',
      {},
      h('summary', {}, t(lang, 'chart.as-text')),
      h('ul', { class: 'chart-text' }, ...counted.map((m) => h('li', {}, text(describe(m))))),
    ),
  );
}

/** The chart the state names (the comparison with Epoch AI when none), with a tab for each chart. */
export function renderCharts(
  target: HTMLElement,
  data: SiteData,
  lang: Lang,
  chart: string | undefined,
  choose: (chart: string) => void,
): void {
  const current = CHARTS.includes(chart as (typeof CHARTS)[number]) ? chart : 'epoch';
  const tabs = h(
    'div',
    { class: 'chart-tabs', role: 'group', 'aria-label': t(lang, 'charts.heading') },
    ...CHARTS.map((c) => {
      const b = h(
        'button',
        { type: 'button', 'data-chart': c, 'aria-pressed': String(c === current) },
        t(lang, c === 'epoch' ? 'chart.epoch' : 'chart.parameters'),
      );
      b.addEventListener('click', () => choose(c));
      return b;
    }),
  );
  target.replaceChildren(
    h('h2', { id: 'charts-heading' }, t(lang, 'charts.heading')),
    tabs,
    current === 'epoch' ? epochChart(data, lang) : parameterChart(data, lang),
  );
}
