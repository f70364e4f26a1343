import { api, ApiError, setUnauthorizedHandler } from './api';
import { loadProjects, type AppContext, type AppListener, type View } from './app-context';
import { h, mount } from './dom';
import { connectLive, type LiveState } from './live';
import type { FeedItem } from './types';
import { confirmDialog, notify } from './ui/dialog';
import { applySavedTheme, setupThemeToggle } from './ui/theme';
import { parseState, toSearch, VIEWS, type View as ViewName, type ViewState } from './url-state';
import { FeedView } from './views/feed';
import { renderGate } from './views/gate';
import { HealthView } from './views/health';
import { ProjectsView } from './views/projects';
import { SearchView } from './views/search';
import { SettingsView } from './views/settings';

/** The viewer shell: session check, navigation, the live stream, and the shared forget action. */
const LABELS: Record<ViewName, string> = {
  feed: 'Feed',
  search: 'Search',
  projects: 'Projects',
  health: 'Health & cost',
  settings: 'Settings',
};

const views: Record<ViewName, View> = {
  feed: new FeedView(),
  search: new SearchView(),
  projects: new ProjectsView(),
  health: new HealthView(),
  settings: new SettingsView(),
};

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
const liveEl = document.getElementById('live') as HTMLElement;
const listeners = new Set<AppListener>();
let current: View | undefined;
let gated = false;

applySavedTheme();
setupThemeToggle(document.getElementById('theme') as HTMLButtonElement);
void boot();

async function boot(): Promise<void> {
  const params = new URLSearchParams(location.search);
  if (params.get('login') === 'failed') return showGate('bad-code');
  try {
    await api('/api/status');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return showGate('no-session');
    mount(
      main,
      h(
        'p',
        { class: 'error-box', role: 'alert' },
        `The worker did not answer: ${(err as Error).message}`,
      ),
    );
    return;
  }
  // From now on a 401 means the session ended (worker restart, expiry): say so instead of failing.
  setUnauthorizedHandler(() => showGate('expired'));
  document.body.classList.add('signed-in');
  renderNav();
  startLive();
  window.addEventListener('popstate', () => void show());
  await show();
}

function showGate(reason: 'no-session' | 'expired' | 'bad-code'): void {
  if (gated) return;
  gated = true;
  current?.hide();
  document.body.classList.remove('signed-in');
  mount(nav);
  liveEl.textContent = '';
  renderGate(main, reason);
}

const ctx: AppContext = {
  state: () => parseState(location.search),
  navigate(patch, opts = {}) {
    const next: ViewState = { ...parseState(location.search), ...patch };
    const url = `${location.pathname}${toSearch(next)}`;
    if (opts.replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    void show();
  },
  projects: (refresh) => loadProjects(refresh),
  async forget(item: FeedItem) {
    if (item.kind !== 'obs') return false;
    const ok = await confirmDialog({
      title: 'Forget this observation?',
      body: `“${item.data.title}” (#${item.data.id}, ${item.data.project}) will be deleted from memory and search. This cannot be undone.`,
      confirm: 'Forget',
    });
    if (!ok) return false;
    try {
      await api(`/api/observations/${item.data.id}`, { method: 'DELETE' });
    } catch (err) {
      notify(`Could not forget #${item.data.id}: ${(err as Error).message}`, 'error');
      return false;
    }
    for (const l of listeners) l.removed?.((i) => i.key === item.key);
    notify(`Forgot observation #${item.data.id}.`);
    return true;
  },
  forgetProject(project) {
    for (const l of listeners) l.removed?.((i) => i.data.projectId === project.id);
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

async function show(): Promise<void> {
  if (gated) return;
  const state = ctx.state();
  current?.hide();
  current = views[state.view];
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.view === state.view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${LABELS[state.view]} · claude-mem`;
  await current.show(main, ctx);
}

function renderNav(): void {
  mount(
    nav,
    h(
      'ul',
      {},
      VIEWS.map((v) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              href: v === 'feed' ? '/' : `?view=${v}`,
              'data-view': v,
              onclick: (ev) => {
                const e = ev as MouseEvent;
                if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
                ev.preventDefault();
                ctx.navigate(v === 'search' ? { view: v } : { view: v, q: '' });
                main.focus({ preventScroll: true });
              },
            },
            LABELS[v],
          ),
        ),
      ),
    ),
  );
}

function startLive(): void {
  const label: Record<LiveState, string> = {
    connecting: 'Connecting…',
    live: 'Live',
    offline: 'Offline — retrying',
  };
  connectLive({
    url: '/api/events',
    types: ['observation', 'summary', 'prompt'],
    onEvent: (e) => {
      for (const l of listeners) l.live?.(e);
    },
    onState: (s) => {
      liveEl.textContent = label[s];
      liveEl.dataset.state = s;
    },
    onReopen: () => {
      for (const l of listeners) l.reopened?.();
    },
  });
}
