// Every JSON route of the worker answers in the shape contracts/worker-api.ts declares: each real
// answer (full app, real SQLite file, real config files) is parsed with its route's schema. The
// CLI parses with the same schemas and the viewer compiles against their types, so a route that
// drifts fails here instead of in a user's terminal or browser.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import {
  apiErrorSchema,
  confirmationRequiredSchema,
  FAILURE_FIXES,
  TOKEN_HEADER,
  WORKER_ROUTES,
  workerStatusSchema,
  type WorkerRoute,
} from '../../src/contracts';
import { createMemoryLogger } from '../../src/log';
import { openStore, type Db } from '../../src/store';
import {
  collectStatus,
  createApp,
  createConfirmationStore,
  createEventFeed,
  createSessionStore,
  type ConfirmationStore,
  type DrainState,
} from '../../src/worker';
import { seedViewerData, type Seeded } from '../helpers/viewer-seed';

const PORT = 45999;
const TOKEN = 'c'.repeat(64);
const NOW = new Date('2026-03-15T12:00:00.000Z');

let dir: string;
let db: Db;
let app: Hono;
let seeded: Seeded;
let confirmations: ConfirmationStore;
let drain: DrainState;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cm-api-contract-'));
  const env = { CLAUDE_MEM_DATA_DIR: dir, CLAUDE_MEM_PROVIDER: 'offline' };
  seeded = seedViewerData(join(dir, 'memory.db'), NOW);
  db = openStore(join(dir, 'memory.db'));
  const load = () => loadConfig({ env, home: dir });
  const logger = createMemoryLogger();
  confirmations = createConfirmationStore(() => NOW);
  drain = { paused: null, lastError: null, holdUntil: null, busy: false };
  app = createApp({
    db,
    token: TOKEN,
    sessions: createSessionStore(() => NOW),
    confirmations,
    feed: createEventFeed(db, logger),
    port: () => PORT,
    version: 'test',
    status: () => {
      const cfg = load();
      return collectStatus(db, {
        paths: cfg.paths,
        provider: cfg.provider,
        settings: cfg.settings,
        warnings: cfg.warnings,
        now: NOW,
        live: {
          runtime: { pid: 4242, port: PORT, version: 'test', startedAt: NOW.toISOString() },
          drain,
          embeddings: null,
        },
      });
    },
    nudge: () => undefined,
    search: () => ({ embedder: undefined, recency: false }),
    now: () => NOW,
    logger,
    loadConfig: load,
  });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function call(method: string, path: string, body?: unknown) {
  return app.request(`http://127.0.0.1:${PORT}${path}`, {
    method,
    headers: {
      host: `127.0.0.1:${PORT}`,
      [TOKEN_HEADER]: TOKEN,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A concrete request for each route of the table (ids from the seeded data). */
function requestFor(route: WorkerRoute): { path: string; body?: unknown; before?: () => void } {
  const obs = seeded.observationIds[0] as number;
  switch (route) {
    case 'GET /api/observations/:id':
    case 'DELETE /api/observations/:id':
      return { path: `/api/observations/${obs}` };
    case 'DELETE /api/projects/:id':
      return { path: `/api/projects/${seeded.projects.web}` };
    case 'PUT /api/settings/:key':
      return { path: '/api/settings/CLAUDE_MEM_CONTEXT_OBSERVATIONS', body: { value: '40' } };
    case 'PUT /api/credentials/:key':
      return {
        path: '/api/credentials/OPENROUTER_API_KEY',
        body: { value: 'sk-or-v1-contract-0123456789' },
      };
    case 'DELETE /api/credentials/:key':
      return { path: '/api/credentials/OPENROUTER_API_KEY' };
    case 'POST /api/confirmations':
      return {
        path: '/api/confirmations',
        before: () =>
          confirmations.ask({
            target: 'setting',
            key: 'CLAUDE_MEM_PROVIDER',
            value: 'claude',
            display: 'claude',
            reason: 'it sends your events to a new host',
          }),
      };
    case 'GET /api/search':
      return { path: '/api/search?q=token' };
    case 'GET /api/stats/daily':
      return { path: '/api/stats/daily?days=7' };
    default:
      return { path: route.split(' ')[1] as string };
  }
}

describe('worker API contract', () => {
  it.each(Object.keys(WORKER_ROUTES) as WorkerRoute[])(
    '%s answers in its declared shape',
    async (route) => {
      const method = route.split(' ')[0] as string;
      const r = requestFor(route);
      r.before?.();
      const res = await call(method, r.path, r.body);
      const json: unknown = await res.json();
      expect(res.status, JSON.stringify(json)).toBe(200);
      const parsed = WORKER_ROUTES[route].safeParse(json);
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    },
  );

  it('an error answers {error: {kind, message, hint?}}', async () => {
    const res = await call('GET', '/api/observations/999999');
    expect(res.status).toBe(404);
    expect(apiErrorSchema.parse(await res.json()).error.kind).toBe('not_found');
  });

  it('a risky change from a viewer session answers 428 in the confirmation shape', async () => {
    const { code } = (await (await call('POST', '/api/login-codes')).json()) as { code: string };
    const login = await app.request(`http://127.0.0.1:${PORT}/login?code=${code}`, {
      headers: { host: `127.0.0.1:${PORT}` },
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const res = await app.request(`http://127.0.0.1:${PORT}/api/settings/CLAUDE_MEM_PROVIDER`, {
      method: 'PUT',
      headers: {
        host: `127.0.0.1:${PORT}`,
        cookie,
        'content-type': 'application/json',
        origin: `http://127.0.0.1:${PORT}`,
      },
      body: JSON.stringify({ value: 'claude' }),
    });
    expect(res.status).toBe(428);
    expect(confirmationRequiredSchema.parse(await res.json()).error.kind).toBe(
      'confirmation_required',
    );
  });

  it("status carries each error's fix: the text the CLI prints and the viewer shows", async () => {
    const at = NOW.toISOString();
    drain = {
      paused: { kind: 'auth', message: 'HTTP 401: invalid x-api-key', at, provider: 'claude' },
      lastError: {
        kind: 'auth',
        status: 401,
        message: 'HTTP 401: invalid x-api-key',
        requestId: 'req_1',
        at,
        provider: 'claude',
        model: 'm',
      },
      holdUntil: null,
      busy: false,
    };
    const s = workerStatusSchema.parse(await (await call('GET', '/api/status')).json());
    expect(s.lastError?.fix).toBe(FAILURE_FIXES.model.auth);
    expect(s.paused?.fix).toBe(FAILURE_FIXES.model.auth);
  });
});
