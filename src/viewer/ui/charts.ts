import { h, svg } from '../dom';
import { formatNumber } from './format';

/**
 * Plain SVG bar charts (no library): one bar per day, stacked by series, optional limit line.
 * Each chart carries a text summary for screen readers and a collapsible table of its numbers.
 */
export interface Series {
  name: string;
  /** CSS class that colours the series (`s-bugfix`). */
  cls: string;
  values: number[];
}

export interface ChartOptions {
  title: string;
  days: string[];
  series: Series[];
  /** A horizontal line (the daily budget). */
  limit?: { value: number; label: string };
  /** Counts: y-axis ticks on whole numbers. */
  integer?: boolean;
}

const W = 640;
const H = 220;
const PAD = { left: 52, right: 12, top: 12, bottom: 28 };

export function barChart(opts: ChartOptions): HTMLElement {
  const totals = opts.days.map((_, i) => opts.series.reduce((n, s) => n + (s.values[i] ?? 0), 0));
  const { top, step } = axis(Math.max(...totals, opts.limit?.value ?? 0, 0), opts.integer ?? false);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, opts.days.length);
  const barW = Math.max(2, slot * 0.72);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;

  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const grid = ticks.map((v) => {
    return svg(
      'g',
      { class: 'grid' },
      svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v) }),
      svg('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, compact(v)),
    );
  });
  const bars = opts.days.map((day, i) => {
    let base = 0;
    const x = PAD.left + i * slot + (slot - barW) / 2;
    const segs = opts.series.map((s) => {
      const v = s.values[i] ?? 0;
      if (v <= 0) return null;
      const seg = svg(
        'rect',
        {
          class: `bar ${s.cls}`,
          x,
          width: barW,
          y: y(base + v),
          height: Math.max(0.5, y(base) - y(base + v)),
        },
        svg('title', {}, `${day} · ${s.name}: ${formatNumber(v)}`),
      );
      base += v;
      return seg;
    });
    const label =
      i % 7 === (opts.days.length - 1) % 7
        ? svg(
            'text',
            { class: 'axis', x: PAD.left + i * slot + slot / 2, y: H - 8, 'text-anchor': 'middle' },
            day.slice(5),
          )
        : null;
    return svg('g', {}, segs, label);
  });
  const limit =
    opts.limit && opts.limit.value > 0
      ? svg(
          'g',
          { class: 'limit' },
          svg('line', {
            x1: PAD.left,
            x2: W - PAD.right,
            y1: y(opts.limit.value),
            y2: y(opts.limit.value),
          }),
          svg(
            'text',
            { x: W - PAD.right, y: y(opts.limit.value) - 4, 'text-anchor': 'end' },
            opts.limit.label,
          ),
        )
      : null;

  const sum = totals.reduce((a, b) => a + b, 0);
  const peak = Math.max(0, ...totals);
  const label = `${opts.title}: ${formatNumber(sum)} over ${opts.days.length} days, at most ${formatNumber(peak)} on one day.`;
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', {}, opts.title),
    svg(
      'svg',
      {
        viewBox: `0 0 ${W} ${H}`,
        role: 'img',
        'aria-label': label,
        preserveAspectRatio: 'xMidYMid meet',
      },
      grid,
      bars,
      limit,
    ),
    h(
      'div',
      { class: 'legend' },
      opts.series.map((s) =>
        h(
          'span',
          { class: 'legend-item' },
          h('span', { class: `swatch ${s.cls}`, 'aria-hidden': 'true' }),
          s.name,
        ),
      ),
      opts.limit && opts.limit.value > 0
        ? h(
            'span',
            { class: 'legend-item' },
            h('span', { class: 'swatch swatch-limit', 'aria-hidden': 'true' }),
            opts.limit.label,
          )
        : null,
    ),
    dataTable(opts),
  );
}

function dataTable(opts: ChartOptions): HTMLElement {
  const rows = opts.days
    .map((day, i) => ({ day, values: opts.series.map((s) => s.values[i] ?? 0) }))
    .filter((r) => r.values.some((v) => v > 0));
  return h(
    'details',
    { class: 'chart-table' },
    h('summary', {}, 'Show as table'),
    rows.length
      ? h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Day'),
              opts.series.map((s) => h('th', { scope: 'col' }, s.name)),
            ),
          ),
          h(
            'tbody',
            {},
            rows.map((r) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, r.day),
                r.values.map((v) => h('td', {}, formatNumber(v))),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No data in this period.'),
  );
}

/** Y axis: a round tick step (1, 2, 2.5, 5 × 10^n; whole numbers for counts), about 4 ticks, top ≥ max. */
export function axis(max: number, integer: boolean): { top: number; step: number } {
  const raw = Math.max(max, 1) / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  let step = ([1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p) as number;
  if (integer) step = Math.max(1, Math.round(step));
  return { top: Math.max(step, step * Math.ceil(max / step)), step };
}

function compact(v: number): string {
  if (v >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (v >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return String(+v.toFixed(1));
}
