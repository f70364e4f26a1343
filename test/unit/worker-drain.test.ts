import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompressResult } from '../../src/agent';
import { createMemoryLogger } from '../../src/log';
import { addUsage, getEvents, queueCounts, type Db } from '../../src/store';
import { createDrain, type Drain, type DrainSettings } from '../../src/worker';
import { addTurn, fakeAgent, okModel, seedSession, tempStore } from '../helpers/worker-fixtures';

const START = Date.parse('2026-03-01T10:00:00.000Z');

describe('worker drain', () => {
  let store: ReturnType<typeof tempStore>;
  let db: Db;
  let t: number;
  let settings: DrainSettings;
  const now = () => new Date(t);
  const iso = () => now().toISOString();
  const logger = createMemoryLogger();

  beforeEach(() => {
    store = tempStore();
    db = store.db;
    t = START;
    settings = {
      CLAUDE_MEM_MAX_ATTEMPTS: 4,
      CLAUDE_MEM_DAILY_TOKEN_BUDGET: 0,
      CLAUDE_MEM_BATCH_MAX_CHARS: 40_000,
      CLAUDE_MEM_MODEL_TIMEOUT_MS: 60_000,
    };
    logger.lines.length = 0;
  });
  afterEach(() => store.cleanup());

  const drainWith = (agent: ReturnType<typeof fakeAgent>): Drain =>
    createDrain({ db, agent: () => agent, now, logger, settings: () => settings, sleep: async () => undefined });

  const states = () => db.prepare('SELECT state, COUNT(*) AS n FROM queue GROUP BY state').all();
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const allEvents = () => getEvents(db, (db.prepare('SELECT id FROM queue').all() as Array<{ id: number }>).map((r) => r.id));

  it('batches a whole turn into one compress call and stores its observations and summary', async () => {
    const s = seedSession(db, iso());
    addTurn(db, s, { now: iso(), tools: 30, turnEnd: true, prompt: 'fix the login bug' });
    const agent = fakeAgent();
    expect(await drainWith(agent).runReady()).toBe(1);
    expect(agent.calls).toHaveLength(1);
    expect(agent.calls[0]?.events).toHaveLength(31);
    expect(agent.calls[0]?.summarize).toBe(true);
    expect(agent.calls[0]?.userPrompt).toBe('fix the login bug');
    expect(agent.calls[0]?.project).toBe('proj');
    expect(queueCounts(db)).toMatchObject({ compressed: 31, queued: 0, processing: 0 });
    expect(count('observations')).toBe(30);
    expect(count('summaries')).toBe(1);
    expect(db.prepare('SELECT origin, model FROM observations LIMIT 1').get()).toEqual({ origin: 'model', model: 'fake-model' });
  });

  it('waits for an open turn until it goes idle, and then does not summarize it', async () => {
    const s = seedSession(db, iso());
    addTurn(db, s, { now: iso(), tools: 3 });
    const agent = fakeAgent();
    const drain = drainWith(agent);
    expect(await drain.runReady()).toBe(0);
    expect(agent.calls).toHaveLength(0);
    t += 21_000;
    expect(await drain.runReady()).toBe(1);
    expect(agent.calls[0]?.summarize).toBe(false);
    expect(count('summaries')).toBe(0);
  });

  it('a later prompt closes the previous turn', async () => {
    const s = seedSession(db, iso());
    addTurn(db, s, { now: iso(), tools: 2 });
    addTurn(db, s, { now: iso(), tools: 0 });
    const agent = fakeAgent();
    await drainWith(agent).runReady();
    expect(agent.calls).toHaveLength(1);
    expect(agent.calls[0]?.summarize).toBe(true);
  });

  it('splits a turn larger than CLAUDE_MEM_BATCH_MAX_CHARS and summarizes only with the last batch', async () => {
    settings.CLAUDE_MEM_BATCH_MAX_CHARS = 2_000;
    const s = seedSession(db, iso());
    addTurn(db, s, { now: iso(), tools: 6, turnEnd: true, outputChars: 700 });
    const agent = fakeAgent();
    await drainWith(agent).runReady();
    expect(agent.calls.length).toBeGreaterThan(1);
    expect(agent.calls.map((c) => c.events.length).reduce((a, b) => a + b)).toBe(7);
    expect(agent.calls.map((c) => c.summarize)).toEqual([...agent.calls.slice(1).map(() => false), true]);
    expect(queueCounts(db).compressed).toBe(7);
  });

  it('an offline or unusable answer (origin raw) ends the events in raw', async () => {
    const s = seedSession(db, iso());
    addTurn(db, s, { now: iso(), tools: 2, turnEnd: true });
    const agent = fakeAgent([(input) => ({ ...(okModel(input) as Extract<CompressResult, { ok: true }>), origin: 'raw' })]);
    await drainWith(agent).runReady();
    expect(queueCounts(db)).toMatchObject({ raw: 3, compressed: 0 });
    expect(db.prepare('SELECT DISTINCT origin FROM observations').all()).toEqual([{ origin: 'raw' }]);
  });

  it('retries a transient error after a backoff, then succeeds', async () => {
    const s = seedSession(db, iso());
    addTurn(db, s, { now: iso(), tools: 2, turnEnd: true });
    const agent = fakeAgent([{ ok: false, kind: 'transient', message: 'HTTP 503', status: 503, requestId: 'req_1', body: '{"error":"overloaded"}' }]);
    const drain = drainWith(agent);
    await drain.runReady();
    expect(agent.calls).toHaveLength(1);
    expect(queueCounts(db)).toMatchObject({ queued: 3, processing: 0 });
    expect(allEvents()[0]).toMatchObject({ attempts: 1, lastErrorKind: 'transient' });
    expect(drain.state().lastError).toMatchObject({ kind: 'transient', status: 503, requestId: 'req_1' });
    expect(logger.lines.some((l) => l.level === 'error' && l.fields?.body === '{"error":"overloaded"}')).toBe(true);
    await drain.runReady(); // still inside the backoff
    expect(agent.calls).toHaveLength(1);
    t += 60_000;
    await drain.runReady();
    expect(agent.calls).toHaveLength(2);
    expect(queueCounts(db)).toMatchObject({ compressed: 3, queued: 0 });
  });

  it('honours retryAfterMs of a rate limit', async () => {
    const s = seedSession(db, iso());
    addTurn(db, s, { now: iso(), tools: 1, turnEnd: true });
    const agent = fakeAgent([{ ok: false, kind: 'rate_limit', message: 'HTTP 429', status: 429, retryAfterMs: 90_000 }]);
    const drain = drainWith(agent);
    await drain.runReady();
    t += 60_000; // past our own backoff, not past Retry-After
    await drain.runReady();
    expect(agent.calls).toHaveLength(1);
    t += 31_000;
    await drain.runReady();
    expect(agent.calls).toHaveLength(2);
    expect(queueCounts(db).compressed).toBe(2);
  });

  it('keeps events raw with the last error once CLAUDE_MEM_MAX_ATTEMPTS is exhausted', async () => {
    settings.CLAUDE_MEM_MAX_ATTEMPTS = 3;
    const s = seedSession(db, iso());
    addTurn(db, s, { now: iso(), tools: 2, turnEnd: true });
    const agent = fakeAgent([], { ok: false, kind: 'transient', message: 'connect ECONNREFUSED' });
    const drain = drainWith(agent);
    for (let i = 0; i < 6; i++) {
      await drain.runReady();
      t += 10 * 60_000;
    }
    expect(agent.calls).toHaveLength(3);
    expect(queueCounts(db)).toMatchObject({ raw: 3, queued: 0, processing: 0 });
    expect(allEvents().every((e) => e.lastErrorKind === 'transient' && /gave up after 3 attempts/.test(e.lastErrorMessage ?? ''))).toBe(true);
    expect(count('observations')).toBe(2);
    expect(count('summaries')).toBe(1);
  });

  it('pauses on an auth error with the events still queued (attempt refunded) until resumed', async () => {
    const s = seedSession(db, iso());
    addTurn(db, s, { now: iso(), tools: 2, turnEnd: true });
    const agent = fakeAgent([{ ok: false, kind: 'auth', message: 'invalid x-api-key', status: 401, requestId: 'req_auth' }]);
    const drain = drainWith(agent);
    await drain.runReady();
    expect(drain.state().paused).toMatchObject({ kind: 'auth', message: 'invalid x-api-key' });
    expect(queueCounts(db)).toMatchObject({ queued: 3, processing: 0, raw: 0, failed: 0 });
    expect(allEvents().every((e) => e.attempts === 0 && e.lastErrorKind === 'auth')).toBe(true);
    t += 3_600_000;
    await drain.runReady();
    expect(agent.calls).toHaveLength(1);
    drain.resume('configuration changed');
    expect(drain.state().paused).toBeNull();
    await drain.runReady();
    expect(agent.calls).toHaveLength(2);
    expect(queueCounts(db).compressed).toBe(3);
  });

  it('once the daily token budget is spent, keeps events raw without calling the model', async () => {
    settings.CLAUDE_MEM_DAILY_TOKEN_BUDGET = 1_000;
    addUsage(db, { day: iso().slice(0, 10), provider: 'claude', model: 'fake-model', inputTokens: 900, outputTokens: 100 });
    const s = seedSession(db, iso());
    addTurn(db, s, { now: iso(), tools: 4, turnEnd: true });
    const agent = fakeAgent();
    await drainWith(agent).runReady();
    expect(agent.calls).toHaveLength(0);
    expect(queueCounts(db)).toMatchObject({ raw: 5, queued: 0 });
    expect(count('observations')).toBe(4);
    expect(count('summaries')).toBe(1);
  });

  it('splits a batch in halves on context_overflow, down to one event kept raw', async () => {
    const s = seedSession(db, iso());
    addTurn(db, s, { now: iso(), tools: 4, turnEnd: true });
    const overflow: CompressResult = { ok: false, kind: 'context_overflow', message: 'prompt is too long', status: 400 };
    // Batches over 2 events, and any batch holding the turn_end, overflow: the turn_end alone is kept raw.
    const agent = fakeAgent([], (input) =>
      input.events.length > 2 || input.events.some((e) => e.payload.kind === 'turn_end') ? overflow : okModel(input),
    );
    await drainWith(agent).runReady();
    expect(agent.calls.map((c) => c.events.length)).toEqual([5, 3, 2, 1, 2, 1, 1]);
    expect(queueCounts(db)).toMatchObject({ compressed: 4, raw: 1, queued: 0, processing: 0 });
    const end = allEvents().find((e) => e.payload.kind === 'turn_end');
    expect(end).toMatchObject({ state: 'raw', lastErrorKind: 'context_overflow' });
    expect(count('summaries')).toBe(1);
  });

  it('keeps events raw on bad_output', async () => {
    const s = seedSession(db, iso());
    addTurn(db, s, { now: iso(), tools: 2, turnEnd: true });
    const agent = fakeAgent([{ ok: false, kind: 'bad_output', message: 'no <observation> in the answer' }]);
    await drainWith(agent).runReady();
    expect(queueCounts(db)).toMatchObject({ raw: 3 });
    expect(allEvents().every((e) => e.lastErrorKind === 'bad_output')).toBe(true);
  });

  it('the same batch processed twice (a lease recovered under a slow call) stores its observations once', async () => {
    const s = seedSession(db, iso());
    addTurn(db, s, { now: iso(), tools: 3, turnEnd: true });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slow = fakeAgent([
      async (input) => {
        await gate;
        return okModel(input);
      },
    ]);
    const first = drainWith(slow).runReady();
    await new Promise((r) => setImmediate(r));
    expect(queueCounts(db).processing).toBe(4);
    // A second worker decides the first is dead, recovers the lease and processes the same events.
    const second = createDrain({ db, agent: () => fakeAgent(), now, logger, settings: () => settings, sleep: async () => undefined });
    db.prepare(`UPDATE queue SET state = 'queued', lease_until = NULL`).run();
    await second.runReady();
    // Claimed again by the first worker's late answer? It must not add anything.
    db.prepare(`UPDATE queue SET state = 'processing'`).run();
    release();
    await first;
    expect(count('observations')).toBe(3);
    expect(count('summaries')).toBe(1);
    const uids = db.prepare('SELECT uid FROM observations').all() as Array<{ uid: string }>;
    expect(new Set(uids.map((u) => u.uid)).size).toBe(3);
    // Each of the 3 observations links the batch's 4 events, once.
    expect(count('observation_sources')).toBe(12);
  });

  it('every event ends in exactly one terminal state across many turns and sessions', async () => {
    for (let k = 0; k < 5; k++) {
      const s = seedSession(db, iso(), `p${k}`, `sess-${k}`);
      for (let j = 0; j < 3; j++) addTurn(db, s, { now: iso(), tools: 5, turnEnd: j < 2 });
    }
    const agent = fakeAgent([{ ok: false, kind: 'bad_output', message: 'junk' }]);
    const drain = drainWith(agent);
    await drain.runReady();
    t += 21_000;
    await drain.runReady();
    expect(states()).toEqual(expect.arrayContaining([{ state: 'compressed', n: expect.any(Number) }]));
    const c = queueCounts(db);
    expect(c.queued + c.processing).toBe(0);
    expect(c.compressed + c.raw + c.failed).toBe(5 * (3 * 5 + 2));
  });

  // One backend failure, one line in the log (with what the drain did about it), whatever the policy decides.
  const ONE_FAILURE: Array<[string, CompressResult | (() => never), string]> = [
    ['transient', { ok: false, kind: 'transient', message: 'HTTP 503', status: 503 }, 'retry'],
    ['rate_limit', { ok: false, kind: 'rate_limit', message: 'HTTP 429', status: 429, retryAfterMs: 5_000 }, 'retry'],
    ['auth', { ok: false, kind: 'auth', message: 'HTTP 401', status: 401 }, 'pause until the configuration changes'],
    ['bad_output', { ok: false, kind: 'bad_output', message: 'no <observation>' }, 'keep raw'],
    ['a throwing agent', () => { throw new Error('boom'); }, 'retry'],
  ];
  it.each(ONE_FAILURE)('logs one backend failure (%s) once', async (_name, step, decision) => {
    const s = seedSession(db, iso());
    addTurn(db, s, { now: iso(), tools: 2, turnEnd: true });
    await drainWith(fakeAgent([step])).runReady();
    const problems = logger.lines.filter((l) => l.level === 'warn' || l.level === 'error');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ level: 'error', msg: 'Backend error', fields: { decision } });
  });

  it('logs a context overflow once per failed call, not once more per decision', async () => {
    const s = seedSession(db, iso());
    addTurn(db, s, { now: iso(), tools: 1, turnEnd: true });
    const overflow: CompressResult = { ok: false, kind: 'context_overflow', message: 'prompt is too long', status: 400 };
    const agent = fakeAgent([overflow]);
    await drainWith(agent).runReady();
    expect(agent.calls.map((c) => c.events.length)).toEqual([2, 1, 1]); // both events, then each alone
    expect(logger.lines.filter((l) => l.level === 'error').map((l) => l.fields?.decision)).toEqual(['split']);
  });
});

