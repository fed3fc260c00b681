// A chart as a file: SVG (the chart with its title and key, standalone), PNG (that SVG drawn at twice its size) and
// CSV (the values it draws, and the models it does not with why). Downloads are made in the page, offline.

import { h } from './dom.ts';

export interface KeyItem {
  shape: string;
  colour: string;
  label: string;
}

const NS = 'http://www.w3.org/2000/svg';
const FONT = 'system-ui, "WenQuanYi Micro Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';

/** The chart's SVG with a title line and a key above it, as one standalone SVG document. */
export function standaloneSvg(chart: SVGSVGElement, title: string, key: KeyItem[]): string {
  const width = Number(chart.getAttribute('width'));
  const height = Number(chart.getAttribute('height'));
  const top = 52;
  const root = document.createElementNS(NS, 'svg');
  for (const [k, v] of Object.entries({
    xmlns: NS,
    width: String(width),
    height: String(height + top),
    viewBox: `0 0 ${width} ${height + top}`,
    'font-family': FONT,
    'font-size': '12',
  }))
    root.setAttribute(k, v);
  const background = document.createElementNS(NS, 'rect');
  for (const [k, v] of Object.entries({ width: '100%', height: '100%', fill: 'white' })) background.setAttribute(k, v);
  const heading = document.createElementNS(NS, 'text');
  for (const [k, v] of Object.entries({ x: '8', y: '18', 'font-size': '15', 'font-weight': '600', fill: '#1b1b1b' }))
    heading.setAttribute(k, v);
  heading.textContent = title;
  const keyLine = document.createElementNS(NS, 'text');
  for (const [k, v] of Object.entries({ x: '8', y: '40', fill: '#333' })) keyLine.setAttribute(k, v);
  for (const item of key) {
    const mark = document.createElementNS(NS, 'tspan');
    mark.setAttribute('fill', item.colour);
    mark.textContent = `${item.shape} `;
    const label = document.createElementNS(NS, 'tspan');
    label.textContent = `${item.label}    `;
    keyLine.append(mark, label);
  }
  const body = chart.cloneNode(true) as SVGSVGElement;
  body.setAttribute('y', String(top));
  root.append(background, heading, keyLine, body);
  return new XMLSerializer().serializeToString(root);
}

/** Starts a download of the blob under the file name. */
export function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The SVG drawn on a canvas at twice its size, as PNG. */
export async function pngOf(svg: string): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = h('canvas', { width: String(img.naturalWidth * 2), height: String(img.naturalHeight * 2) });
    const ctx = canvas.getContext('2d')!;
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the chart could not be drawn as PNG'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
