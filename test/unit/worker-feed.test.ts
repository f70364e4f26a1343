import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/log';
import { insertObservation, insertSummary, recordPrompt, upsertProject, upsertSession, type Db } from '../../src/store';
import { createEventFeed, type FeedEvent } from '../../src/worker';
import { draft, tempStore } from '../helpers/worker-fixtures';

describe('worker event feed (SSE source)', () => {
  let store: ReturnType<typeof tempStore>;
  let db: Db;
  let projectId: number;
  let sessionId: number;
  let clock = Date.parse('2026-03-01T10:00:00.000Z');
  const iso = () => new Date((clock += 1_000)).toISOString();

  beforeEach(() => {
    store = tempStore();
    db = store.db;
    projectId = upsertProject(db, '/work/p', 'p', iso());
    sessionId = upsertSession(db, { host: 'claude-code', hostSessionId: 's', projectId, cwd: '/work/p', now: iso() }).id;
  });
  afterEach(() => store.cleanup());

  const obs = (title: string) =>
    insertObservation(db, { ...draft(title), projectId, sessionId, promptNumber: 1, createdAt: iso(), model: null, origin: 'manual' }) as number;
  const sum = () =>
    insertSummary(db, { request: 'r', investigated: '', learned: '', completed: '', nextSteps: '', notes: '', projectId, sessionId, promptNumber: 1, createdAt: iso(), model: null, origin: 'raw' }) as number;
  const prompt = (text: string) => recordPrompt(db, { sessionId, projectId, text, now: iso() });

  it('broadcasts new observations, summaries and prompts with per-type ids, not rows that existed before', () => {
    obs('old');
    const feed = createEventFeed(db, createMemoryLogger());
    const got: FeedEvent[] = [];
    feed.subscribe(undefined, (e) => got.push(e), () => undefined);
    const o = obs('new');
    const s = sum();
    prompt('hi');
    feed.poll();
    expect(got.map((e) => [e.id, e.event])).toEqual([
      [`obs:${o}`, 'observation'],
      [`sum:${s}`, 'summary'],
      ['prompt:1', 'prompt'],
    ]);
    expect(got[2]?.data).toMatchObject({ text: 'hi', project: 'p' });
    feed.poll();
    expect(got).toHaveLength(3);
    feed.stop();
  });

  it('replays exactly what a client missed after its Last-Event-ID, from the ring', () => {
    const feed = createEventFeed(db, createMemoryLogger());
    feed.subscribe(undefined, () => undefined, () => undefined);
    const a = obs('a');
    feed.poll();
    const b = obs('b');
    prompt('p1');
    const c = obs('c');
    feed.poll();
    const sub = feed.subscribe(`obs:${a}`, () => undefined, () => undefined);
    expect(sub.missed.map((e) => e.id)).toEqual([`obs:${b}`, `obs:${c}`, 'prompt:1']);
    expect(feed.subscribe(`obs:${c}`, () => undefined, () => undefined).missed.map((e) => e.id)).toEqual(['prompt:1']);
    feed.stop();
  });

  it('after a restart (empty ring) resumes from the database: by id for the type, by time for the others', () => {
    const a = obs('a');
    const b = obs('b');
    prompt('later');
    const s = sum();
    const feed = createEventFeed(db, createMemoryLogger()); // a new worker: nothing broadcast yet
    const sub = feed.subscribe(`obs:${a}`, () => undefined, () => undefined);
    expect(sub.missed.map((e) => e.id)).toEqual([`obs:${b}`, 'prompt:1', `sum:${s}`]);
    expect(feed.subscribe('garbage', () => undefined, () => undefined).missed).toEqual([]);
    feed.stop();
  });

  it('stop ends every open stream', () => {
    const feed = createEventFeed(db, createMemoryLogger());
    let closed = 0;
    feed.subscribe(undefined, () => undefined, () => void closed++);
    feed.subscribe(undefined, () => undefined, () => void closed++);
    expect(feed.connections()).toBe(2);
    feed.stop();
    expect(closed).toBe(2);
    expect(feed.connections()).toBe(0);
  });
});
