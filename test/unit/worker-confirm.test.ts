// The viewer session alone cannot redirect credentials or memory, nor weaken privacy: such a
// change waits for a one-time code that only the terminal (install token) can get. Plus the
// limits at the HTTP edge: body size, value length, login and confirmation attempts.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CREDENTIAL_KEYS, loadConfig, SETTING_KEYS, SETTINGS, URL_EXPECTED } from '../../src/config';
import { createFileLogger } from '../../src/log';
import { openStore, type Db } from '../../src/store';
import { createApp, createEventFeed, createSessionStore, ROUTES, type WorkerStatus } from '../../src/worker';
import { CONFIRM_MAX_FAILURES, CONFIRM_TTL_MS } from '../../src/worker/confirmations';
import { LOGIN_MAX_FAILURES } from '../../src/worker/sessions';

const PORT = 45679;
const TOKEN = 'b'.repeat(64);
let dir: string;
let db: Db;
let app: Hono;
let clock: number;
let cookie: string;

type Auth = 'token' | 'cookie';
async function call(path: string, init: { method?: string; body?: unknown; auth?: Auth; confirm?: string; raw?: string } = {}) {
  const res = await app.request(`http://127.0.0.1:${PORT}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      host: `127.0.0.1:${PORT}`,
      ...(init.auth === 'token' ? { 'x-claude-mem-token': TOKEN } : init.auth === 'cookie' ? { cookie } : {}),
      ...(init.body !== undefined || init.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.confirm ? { 'x-claude-mem-confirm': init.confirm } : {}),
    },
    ...(init.raw !== undefined ? { body: init.raw } : init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> & { error?: { kind: string; message: string } } };
}
const put = (key: string, value: string, auth: Auth = 'cookie', confirm?: string) =>
  call(`/api/${CREDENTIAL_KEYS.includes(key as never) ? 'credentials' : 'settings'}/${key}`, { method: 'PUT', body: { value }, auth, ...(confirm ? { confirm } : {}) });
const newCode = async () => {
  const r = await call('/api/confirmations', { method: 'POST', auth: 'token' });
  expect(r.status).toBe(200);
  return r.body.code as string;
};
const env = () => readFileSync(join(dir, '.env'), 'utf8');
const settingsFile = () => (existsSync(join(dir, 'settings.json')) ? readFileSync(join(dir, 'settings.json'), 'utf8') : '');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cm-confirm-'));
  clock = Date.parse('2026-03-15T12:00:00Z');
  const now = () => new Date(clock);
  db = openStore(join(dir, 'memory.db'));
  writeFileSync(join(dir, '.env'), 'ANTHROPIC_API_KEY=sk-ant-stored-key-0123456789\nANTHROPIC_BASE_URL=https://gateway-a.example\nOPENROUTER_API_KEY=sk-or-stored-0123456789\n', { mode: 0o600 });
  const logger = createFileLogger({ logsDir: join(dir, 'logs'), component: 'worker' });
  app = createApp({
    db,
    token: TOKEN,
    sessions: createSessionStore(now),
    feed: createEventFeed(db, logger),
    port: () => PORT,
    version: 'test',
    status: () => ({}) as WorkerStatus,
    nudge: () => undefined,
    search: () => ({ embedder: undefined, recency: false }),
    loadConfig: () => loadConfig({ env: { CLAUDE_MEM_DATA_DIR: dir }, home: dir }),
    now,
    logger,
  }, ROUTES);
  const login = (await call('/api/login-codes', { method: 'POST', auth: 'token' })).body as { code: string };
  const res = await app.request(`http://127.0.0.1:${PORT}/login?code=${login.code}`, { headers: { host: `127.0.0.1:${PORT}` } });
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(cookie).toMatch(/^cm_session=/);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('risky changes from the viewer need the terminal', () => {
  it('a viewer cookie cannot move ANTHROPIC_BASE_URL: 428, .env untouched', async () => {
    const before = env();
    const r = await put('ANTHROPIC_BASE_URL', 'https://evil.example');
    expect(r.status).toBe(428);
    expect(r.body.error?.kind).toBe('confirmation_required');
    expect(r.body.error?.message).toContain('confirmation from a terminal');
    expect(env()).toBe(before);
    expect((await call('/api/credentials/ANTHROPIC_BASE_URL', { method: 'DELETE', auth: 'cookie' })).status).toBe(428);
    expect(env()).toBe(before);
  });

  it('every URL setting, every *_PROVIDER setting, redaction off and a removed exclusion wait for a code', async () => {
    const risky: Array<[string, string]> = [
      ...SETTING_KEYS.filter((k) => SETTINGS[k].expected === URL_EXPECTED).map((k): [string, string] => [k, 'https://evil.example/v1']),
      ...SETTING_KEYS.filter((k) => k.endsWith('_PROVIDER')).map((k): [string, string] => {
        const options: readonly string[] = (SETTINGS[k] as { choices?: readonly string[] }).choices ?? [];
        return [k, options.find((o) => o !== SETTINGS[k].default) ?? 'x'];
      }),
      ['CLAUDE_MEM_REDACT_SECRETS', 'false'],
    ];
    expect(risky.length).toBeGreaterThanOrEqual(6);
    for (const [key, value] of risky) {
      const r = await put(key, value);
      expect(r.status, key).toBe(428);
    }
    expect(settingsFile()).toBe('');
    // Adding an exclusion is fine; removing one is not.
    expect((await put('CLAUDE_MEM_EXCLUDED_PROJECTS', 'secret-*,client-*')).status).toBe(200);
    expect((await put('CLAUDE_MEM_EXCLUDED_PROJECTS', 'client-*')).status).toBe(428);
    expect(JSON.parse(settingsFile()).CLAUDE_MEM_EXCLUDED_PROJECTS).toBe('secret-*,client-*');
    // Harmless settings need no code.
    expect((await put('CLAUDE_MEM_CONTEXT_OBSERVATIONS', '20')).status).toBe(200);
  });

  it('the code comes only from the token, works once, for that change only', async () => {
    expect((await put('CLAUDE_MEM_EMBEDDINGS_BASE_URL', 'https://emb.example/v1')).status).toBe(428);
    expect((await call('/api/confirmations', { method: 'POST', auth: 'cookie' })).status).toBe(403);
    const code = await newCode();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const ok = await put('CLAUDE_MEM_EMBEDDINGS_BASE_URL', 'https://emb.example/v1', 'cookie', code.toLowerCase());
    expect(ok.status).toBe(200);
    expect(JSON.parse(settingsFile()).CLAUDE_MEM_EMBEDDINGS_BASE_URL).toBe('https://emb.example/v1');
    // Used up.
    expect((await put('CLAUDE_MEM_EMBEDDINGS_BASE_URL', 'https://other.example/v1', 'cookie', code)).status).toBe(403);
    // A code for one change does not confirm another.
    expect((await put('CLAUDE_MEM_EMBEDDINGS_BASE_URL', 'https://a.example/v1')).status).toBe(428);
    const codeA = await newCode();
    const swapped = await put('CLAUDE_MEM_EMBEDDINGS_BASE_URL', 'https://b.example/v1', 'cookie', codeA);
    expect(swapped.status).toBe(403);
    expect(JSON.parse(settingsFile()).CLAUDE_MEM_EMBEDDINGS_BASE_URL).toBe('https://emb.example/v1');
    // Nothing waiting: the terminal is told so.
    expect((await call('/api/confirmations', { method: 'POST', auth: 'token' })).status).toBe(404);
  });

  it('is attempt-limited and short-lived', async () => {
    expect((await put('CLAUDE_MEM_PROVIDER', 'openrouter')).status).toBe(428);
    const code = await newCode();
    for (let i = 0; i < CONFIRM_MAX_FAILURES; i++) {
      expect((await put('CLAUDE_MEM_PROVIDER', 'openrouter', 'cookie', 'AAAA-AAAA')).status).not.toBe(200);
    }
    expect((await put('CLAUDE_MEM_PROVIDER', 'openrouter', 'cookie', code)).status).toBe(429);
    // A fresh code works; one that waited too long does not.
    expect((await put('CLAUDE_MEM_PROVIDER', 'openrouter')).status).toBe(428);
    const late = await newCode();
    clock += CONFIRM_TTL_MS + 1;
    expect((await put('CLAUDE_MEM_PROVIDER', 'openrouter', 'cookie', late)).status).toBe(403);
    expect(settingsFile()).toBe('');
  });

  it('the install token (the terminal itself) needs no code', async () => {
    expect((await put('CLAUDE_MEM_REDACT_SECRETS', 'false', 'token')).status).toBe(200);
  });
});

describe('a stored key is never sent to a host it was not entered for', () => {
  it('a confirmed ANTHROPIC_BASE_URL change removes the Anthropic key, and says so', async () => {
    expect((await put('ANTHROPIC_BASE_URL', 'https://gateway-b.example')).status).toBe(428);
    const r = await put('ANTHROPIC_BASE_URL', 'https://gateway-b.example', 'cookie', await newCode());
    expect(r.status).toBe(200);
    expect(r.body.clearedCredentials).toEqual(['ANTHROPIC_API_KEY']);
    expect(env()).not.toContain('sk-ant-stored-key');
    expect(env()).toContain('OPENROUTER_API_KEY=sk-or-stored');
    // Entered again now, it belongs to the new host and stays.
    expect((await put('ANTHROPIC_API_KEY', 'sk-ant-new-key-0123456789')).status).toBe(200);
    expect(env()).toContain('ANTHROPIC_API_KEY=sk-ant-new-key');
  });

  it('moving OpenRouter to another host removes OPENROUTER_API_KEY, even through the token', async () => {
    const r = await put('CLAUDE_MEM_OPENROUTER_BASE_URL', 'http://127.0.0.1:9/v1', 'token');
    expect(r.status).toBe(200);
    expect(r.body.clearedCredentials).toEqual(['OPENROUTER_API_KEY']);
    expect(env()).not.toContain('sk-or-stored');
  });
});

describe('limits at the edge', () => {
  it('a body over the cap is refused with 413 before anything is written', async () => {
    const r = await call('/api/settings/CLAUDE_MEM_MODEL', { method: 'PUT', auth: 'token', raw: JSON.stringify({ value: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(r.status).toBe(413);
    expect(settingsFile()).toBe('');
  });

  it('a setting or credential value over 4096 characters is a 400 naming the limit', async () => {
    const s = await put('CLAUDE_MEM_MODEL', 'm'.repeat(5000), 'token');
    expect(s.status).toBe(400);
    expect(s.body.error?.message).toContain('at most 4096');
    const c = await put('GEMINI_API_KEY', 'k'.repeat(5000), 'token');
    expect(c.status).toBe(400);
    expect(env()).not.toContain('GEMINI_API_KEY');
  });

  it('login codes: after the limit of wrong guesses, even the right code is void', async () => {
    const { code } = (await call('/api/login-codes', { method: 'POST', auth: 'token' })).body as { code: string };
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) expect((await call(`/login?code=${'0'.repeat(32)}`)).status).toBe(401);
    const res = await app.request(`http://127.0.0.1:${PORT}/login?code=${code}`, { headers: { host: `127.0.0.1:${PORT}` } });
    expect(res.status).toBe(401);
  });
});
