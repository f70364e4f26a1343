import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOKEN_HEADER } from '../../src/contracts';
import { createMemoryLogger } from '../../src/log';
import { insertObservation, recordPrompt, upsertProject, upsertSession, type Db } from '../../src/store';
import { createApp, createEventFeed, createSessionStore, type EventFeed, type WorkerStatus } from '../../src/worker';
import { draft, tempStore } from '../helpers/worker-fixtures';

const PORT = 41234;
const TOKEN = 'ab'.repeat(32);

describe('worker HTTP app', () => {
  let store: ReturnType<typeof tempStore>;
  let db: Db;
  let feed: EventFeed;
  let nudges = 0;
  let app: ReturnType<typeof createApp>;
  let t = Date.parse('2026-03-01T10:00:00.000Z');
  const now = () => new Date(t);

  beforeEach(() => {
    store = tempStore();
    db = store.db;
    feed = createEventFeed(db, createMemoryLogger());
    nudges = 0;
    app = createApp({
      db,
      token: TOKEN,
      sessions: createSessionStore(now),
      feed,
      port: () => PORT,
      version: '9.9.9',
      status: () => ({ running: true, pid: 1 }) as unknown as WorkerStatus,
      nudge: () => void nudges++,
      search: () => ({ embedder: undefined, recency: false }),
      now,
      logger: createMemoryLogger(),
      loadConfig: () => {
        throw new Error('these routes do not read the configuration');
      },
    });
  });
  afterEach(() => {
    feed.stop();
    store.cleanup();
  });

  const req = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
    app.request(`http://127.0.0.1:${PORT}${path}`, {
      method: init.method ?? 'GET',
      headers: { host: `127.0.0.1:${PORT}`, ...init.headers },
    });
  const authed = (path: string, method = 'GET') => req(path, { method, headers: { [TOKEN_HEADER]: TOKEN } });

  const seed = () => {
    const iso = now().toISOString();
    const a = upsertProject(db, '/work/alpha', 'alpha', iso);
    const b = upsertProject(db, '/other/alpha', 'alpha', iso);
    const c = upsertProject(db, '/work/beta', 'beta', iso);
    const ids: number[] = [];
    for (const [projectId, title, type] of [
      [a, 'one', 'bugfix'],
      [b, 'two', 'feature'],
      [c, 'three', 'bugfix'],
      [a, 'four', 'decision'],
    ] as const) {
      ids.push(insertObservation(db, { ...draft(title), type, projectId, sessionId: null, promptNumber: null, createdAt: iso, model: null, origin: 'manual' }) as number);
    }
    const s = upsertSession(db, { host: 'claude-code', hostSessionId: 'x', projectId: c, cwd: '/work/beta', now: iso });
    recordPrompt(db, { sessionId: s.id, projectId: c, text: 'hello', now: iso });
    return { a, b, c, ids };
  };

  it('health needs no token and returns only ok and version', async () => {
    const res = await req('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: '9.9.9' });
  });

  it('every data route refuses a request without the token, with a JSON error', async () => {
    for (const [method, path] of [
      ['GET', '/api/status'],
      ['POST', '/api/nudge'],
      ['GET', '/api/observations'],
      ['GET', '/api/observations/1'],
      ['DELETE', '/api/observations/1'],
      ['GET', '/api/projects'],
      ['DELETE', '/api/projects/1'],
      ['GET', '/api/summaries'],
      ['GET', '/api/prompts'],
      ['GET', '/api/events'],
      ['POST', '/api/login-codes'],
      ['GET', '/api/not-a-route'],
    ] as const) {
      const res = await req(path, { method });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(((await res.json()) as { error: { kind: string } }).error.kind).toBe('unauthorized');
    }
  });

  it('refuses foreign Host and Origin headers with 403, even with the token', async () => {
    expect((await req('/api/health', { headers: { host: `evil.example:${PORT}` } })).status).toBe(403);
    expect((await req('/api/health', { headers: { host: `127.0.0.1:${PORT + 1}` } })).status).toBe(403);
    expect((await req('/api/status', { headers: { [TOKEN_HEADER]: TOKEN, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await req('/api/status', { headers: { [TOKEN_HEADER]: TOKEN, origin: `http://localhost:${PORT}` } })).status).toBe(403);
    expect((await req('/api/status', { headers: { [TOKEN_HEADER]: TOKEN, origin: `http://127.0.0.1:${PORT}` } })).status).toBe(200);
  });

  it('a login code works once and gives an HttpOnly SameSite=Strict session cookie', async () => {
    const { code, url } = (await (await authed('/api/login-codes', 'POST')).json()) as { code: string; url: string };
    expect(url).toBe(`http://127.0.0.1:${PORT}/login?code=${code}`);
    const login = await req(`/login?code=${code}`);
    expect(login.status).toBe(302);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^cm_session=\w+; Path=\/; HttpOnly; SameSite=Strict$/);
    const session = cookie.split(';')[0] as string;
    expect((await req('/api/status', { headers: { cookie: session } })).status).toBe(200);
    expect((await req(`/login?code=${code}`)).status).toBe(401);
  });

  it('a login code expires after a minute', async () => {
    const { code } = (await (await authed('/api/login-codes', 'POST')).json()) as { code: string };
    t += 61_000;
    expect((await req(`/login?code=${code}`)).status).toBe(401);
  });

  it('lists observations newest first with project (root or name), type and before filters', async () => {
    const { ids } = seed();
    const all = (await (await authed('/api/observations')).json()) as { observations: Array<{ id: number; title: string }> };
    expect(all.observations.map((o) => o.title)).toEqual(['four', 'three', 'two', 'one']);
    const byName = (await (await authed('/api/observations?project=alpha')).json()) as { observations: Array<{ title: string }> };
    expect(byName.observations.map((o) => o.title)).toEqual(['four', 'two', 'one']);
    const byRoot = (await (await authed(`/api/observations?project=${encodeURIComponent('/work/alpha')}`)).json()) as {
      observations: Array<{ title: string }>;
    };
    expect(byRoot.observations.map((o) => o.title)).toEqual(['four', 'one']);
    const unknown = (await (await authed('/api/observations?project=nope')).json()) as { observations: unknown[] };
    expect(unknown.observations).toEqual([]);
    const typed = (await (await authed('/api/observations?type=bugfix')).json()) as { observations: Array<{ title: string }> };
    expect(typed.observations.map((o) => o.title)).toEqual(['three', 'one']);
    const page = (await (await authed(`/api/observations?limit=2&before=${ids[2]}`)).json()) as {
      observations: Array<{ title: string }>;
      nextBefore: number | null;
    };
    expect(page.observations.map((o) => o.title)).toEqual(['two', 'one']);
    expect(page.nextBefore).toBe(ids[0]);
    expect((await authed('/api/observations?limit=zero')).status).toBe(400);
  });

  it('gets and deletes one observation; a missing one is a 404', async () => {
    const { ids } = seed();
    const one = await authed(`/api/observations/${ids[1]}`);
    expect(await one.json()).toMatchObject({ id: ids[1], title: 'two', project: 'alpha' });
    expect((await authed(`/api/observations/${ids[1]}`, 'DELETE')).status).toBe(200);
    expect((await authed(`/api/observations/${ids[1]}`)).status).toBe(404);
    expect((await authed(`/api/observations/${ids[1]}`, 'DELETE')).status).toBe(404);
    expect((await authed('/api/observations/abc')).status).toBe(400);
  });

  it('lists projects and deletes one with everything recorded for it', async () => {
    const { c } = seed();
    const list = (await (await authed('/api/projects')).json()) as { projects: Array<{ id: number; name: string; observations: number }> };
    expect(list.projects.map((p) => p.name).sort()).toEqual(['alpha', 'alpha', 'beta']);
    const del = await authed(`/api/projects/${c}`, 'DELETE');
    expect(await del.json()).toMatchObject({ deleted: c, observations: 1 });
    expect((await authed(`/api/projects/${c}`, 'DELETE')).status).toBe(404);
  });

  it('lists prompts with their project name, and summaries', async () => {
    seed();
    const prompts = (await (await authed('/api/prompts?project=beta')).json()) as { prompts: Array<{ text: string; project: string }> };
    expect(prompts.prompts).toEqual([expect.objectContaining({ text: 'hello', project: 'beta' })]);
    const summaries = (await (await authed('/api/summaries')).json()) as { summaries: unknown[] };
    expect(summaries.summaries).toEqual([]);
  });

  it('nudge wakes the drain', async () => {
    expect((await authed('/api/nudge', 'POST')).status).toBe(200);
    expect(nudges).toBe(1);
  });
});
