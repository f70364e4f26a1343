import { api } from '../api';
import type { View } from '../app-context';
import { h, mount } from '../dom';
import { barChart } from '../ui/charts';
import { formatDuration, formatNumber, formatTime } from '../ui/format';
import { OBSERVATION_TYPES } from '../ui/filters';
import type { DailyStats, Status } from '../types';

const QUEUE_STATES = ['queued', 'processing', 'compressed', 'raw', 'failed'] as const;

/** Worker state, backend, queue, last backend error with its fix, and cost against the budget. */
export class HealthView implements View {
  private timer: ReturnType<typeof setInterval> | undefined;

  async show(root: HTMLElement): Promise<void> {
    this.hide();
    const panel = h(
      'div',
      { class: 'health', id: 'health-panel' },
      h('p', { class: 'feed-status', role: 'status' }, 'Loading…'),
    );
    const charts = h('div', { class: 'charts', id: 'charts' });
    mount(
      root,
      h('div', { class: 'view-head' }, h('h1', {}, 'Health & cost')),
      panel,
      h('h2', {}, 'Last 30 days'),
      charts,
    );
    const refresh = async () => {
      try {
        mount(panel, statusPanel(await api<Status>('/api/status')));
      } catch (err) {
        mount(
          panel,
          h(
            'p',
            { class: 'error-box', role: 'alert' },
            `The worker did not answer: ${(err as Error).message}`,
          ),
        );
      }
    };
    await Promise.all([refresh(), this.loadCharts(charts)]);
    // Queue counts move while the worker drains: refresh quietly while this view is open.
    this.timer = setInterval(() => void refresh(), 5_000);
  }

  hide(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async loadCharts(el: HTMLElement): Promise<void> {
    try {
      const stats = await api<DailyStats>('/api/stats/daily?days=30');
      const obs = OBSERVATION_TYPES.map((type) => ({
        name: type,
        cls: `s-${type}`,
        values: stats.days.map(
          (d) => stats.observations.find((r) => r.day === d && r.type === type)?.n ?? 0,
        ),
      })).filter((s) => s.values.some((v) => v > 0));
      const usage = (d: string) => stats.usage.find((u) => u.day === d);
      mount(
        el,
        barChart({
          title: 'Observations per day, by type',
          integer: true,
          days: stats.days,
          series: obs.length
            ? obs
            : [{ name: 'observations', cls: 's-change', values: stats.days.map(() => 0) }],
        }),
        barChart({
          title: 'Model tokens per day',
          days: stats.days,
          series: [
            {
              name: 'input tokens',
              cls: 's-input',
              values: stats.days.map((d) => usage(d)?.inputTokens ?? 0),
            },
            {
              name: 'output tokens',
              cls: 's-output',
              values: stats.days.map((d) => usage(d)?.outputTokens ?? 0),
            },
          ],
          ...(stats.budget > 0
            ? {
                limit: { value: stats.budget, label: `daily budget ${formatNumber(stats.budget)}` },
              }
            : {}),
        }),
      );
    } catch (err) {
      mount(el, h('p', { class: 'muted' }, `Charts unavailable: ${(err as Error).message}`));
    }
  }
}

export function statusPanel(s: Status): HTMLElement {
  const used = s.tokensToday;
  const budget = s.dailyBudget;
  const paused = s.pausedReason
    ? h('p', { class: 'warn-box', role: 'status' }, `Paused: ${s.pausedReason}`)
    : null;
  return h(
    'div',
    { class: 'health-grid' },
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'h-worker' },
      h('h2', { id: 'h-worker' }, 'Worker'),
      dl([
        ['State', s.pausedReason ? 'paused' : 'running'],
        ['Version', s.version],
        ['Process', s.pid !== null ? `pid ${s.pid}, port ${s.port ?? '?'}` : '?'],
        ['Up for', s.uptime !== null ? formatDuration(s.uptime) : '?'],
      ]),
      paused,
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'h-backend' },
      h('h2', { id: 'h-backend' }, 'Backend'),
      dl([
        ['Provider', s.provider],
        ['Model', s.model],
        ['Base URL host', s.baseUrlHost || '(provider default)'],
      ]),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'h-queue' },
      h('h2', { id: 'h-queue' }, 'Queue'),
      h(
        'ul',
        { class: 'queue-counts', id: 'queue-counts' },
        QUEUE_STATES.map((st) =>
          h(
            'li',
            { class: `q-${st}` },
            h('span', { class: 'q-n' }, formatNumber(s.queue[st])),
            h('span', { class: 'q-label' }, st),
          ),
        ),
      ),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'h-cost' },
      h('h2', { id: 'h-cost' }, 'Tokens today'),
      h(
        'p',
        { class: 'big' },
        formatNumber(used),
        h(
          'span',
          { class: 'muted' },
          budget > 0 ? ` of ${formatNumber(budget)}` : ' (no daily budget)',
        ),
      ),
      budget > 0
        ? h('meter', {
            min: 0,
            max: budget,
            value: Math.min(used, budget),
            high: budget * 0.8,
            optimum: 0,
            'aria-label': 'Share of the daily token budget used',
          })
        : null,
    ),
    searchPanel(s),
    lastError(s),
  );
}

/** How complete the search index is: related words for older records, and semantic vectors. */
function searchPanel(s: Status): HTMLElement {
  const left = s.reindexing;
  const e = s.embeddings;
  const vectors = !e
    ? 'off (no embeddings provider)'
    : e.lastError
      ? `${e.model}: failing (${e.lastError.kind}: ${e.lastError.message}). Fix: ${e.lastError.fix}`
      : !e.checked
        ? `${e.model}: checking (${formatNumber(e.stored)} vectors stored)`
        : e.remaining > 0
          ? `${e.model}: ${formatNumber(e.remaining)} records left to embed (${formatNumber(e.stored)} stored)`
          : e.stored > 0
            ? `${e.model}: all ${formatNumber(e.stored)} records embedded`
            : `${e.model}: no vectors stored (nothing to embed yet)`;
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'h-search', id: 'search-index' },
    h('h2', { id: 'h-search' }, 'Search index'),
    dl([
      ['Related words', left > 0 ? `${formatNumber(left)} older records left to index` : 'up to date'],
      ['Semantic search', vectors],
    ]),
  );
}

function lastError(s: Status): HTMLElement {
  const e = s.lastError;
  if (!e) {
    return h(
      'section',
      { class: 'panel wide', 'aria-labelledby': 'h-err' },
      h('h2', { id: 'h-err' }, 'Last backend error'),
      h('p', { class: 'muted' }, 'None.'),
    );
  }
  return h(
    'section',
    { class: 'panel wide error-panel', 'aria-labelledby': 'h-err', id: 'last-error' },
    h('h2', { id: 'h-err' }, 'Last backend error'),
    dl([
      ['Kind', e.kind],
      ['Status', e.status !== null ? String(e.status) : '(no HTTP status)'],
      ['Request id', e.requestId ?? '(none)'],
      ['When', formatTime(e.at)],
    ]),
    h('pre', { class: 'verbatim', id: 'last-error-message' }, e.message),
    // The fix comes with the error (contracts/failures.ts), the same text `claude-mem status` prints.
    h('p', { class: 'fix' }, h('strong', {}, 'Fix: '), e.fix),
  );
}

function dl(rows: Array<[string, string]>): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}
