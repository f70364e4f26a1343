import type { FeedItem } from './types';

/**
 * The feed merges several newest-first histories (observations, summaries, prompts), each paged
 * with a keyset cursor, plus live items from SSE. Pure logic, no DOM, so it is unit-tested.
 *
 * Dedupe is by key (`obs:12`): an item seen over SSE and again in a page (or again after an SSE
 * reconnect replays from Last-Event-ID) is kept once. An item is shown only when it is not older
 * than the oldest loaded item of any history that may still hold more, so a later page can never
 * need to slot in above something already shown.
 */
export interface SourceState {
  /** No more pages. */
  done: boolean;
  /** Smallest id loaded so far: the `before=` cursor for the next page. */
  cursor: number | undefined;
  /** createdAt of the oldest loaded item. */
  oldest: string | undefined;
}

export class FeedModel {
  private readonly items = new Map<string, FeedItem>();
  private readonly removed = new Set<string>();
  readonly sources: Record<string, SourceState> = {};

  constructor(sourceNames: string[]) {
    for (const name of sourceNames)
      this.sources[name] = { done: false, cursor: undefined, oldest: undefined };
  }

  /** Add one page of history from `source`; `pageSize` tells whether more may follow. */
  addPage(source: string, page: FeedItem[], pageSize: number): void {
    const s = this.sources[source];
    if (!s) throw new Error(`unknown feed source ${source}`);
    for (const item of page) {
      this.put(item);
      const id = idOf(item.key);
      if (s.cursor === undefined || id < s.cursor) s.cursor = id;
      if (s.oldest === undefined || item.createdAt < s.oldest) s.oldest = item.createdAt;
    }
    if (page.length < pageSize) s.done = true;
  }

  /** Add a live item. Returns false when it was already known (a duplicate after reconnect). */
  addLive(item: FeedItem): boolean {
    if (this.items.has(item.key) || this.removed.has(item.key)) return false;
    this.put(item);
    return true;
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  /** Forget an item for good: a replayed SSE event cannot bring it back. */
  remove(key: string): void {
    this.items.delete(key);
    this.removed.add(key);
  }

  /** Remove every item matching `pred` (a forgotten project). */
  removeWhere(pred: (item: FeedItem) => boolean): void {
    for (const item of [...this.items.values()]) if (pred(item)) this.remove(item.key);
  }

  /** Items to show, newest first. */
  visible(): FeedItem[] {
    const frontier = this.frontier();
    return [...this.items.values()]
      .filter((i) => frontier === undefined || i.createdAt >= frontier)
      .sort(compareItems);
  }

  /** Whether any history may hold more pages. */
  hasMore(): boolean {
    return Object.values(this.sources).some((s) => !s.done);
  }

  /** Sources worth asking for their next page: not done, and holding back the frontier. */
  nextSources(): string[] {
    const frontier = this.frontier();
    return Object.entries(this.sources)
      .filter(
        ([, s]) =>
          !s.done && (frontier === undefined || s.oldest === undefined || s.oldest >= frontier),
      )
      .map(([name]) => name);
  }

  private frontier(): string | undefined {
    let f: string | undefined;
    for (const s of Object.values(this.sources)) {
      if (s.done) continue;
      if (s.oldest === undefined) return undefined;
      if (f === undefined || s.oldest > f) f = s.oldest;
    }
    return f;
  }

  private put(item: FeedItem): void {
    if (!this.removed.has(item.key)) this.items.set(item.key, item);
  }
}

const KIND_ORDER = { sum: 0, obs: 1, prompt: 2 } as const;

/** Newest first; on equal times a turn's summary before its observations before its prompt. */
export function compareItems(a: FeedItem, b: FeedItem): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  return idOf(b.key) - idOf(a.key);
}

export function idOf(key: string): number {
  return Number(key.slice(key.indexOf(':') + 1));
}
