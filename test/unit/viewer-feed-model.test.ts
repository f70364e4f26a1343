import { describe, expect, it } from 'vitest';
import { FeedModel } from '../../src/viewer/feed-model';
import type { FeedItem } from '../../src/viewer/types';

const obs = (id: number, at: string): FeedItem => ({
  key: `obs:${id}`,
  kind: 'obs',
  createdAt: at,
  data: { id } as never,
});
const sum = (id: number, at: string): FeedItem => ({
  key: `sum:${id}`,
  kind: 'sum',
  createdAt: at,
  data: { id } as never,
});
const t = (n: number) => `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`;

describe('viewer feed model', () => {
  it('keeps a live item once, even when a reconnect replays it and a page contains it', () => {
    const m = new FeedModel(['obs']);
    m.addPage('obs', [obs(2, t(2)), obs(1, t(1))], 10);
    expect(m.addLive(obs(3, t(3)))).toBe(true);
    expect(m.addLive(obs(3, t(3)))).toBe(false);
    m.addPage('obs', [obs(3, t(3))], 10);
    expect(m.visible().map((i) => i.key)).toEqual(['obs:3', 'obs:2', 'obs:1']);
  });

  it('never shows an item older than what a source with more pages has loaded', () => {
    const m = new FeedModel(['obs', 'sum']);
    m.addPage('obs', [obs(9, t(50)), obs(8, t(40))], 2); // full page: may hold more
    m.addPage('sum', [sum(5, t(45)), sum(4, t(10))], 2); // goes deeper, also full
    // sum:4 at t(10) must wait: obs may still have items between t(40) and t(10).
    expect(m.visible().map((i) => i.key)).toEqual(['obs:9', 'sum:5', 'obs:8']);
    expect(m.nextSources()).toEqual(['obs']);
    expect(m.sources.obs?.cursor).toBe(8);
    m.addPage('obs', [obs(7, t(20))], 2); // short page: obs is done
    expect(m.visible().map((i) => i.key)).toEqual(['obs:9', 'sum:5', 'obs:8', 'obs:7', 'sum:4']);
    expect(m.nextSources()).toEqual(['sum']);
  });

  it('a forgotten item does not come back from a replayed event or a later page', () => {
    const m = new FeedModel(['obs']);
    m.addPage('obs', [obs(1, t(1))], 10);
    m.remove('obs:1');
    expect(m.addLive(obs(1, t(1)))).toBe(false);
    m.addPage('obs', [obs(1, t(1))], 10);
    expect(m.visible()).toEqual([]);
  });

  it('is done when every source returned a short page', () => {
    const m = new FeedModel(['obs', 'sum']);
    m.addPage('obs', [], 10);
    expect(m.hasMore()).toBe(true);
    m.addPage('sum', [sum(1, t(1))], 10);
    expect(m.hasMore()).toBe(false);
    expect(m.visible().map((i) => i.key)).toEqual(['sum:1']);
  });
});
