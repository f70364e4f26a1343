// The viewer's worker routes (static shell, settings, credentials, stats, search) through the real
// app: Host/Origin guard and auth included, a real SQLite file and config files in a temp dir.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { searchAnswerSchema } from '../../src/contracts';
import { openStore, type Db } from '../../src/store';
import type { SearchSetup } from '../../src/worker';
import { createUiCredentialsRoutes } from '../../src/worker/routes/ui-credentials';
import { uiSearchRoutes } from '../../src/worker/routes/ui-search';
import { createUiSettingsRoutes } from '../../src/worker/routes/ui-settings';
import { createUiStaticRoutes } from '../../src/worker/routes/ui-static';
import { uiStatsRoutes } from '../../src/worker/routes/ui-stats';
import { seedViewerData } from '../helpers/viewer-seed';
import { routesApp } from '../helpers/worker-app';

const PORT = 45678;
const TOKEN = 'a'.repeat(64);
const NOW = new Date('2026-03-15T12:00:00.000Z');

let dir: string;
let db: Db;
let app: Hono;
let env: NodeJS.ProcessEnv;
let searchSetup: SearchSetup;

function call(
  path: string,
  init: { method?: string; body?: unknown; token?: boolean; headers?: Record<string, string> } = {},
) {
  return app.request(`http://127.0.0.1:${PORT}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      host: `127.0.0.1:${PORT}`,
      ...(init.token === false ? {} : { 'x-claude-mem-token': TOKEN }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cm-ui-routes-'));
  env = { CLAUDE_MEM_DATA_DIR: dir, CLAUDE_MEM_PROVIDER: 'offline' };
  searchSetup = { embedder: undefined, recency: false };
  seedViewerData(join(dir, 'memory.db'), NOW);
  db = openStore(join(dir, 'memory.db'));
  const viewerDir = join(dir, 'viewer');
  mkdirSync(viewerDir);
  writeFileSync(join(viewerDir, 'index.html'), '<!doctype html><title>claude-mem</title>');
  writeFileSync(join(viewerDir, 'app.js'), 'export {};');
  writeFileSync(join(viewerDir, 'style.css'), 'body{}');
  const load = () => loadConfig({ env, home: dir });
  app = routesApp({ db, dir, load, now: NOW, port: PORT, token: TOKEN, dailyBudget: 500_000, search: () => searchSetup }, [
    createUiStaticRoutes(viewerDir),
    createUiSettingsRoutes(load),
    createUiCredentialsRoutes(load),
    uiStatsRoutes,
    uiSearchRoutes,
  ]);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('viewer static shell', () => {
  it('is served without a session, with a strict same-origin CSP', async () => {
    const res = await call('/', { token: false });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await call('/app.js', { token: false })).headers.get('content-type')).toContain(
      'javascript',
    );
  });

  it('says how to build it when dist/viewer is missing', async () => {
    rmSync(join(dir, 'viewer'), { recursive: true });
    const res = await call('/', { token: false });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});

describe('settings routes', () => {
  it('need auth, and refuse a foreign Origin', async () => {
    expect((await call('/api/settings', { token: false })).status).toBe(401);
    expect(
      (await call('/api/settings', { headers: { origin: 'http://evil.example' } })).status,
    ).toBe(403);
    const put = await call('/api/settings/CLAUDE_MEM_MODEL', {
      method: 'PUT',
      body: { value: 'x' },
      token: false,
    });
    expect(put.status).toBe(401);
  });

  it('list every setting with its value, source and doc', async () => {
    const body = (await (await call('/api/settings')).json()) as {
      settings: Array<{ key: string; value: unknown; source: string; choices?: string[] }>;
    };
    const provider = body.settings.find((s) => s.key === 'CLAUDE_MEM_PROVIDER');
    expect(provider).toMatchObject({
      value: 'offline',
      source: 'env',
      choices: ['claude', 'claude-code', 'openrouter', 'gemini', 'offline'],
    });
    expect(body.settings.find((s) => s.key === 'CLAUDE_MEM_MODEL')).toMatchObject({
      source: 'default',
    });
  });

  it('save a valid value to settings.json and refuse a bad one with the message verbatim', async () => {
    const ok = await call('/api/settings/CLAUDE_MEM_CONTEXT_OBSERVATIONS', {
      method: 'PUT',
      body: { value: '40' },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ value: 40, restartRequired: true });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({
      CLAUDE_MEM_CONTEXT_OBSERVATIONS: 40,
    });

    const bad = await call('/api/settings/CLAUDE_MEM_WORKER_PORT', {
      method: 'PUT',
      body: { value: 'abc' },
    });
    expect(bad.status).toBe(400);
    const err = (await bad.json()) as { error: { kind: string; message: string } };
    expect(err.error.kind).toBe('validation');
    expect(err.error.message).toContain('CLAUDE_MEM_WORKER_PORT');
    expect(err.error.message).toContain('expected a whole number from 0 to 65535');
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({
      CLAUDE_MEM_CONTEXT_OBSERVATIONS: 40,
    });

    expect(
      (await call('/api/settings/NOT_A_SETTING', { method: 'PUT', body: { value: '1' } })).status,
    ).toBe(400);
    const form = await call('/api/settings/CLAUDE_MEM_MODEL', {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
    });
    expect(form.status).toBe(400);
  });
});

describe('credential routes', () => {
  it('replace a key in .env (0600) and never send a secret back', async () => {
    const secret = 'sk-ant-unit-test-0123456789';
    const res = await call('/api/credentials/ANTHROPIC_API_KEY', {
      method: 'PUT',
      body: { value: secret },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({
      key: 'ANTHROPIC_API_KEY',
      set: true,
      display: expect.stringMatching(/^set \(sha256:[0-9a-f]{8}\)$/),
    });
    expect(readFileSync(join(dir, '.env'), 'utf8')).toContain(`ANTHROPIC_API_KEY=${secret}`);
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
    expect(await (await call('/api/settings')).text()).not.toContain(secret);

    const removed = await call('/api/credentials/ANTHROPIC_API_KEY', { method: 'DELETE' });
    expect(await removed.json()).toMatchObject({ set: false, display: 'not set' });
  });

  it('refuse keys claude-mem does not read, empty values and a non-http base URL', async () => {
    expect(
      (await call('/api/credentials/PATH', { method: 'PUT', body: { value: 'x' } })).status,
    ).toBe(400);
    expect(
      (await call('/api/credentials/GEMINI_API_KEY', { method: 'PUT', body: { value: '  ' } }))
        .status,
    ).toBe(400);
    expect(
      (
        await call('/api/credentials/ANTHROPIC_BASE_URL', {
          method: 'PUT',
          body: { value: 'ftp://x' },
        })
      ).status,
    ).toBe(400);
  });
});

describe('stats and search routes', () => {
  it('count observations per day and type, and tokens per day, with the budget', async () => {
    const body = (await (await call('/api/stats/daily?days=30')).json()) as {
      days: string[];
      observations: Array<{ n: number }>;
      usage: unknown[];
      budget: number;
    };
    expect(body.days).toHaveLength(30);
    expect(body.days.at(-1)).toBe('2026-03-15');
    expect(body.observations.reduce((n, r) => n + r.n, 0)).toBe(12);
    expect(body.usage).toHaveLength(14);
    expect(body.budget).toBe(500_000);
    expect((await call('/api/stats/daily?days=0')).status).toBe(400);
  });

  it('search every project by default and return full records in hit order', async () => {
    const res = await call('/api/search?q=token&type=bugfix');
    const body = (await res.json()) as {
      hits: Array<{ id: number }>;
      observations: Array<{ id: number; title: string }>;
    };
    expect(body.hits.length).toBeGreaterThan(0);
    expect(body.observations.map((o) => o.id)).toEqual(body.hits.map((h) => h.id));
    expect(body.observations.map((o) => o.title)).toContain('Token refresh raced with logout');
    expect((await call('/api/search?q=token&project=nope')).status).toBe(404);
  });

  it("search ranks with the running worker's embedder, not one built from the config on disk", async () => {
    const asked: string[][] = [];
    searchSetup = {
      embedder: { id: 'worker:embedder', embed: async (texts) => (asked.push(texts), texts.map(() => new Float32Array([1, 0]))) },
      recency: false,
    };
    // The file says no embeddings: a route that re-read it would search by keyword alone.
    const body = searchAnswerSchema.parse(await (await call('/api/search?q=token')).json());
    expect(body.mode).toBe('hybrid');
    expect(asked).toEqual([['token']]);
  });

  it('search never builds an embedder from a configuration changed on disk since the worker started', async () => {
    // A changed settings.json (an endpoint nothing listens on) takes effect only after a restart.
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ CLAUDE_MEM_EMBEDDINGS_PROVIDER: 'ollama', CLAUDE_MEM_EMBEDDINGS_BASE_URL: 'http://127.0.0.1:9/v1' }),
      { mode: 0o600 },
    );
    const body = searchAnswerSchema.parse(await (await call('/api/search?q=token')).json());
    expect(body.mode).toBe('keyword');
    expect(body.warnings).toEqual([]);
    expect(body.hits.length).toBeGreaterThan(0);
  });
});
