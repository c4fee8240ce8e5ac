/**
 * The Board report's charts, drawn as SVG by hand rather than with a charting library: the tab
 * needs bars and one trend line, which take ~150 lines; SVG presentation attributes pass the tab's
 * strict Content-Security-Policy (`style-src 'self'`, no inline styles), print as vectors on A4,
 * and add nothing to install or audit (the bundle figure is in `npm run bench`). Every chart is a
 * `<figure>`: the SVG is an image with a text alternative, and the same figures follow as a table
 * — what a screen reader reads and what the Board can copy.
 */
import { el } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 560;
const BAR = 22;
const GAP = 8;
const LABEL = 230;

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Drawn in the overdue colour. */
  readonly highlight?: boolean;
}

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string | number>>,
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The data as a table (the chart's accessible twin). */
function tableOf(caption: string, headings: readonly string[], rows: readonly (readonly (string | number)[])[]) {
  const table = el('table', undefined, 'chart-table');
  table.createCaption().textContent = caption;
  const head = el('tr');
  for (const h of headings) head.append(Object.assign(el('th', h), { scope: 'col' }));
  table.createTHead().append(head);
  const body = table.createTBody();
  for (const row of rows) {
    const tr = el('tr');
    row.forEach((cell, i) =>
      tr.append(i === 0 ? Object.assign(el('th', String(cell)), { scope: 'row' }) : el('td', String(cell))),
    );
    body.append(tr);
  }
  return table;
}

function figure(id: string, title: string, alternative: string, chart: SVGSVGElement, table: HTMLTableElement) {
  const fig = el('figure', undefined, 'chart');
  fig.id = id;
  const caption = el('figcaption', title);
  caption.id = `${id}-title`;
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-labelledby', `${id}-title ${id}-alt`);
  const alt = svg('desc', { id: `${id}-alt` }, alternative);
  chart.prepend(alt);
  fig.append(caption, chart, table);
  return fig;
}

/** Horizontal bars, one per item, with its count at the end. */
export function barChart(id: string, title: string, bars: readonly Bar[], valueHeading = 'Escalations'): HTMLElement {
  if (bars.length === 0) {
    // Nothing to draw: say so, rather than an empty picture and an empty table.
    const fig = el('figure', undefined, 'chart');
    fig.id = id;
    fig.append(el('figcaption', title), el('p', 'None.', 'note'));
    return fig;
  }
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(1, bars.length) * (BAR + GAP);
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, width: '100%', class: 'bars' });
  bars.forEach((b, i) => {
    const y = i * (BAR + GAP);
    const w = Math.round(((WIDTH - LABEL - 50) * b.value) / max);
    chart.append(
      svg('text', { x: LABEL - 8, y: y + BAR * 0.7, 'text-anchor': 'end', class: 'chart-label' }, clip(b.label)),
      svg('rect', {
        x: LABEL,
        y,
        width: Math.max(w, b.value > 0 ? 2 : 0),
        height: BAR,
        class: b.highlight ? 'bar late-bar' : 'bar',
      }),
      svg('text', { x: LABEL + w + 6, y: y + BAR * 0.7, class: 'chart-value' }, String(b.value)),
    );
  });
  const alternative = bars.length
    ? `${title}: ${bars.map((b) => `${b.label} ${b.value}`).join('; ')}.`
    : `${title}: none.`;
  return figure(
    id,
    title,
    alternative,
    chart,
    tableOf(
      title,
      ['', valueHeading],
      bars.map((b) => [b.label, b.value]),
    ),
  );
}

export interface Series {
  readonly name: string;
  readonly values: readonly number[];
  readonly className: string;
}

/** Lines over the periods (oldest first), one per series, with a legend. */
export function trendChart(
  id: string,
  title: string,
  periods: readonly string[],
  series: readonly Series[],
): HTMLElement {
  const height = 200;
  const left = 40;
  const bottom = 30;
  const top = 20;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i: number) => left + ((WIDTH - left - 190) * i) / Math.max(1, periods.length - 1);
  const y = (v: number) => top + (height - top - bottom) * (1 - v / max);
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, width: '100%', class: 'trend' });
  chart.append(
    svg('line', { x1: left, y1: y(0), x2: x(periods.length - 1), y2: y(0), class: 'axis' }),
    svg('text', { x: left - 6, y: y(max) + 4, 'text-anchor': 'end', class: 'chart-value' }, String(max)),
    svg('text', { x: left - 6, y: y(0) + 4, 'text-anchor': 'end', class: 'chart-value' }, '0'),
  );
  periods.forEach((p, i) =>
    chart.append(svg('text', { x: x(i), y: height - 8, 'text-anchor': 'middle', class: 'chart-label' }, p)),
  );
  series.forEach((s, k) => {
    const points = s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ');
    chart.append(svg('polyline', { points, class: `line ${s.className}` }));
    s.values.forEach((v, i) =>
      chart.append(svg('circle', { cx: x(i), cy: y(v), r: 3.5, class: `dot ${s.className}` })),
    );
    const ly = top + k * 20;
    chart.append(
      svg('line', { x1: WIDTH - 140, y1: ly, x2: WIDTH - 122, y2: ly, class: `line ${s.className}` }),
      svg('text', { x: WIDTH - 116, y: ly + 4, class: 'chart-label' }, s.name),
    );
  });
  const alternative = `${title}: ${series
    .map((s) => `${s.name} ${s.values.map((v, i) => `${periods[i] ?? ''} ${v}`).join(', ')}`)
    .join('; ')}.`;
  const rows = periods.map((p, i) => [p, ...series.map((s) => s.values[i] ?? 0)]);
  return figure(id, title, alternative, chart, tableOf(title, ['Period', ...series.map((s) => s.name)], rows));
}

function clip(label: string): string {
  return label.length > 28 ? `${label.slice(0, 27)}…` : label;
}
