import { api, qs } from '../api';
import type { AppContext, View } from '../app-context';
import { h, mount } from '../dom';
import { FeedModel } from '../feed-model';
import { obsItem, promptItem, sumItem } from '../items';
import type { LiveEvent } from '../live';
import { renderCard } from '../ui/card';
import { projectSelect, typeSelect } from '../ui/filters';
import type { FeedEvent, ObservationsPage, PromptsPage, SummariesPage } from '../../contracts';
import type { FeedItem, Project } from '../types';

const PAGE = 30;

type Source = 'obs' | 'sum' | 'prompt';

/** Newest first, live over SSE, older pages as you scroll (keyset `before=`). */
export class FeedView implements View {
  private model = new FeedModel([]);
  private readonly cards = new Map<string, HTMLElement>();
  private list!: HTMLElement;
  private more!: HTMLButtonElement;
  private status!: HTMLElement;
  private observer: IntersectionObserver | undefined;
  private unsubscribe: (() => void) | undefined;
  private loading = false;
  private project = '';
  private type = '';
  private projects: Project[] = [];
  private ctx!: AppContext;

  async show(root: HTMLElement, ctx: AppContext): Promise<void> {
    this.hide();
    this.ctx = ctx;
    const st = ctx.state();
    this.project = st.project;
    this.type = st.type;
    this.model = new FeedModel(sourcesFor(st.type));
    this.cards.clear();
    this.list = h('div', { class: 'cards', id: 'feed-list', 'aria-live': 'off' });
    this.status = h('p', { class: 'feed-status', role: 'status' });
    this.more = h(
      'button',
      { type: 'button', class: 'btn load-more', onclick: () => void this.loadMore() },
      'Load older',
    );
    const filters = h('div', { class: 'filters', role: 'group', 'aria-label': 'Feed filters' });
    mount(
      root,
      h('div', { class: 'view-head' }, h('h1', {}, 'Memory feed'), filters),
      this.list,
      this.status,
      this.more,
    );
    this.unsubscribe = ctx.subscribe({
      live: (e) => this.onLive(e),
      reopened: () => void this.catchUp(),
      removed: (pred) => {
        this.model.removeWhere(pred);
        this.render();
      },
    });
    this.projects = await ctx.projects().catch(() => []);
    mount(
      filters,
      projectSelect(this.projects, st.project, (project) => ctx.navigate({ project })),
      typeSelect(st.type, (type) => ctx.navigate({ type }), ['summary', 'prompt']),
    );
    await this.loadMore();
    this.observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void this.loadMore();
    });
    this.observer.observe(this.more);
  }

  hide(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Fetch the next page of each history that holds the feed back, then show what is settled. */
  private async loadMore(): Promise<void> {
    if (this.loading || !this.model.hasMore()) return;
    this.loading = true;
    this.status.textContent = 'Loading…';
    try {
      const model = this.model;
      const pages = await Promise.all(
        model
          .nextSources()
          .map(
            async (s) => [s, await this.fetchPage(s as Source, model.sources[s]?.cursor)] as const,
          ),
      );
      if (model !== this.model) return;
      for (const [source, page] of pages) model.addPage(source, page, PAGE);
      this.render();
    } catch (err) {
      this.status.textContent = `Could not load the feed: ${(err as Error).message}`;
      return;
    } finally {
      this.loading = false;
    }
    // Still near the bottom (short page, or tall screen)? Keep filling.
    if (this.model.hasMore() && this.more.getBoundingClientRect().top < window.innerHeight + 200)
      void this.loadMore();
  }

  private async fetchPage(source: Source, before: number | undefined): Promise<FeedItem[]> {
    const project = this.project || undefined;
    switch (source) {
      case 'obs': {
        const type =
          this.type && this.type !== 'summary' && this.type !== 'prompt' ? this.type : undefined;
        const page = await api<ObservationsPage>(
          `/api/observations${qs({ project, type, limit: PAGE, before })}`,
        );
        return page.observations.map(obsItem);
      }
      case 'sum': {
        const page = await api<SummariesPage>(`/api/summaries${qs({ project, limit: PAGE, before })}`);
        return page.summaries.map(sumItem);
      }
      case 'prompt': {
        const page = await api<PromptsPage>(`/api/prompts${qs({ project, limit: PAGE, before })}`);
        return page.prompts.map(promptItem);
      }
    }
  }

  /** After a gap in the live stream, fetch the newest page of each history; duplicates are dropped. */
  private async catchUp(): Promise<void> {
    const model = this.model;
    const pages = await Promise.all(
      Object.keys(model.sources).map((s) => this.fetchPage(s as Source, undefined)),
    );
    if (model !== this.model) return;
    for (const item of pages.flat()) model.addLive(item);
    this.render();
  }

  private onLive(e: LiveEvent): void {
    const item = this.toItem(e);
    if (!item || !this.matches(item) || !this.model.addLive(item)) return;
    this.render(item.key);
  }

  /** Every live event carries its full record (`FeedEvent` in the worker's contract). */
  private toItem(e: LiveEvent): FeedItem | undefined {
    const event = { event: e.type, data: e.data } as FeedEvent;
    switch (event.event) {
      case 'observation':
        return obsItem(event.data);
      case 'summary':
        return sumItem(event.data);
      case 'prompt':
        return promptItem(event.data);
      default:
        return undefined;
    }
  }

  private matches(item: FeedItem): boolean {
    if (!(item.kind in this.model.sources)) return false;
    if (item.kind === 'obs' && this.type && item.data.type !== this.type) return false;
    const project = item.kind === 'prompt' ? item.data.project : item.data.project;
    return !this.project || project === this.project;
  }

  /** Move cards into place, creating only new ones (open <details> stay open). */
  private render(fresh?: string): void {
    const items = this.model.visible();
    const keep = new Set(items.map((i) => i.key));
    for (const [key, el] of this.cards) {
      if (!keep.has(key)) {
        el.remove();
        this.cards.delete(key);
      }
    }
    let prev: Element | null = null;
    for (const item of items) {
      let el = this.cards.get(item.key);
      if (!el) {
        el = renderCard(item, { onForget: (i) => void this.ctx.forget(i) });
        if (item.key === fresh) el.classList.add('fresh');
        this.cards.set(item.key, el);
      }
      const at: Element | null = prev ? prev.nextElementSibling : this.list.firstElementChild;
      if (at !== el) this.list.insertBefore(el, at);
      prev = el;
    }
    const more = this.model.hasMore();
    this.more.hidden = !more;
    this.status.textContent =
      items.length === 0 && !more
        ? 'Nothing here yet. Memories appear as Claude Code works in a project with claude-mem installed.'
        : more
          ? ''
          : 'That is everything.';
  }
}

function sourcesFor(type: string): Source[] {
  if (type === 'summary') return ['sum'];
  if (type === 'prompt') return ['prompt'];
  if (type) return ['obs'];
  return ['obs', 'sum', 'prompt'];
}
