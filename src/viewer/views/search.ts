import { api, qs } from '../api';
import type { AppContext, View } from '../app-context';
import { h, mount } from '../dom';
import { obsItem, sumItem } from '../items';
import { renderCard } from '../ui/card';
import { field, projectSelect, typeSelect } from '../ui/filters';
import type { SearchAnswer } from '../../contracts';
import type { FeedItem } from '../types';

const LIMIT = 50;

/**
 * The same search the MCP tools use (`GET /api/search`), with project, type and date filters.
 * Every field lives in the URL, so a search can be reloaded or shared.
 */
export class SearchView implements View {
  private unsubscribe: (() => void) | undefined;
  private seq = 0;
  /** The results on screen, so a forget elsewhere can take them off. */
  private items = new Map<string, FeedItem>();

  async show(root: HTMLElement, ctx: AppContext): Promise<void> {
    this.hide();
    const st = ctx.state();
    const q = h('input', {
      id: 'search-q',
      name: 'q',
      type: 'search',
      value: st.q,
      placeholder: 'e.g. auth token refresh',
      autocomplete: 'off',
    });
    const since = h('input', { id: 'search-since', name: 'since', type: 'date', value: st.since });
    const until = h('input', { id: 'search-until', name: 'until', type: 'date', value: st.until });
    let project = st.project;
    let type = st.type;
    let author = st.author ?? '';
    const projectSlot = h('div', { class: 'slot' });
    const results = h('div', { class: 'cards', id: 'search-results' });
    const status = h('p', { class: 'feed-status', role: 'status', id: 'search-status' });
    const form = h(
      'form',
      {
        class: 'search-form',
        role: 'search',
        onsubmit: (ev) => {
          ev.preventDefault();
          ctx.navigate({
            q: q.value.trim(),
            project,
            type,
            since: since.value,
            until: until.value,
            author,
          });
        },
      },
      h('div', { class: 'field grow' }, h('label', { for: 'search-q' }, 'Search memories'), q),
      projectSlot,
      typeSelect(type, (v) => (type = v)),
      authorSelect(author, (v) => (author = v)),
      field('From', 'search-since', since),
      field('To', 'search-until', until),
      h(
        'div',
        { class: 'field' },
        h('span', { class: 'label-spacer', 'aria-hidden': 'true' }, '\u00a0'),
        h('button', { type: 'submit', class: 'btn btn-primary' }, 'Search'),
      ),
    );
    mount(root, h('div', { class: 'view-head' }, h('h1', {}, 'Search')), form, status, results);
    const projects = await ctx.projects().catch(() => []);
    mount(
      projectSlot,
      projectSelect(projects, project, (v) => (project = v)),
    );
    this.unsubscribe = ctx.subscribe({
      removed: (pred) => {
        for (const el of results.querySelectorAll<HTMLElement>('[data-key]')) {
          const item = this.items.get(el.dataset.key ?? '');
          if (item && pred(item)) el.remove();
        }
      },
    });
    if (!st.q) {
      status.textContent =
        'Type words to look for. Quotes keep a phrase together; filters narrow the results.';
      q.focus();
      return;
    }
    const seq = ++this.seq;
    status.textContent = 'Searching…';
    try {
      // "*" is every project: a browser has no current project to default to.
      const body = await api<SearchAnswer>(
        `/api/search${qs({ q: st.q, project: st.project || '*', type: st.type, since: st.since, until: st.until, author: st.author ?? '', limit: LIMIT })}`,
      );
      // The worker sends the full records in hit order: no per-hit requests.
      const items = body.observations.map(obsItem);
      const turns = body.summaryRecords.map(sumItem);
      if (seq !== this.seq) return;
      this.items = new Map([...items, ...turns].map((i) => [i.key, i]));
      const card = (item: FeedItem) => renderCard(item, { onForget: (i) => void ctx.forget(i) });
      mount(
        results,
        items.map(card),
        turns.length
          ? h('h2', { class: 'cards-heading', id: 'search-turns' }, 'Matching turn summaries')
          : null,
        turns.map(card),
      );
      status.textContent = [
        items.length === 0 && turns.length === 0
          ? `No memories match “${st.q}”.`
          : `${[
              items.length ? `${items.length} result${items.length === 1 ? '' : 's'}` : '',
              turns.length ? `${turns.length} turn summar${turns.length === 1 ? 'y' : 'ies'}` : '',
            ]
              .filter(Boolean)
              .join(' and ')} for “${st.q}”.`,
        ...body.warnings,
      ].join(' ');
    } catch (err) {
      if (seq === this.seq) status.textContent = `Search failed: ${(err as Error).message}`;
    }
  }

  hide(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}

/** Team memory: everyone's notes, only this machine's, or only teammates' (docs/team-server.md). */
function authorSelect(value: string, onChange: (v: '' | 'mine' | 'team') => void): HTMLElement {
  const select = h(
    'select',
    { id: 'search-author', name: 'author', onchange: (ev) => onChange((ev.target as HTMLSelectElement).value as '' | 'mine' | 'team') },
    ([['', 'Everyone'], ['mine', 'Mine'], ['team', 'Teammates']] as const).map(([v, label]) => h('option', { value: v, selected: v === value }, label)),
  );
  return field('Whose', 'search-author', select);
}
