// Charts with Observable Plot, each with a text alternative: 表3's parameter counts on a log scale with their
// low–high ranges, coloured by category, flagged values ringed, the models without a count listed; and, when
// the database has the Epoch AI comparison, the paper's count against Epoch's for each matched model.

import * as Plot from '@observablehq/plot';
import type { SiteData } from '../../pipelines/lib/site/data.ts';
import { h, text } from './dom.ts';
import { Provenance, rowObjects, type Row } from './model.ts';
import { formatValue } from './values.ts';

/** Plot labels its mark groups with aria-label but no role, which ARIA forbids on a plain <g>: name them groups. */
function accessible<T extends Element>(chart: T): T {
  for (const g of chart.querySelectorAll('g[aria-label]')) g.setAttribute('role', 'group');
  return chart;
}

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

function parameterChart(data: SiteData, provenance: Provenance): HTMLElement {
  const models = rowObjects(data.tables.find((t) => t.name === 'models')!);
  // A lower bound (超千亿) has no upper bound: its dot stands at the bound it states.
  const at = (m: Row) => num(m.parameters) ?? num(m.parameters_high) ?? num(m.parameters_low);
  const counted = models.filter((m) => m.parameters_kind !== 'not_reported' && at(m) !== null);
  const missing = models.filter((m) => !counted.includes(m));
  const flagged = (m: Row) => provenance.annotationsOn('models', String(m.model_id), ['parameters', 'parameters_raw'])
    .some((a) => a.severity !== 'info');
  // An exact count is a filled dot; a printed range or order of magnitude is a hollow dot at its upper bound.
  const x = (m: Row) => at(m)!;
  const bounds = (m: Row) => num(m.parameters_high) === null ? `over ${formatValue(num(m.parameters_low))}` : `between ${formatValue(num(m.parameters_low))} and ${formatValue(num(m.parameters_high))}`;
  const describe = (m: Row) => `${m.model_en} (${m.organisation}, ${m.category_en}): printed ${m.parameters_raw}, ${m.parameters === null ? bounds(m) : formatValue(num(m.parameters))} parameters${flagged(m) ? '; flagged' : ''}`;
  const chart = Plot.plot({
    ariaLabel: 'Parameter counts of the models of 表3, log scale',
    ariaDescription: `${counted.length} models with a parameter count; ${missing.length} without. The list below gives each value.`,
    width: 860, marginLeft: 190, marginRight: 30,
    x: { type: 'log', label: 'parameters (log scale) →', grid: true, nice: true },
    y: { label: null, domain: [...counted].sort((a, b) => x(b) - x(a)).map((m) => String(m.model_en)) },
    color: { legend: true, domain: [...new Set(models.map((m) => String(m.category_en)))] },
    marks: [
      Plot.ruleY(counted.filter((m) => num(m.parameters_high) !== null && num(m.parameters_low) !== num(m.parameters_high)), { y: 'model_en', x1: (m: Row) => num(m.parameters_low), x2: (m: Row) => num(m.parameters_high), stroke: 'category_en', strokeWidth: 3, strokeOpacity: 0.6, className: 'ranges' }),
      Plot.dot(counted, { y: 'model_en', x, stroke: 'category_en', fill: 'category_en', fillOpacity: (m: Row) => (num(m.parameters) === null ? 0 : 1), r: 5, strokeWidth: 2, title: describe, className: 'parameters' }),
      Plot.dot(counted.filter(flagged), { y: 'model_en', x, r: 9, stroke: '#b00020', strokeWidth: 1.5, fill: 'none', className: 'flagged' }),
    ],
  });
  return h('figure', { id: 'parameter-chart' }, accessible(chart),
    h('figcaption', {}, 'Parameters per model as printed in 表3: filled dots are exact counts, hollow dots the upper bound of a printed range (the bar spans the range) or a lower bound (超千亿); red rings mark values with a warning or error annotation.'),
    h('p', {}, h('strong', {}, `Models without a parameter count (${missing.length}): `), ...missing.flatMap((m, i) => [i ? ', ' : '', text(`${m.model_en} (${m.parameters_raw ?? 'NULL'})`)])),
    h('details', {}, h('summary', {}, 'The chart as text'), h('ul', { class: 'chart-text' }, ...counted.map((m) => h('li', {}, text(describe(m)))))));
}

/** The paper's parameter count against Epoch AI's, for the models the comparison view matches. */
function epochChart(data: SiteData): HTMLElement | null {
  const view = data.tables.find((t) => t.name === 'models_vs_epoch_ai');
  if (!view) return null;
  const rows = rowObjects(view);
  const find = (re: RegExp) => view.columns.map((c) => c.name).find((n) => re.test(n));
  const paperCol = find(/^(paper_)?parameters$|^parameters_paper$/);
  const epochCol = find(/epoch.*parameters|parameters.*epoch/);
  const nameCol = find(/^model_en$/) ?? find(/^model$/);
  if (!paperCol || !epochCol || !nameCol) return h('p', {}, 'The comparison view has no parameter columns this page knows.');
  const both = rows.filter((r) => num(r[paperCol]) && num(r[epochCol]));
  const all = both.flatMap((r) => [num(r[paperCol])!, num(r[epochCol])!]);
  const [lo, hi] = [Math.min(...all), Math.max(...all)];
  const describe = (r: Row) => `${r[nameCol]}: paper ${formatValue(num(r[paperCol]))}, Epoch AI ${formatValue(num(r[epochCol]))}`;
  const chart = Plot.plot({
    ariaLabel: 'Parameter counts: the paper against Epoch AI', width: 720, height: 480, marginRight: 150,
    x: { type: 'log', label: 'Epoch AI parameters →', grid: true }, y: { type: 'log', label: '↑ paper parameters', grid: true },
    marks: [
      Plot.link([0], { x1: lo, y1: lo, x2: hi, y2: hi, stroke: '#888', strokeDasharray: '4 3', className: 'equal' }),
      Plot.dot(both, { x: (r: Row) => num(r[epochCol]), y: (r: Row) => num(r[paperCol]), r: 5, fill: 'currentColor', title: describe, className: 'models' }),
      Plot.text(both, { x: (r: Row) => num(r[epochCol]), y: (r: Row) => num(r[paperCol]), text: nameCol, dx: 8, textAnchor: 'start', ariaHidden: true } as never),
    ],
  });
  return h('figure', { id: 'epoch-chart' }, accessible(chart),
    h('figcaption', {}, 'Each matched model: Epoch AI\'s parameter count (across) against the paper\'s (up); on the dashed line they agree.'),
    h('details', {}, h('summary', {}, 'The chart as text'), h('ul', {}, ...both.map((r) => h('li', {}, text(describe(r)))))));
}

export function charts(data: SiteData): HTMLElement {
  const provenance = new Provenance(data);
  return h('section', { id: 'charts', 'aria-labelledby': 'charts-heading' },
    h('h2', { id: 'charts-heading' }, 'Charts'), parameterChart(data, provenance), epochChart(data));
}
