import type { FeedItem, Observation, Prompt, Summary } from './types';

/** Wrap API records as feed items, keyed the way the worker's SSE ids are. */
export const obsItem = (o: Observation): FeedItem => ({
  key: `obs:${o.id}`,
  kind: 'obs',
  createdAt: o.createdAt,
  data: o,
});
export const sumItem = (s: Summary): FeedItem => ({
  key: `sum:${s.id}`,
  kind: 'sum',
  createdAt: s.createdAt,
  data: s,
});
export const promptItem = (p: Prompt): FeedItem => ({
  key: `prompt:${p.id}`,
  kind: 'prompt',
  createdAt: p.createdAt,
  data: p,
});
