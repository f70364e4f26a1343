/**
 * What the page shows lives in the query string (`?view=search&q=auth&type=bugfix`), so a view
 * or a search can be reloaded, bookmarked and shared. Pure functions, unit-tested.
 */
export const VIEWS = ['feed', 'search', 'projects', 'health', 'settings'] as const;
export type View = (typeof VIEWS)[number];

export interface ViewState {
  view: View;
  q: string;
  project: string;
  type: string;
  since: string;
  until: string;
  /** Team memory (search only): '' = everyone's, 'mine' = this machine's, 'team' = teammates'. */
  author?: '' | 'mine' | 'team';
}

const FILTER_KEYS = ['q', 'project', 'type', 'since', 'until', 'author'] as const;

export function parseState(search: string): ViewState {
  const p = new URLSearchParams(search);
  const v = p.get('view') ?? '';
  const view: View = (VIEWS as readonly string[]).includes(v)
    ? (v as View)
    : p.get('q')
      ? 'search'
      : 'feed';
  const date = (s: string | null) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : '');
  return {
    view,
    q: p.get('q') ?? '',
    project: p.get('project') ?? '',
    type: p.get('type') ?? '',
    since: date(p.get('since')),
    until: date(p.get('until')),
    ...(p.get('author') === 'mine' || p.get('author') === 'team' ? { author: p.get('author') as 'mine' | 'team' } : {}),
  };
}

/** The query string for a state; empty filters are left out, and the feed is the default view. */
export function toSearch(state: ViewState): string {
  const p = new URLSearchParams();
  if (state.view !== 'feed') p.set('view', state.view);
  const filtered = state.view === 'feed' || state.view === 'search';
  if (filtered) {
    for (const k of FILTER_KEYS) {
      if (k === 'q' || k === 'since' || k === 'until' || k === 'author') {
        if (state.view !== 'search') continue;
      }
      const v = state[k];
      if (v) p.set(k, v);
    }
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}
