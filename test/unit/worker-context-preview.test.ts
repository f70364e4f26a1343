// The settings page's live preview: GET /api/context/preview renders the session-start text with
// the saved settings plus unsaved CLAUDE_MEM_CONTEXT_* values from the query, and names a bad one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { openStore, type Db } from '../../src/store';
import { createUiContextPreviewRoutes } from '../../src/worker/routes/ui-context-preview';
import { seedViewerData } from '../helpers/viewer-seed';
import { routesApp } from '../helpers/worker-app';

const PORT = 45679;
const TOKEN = 'b'.repeat(64);
const NOW = new Date('2026-03-15T12:00:00.000Z');
let dir: string;
let db: Db;
let app: Hono;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cm-preview-'));
  seedViewerData(join(dir, 'memory.db'), NOW);
  db = openStore(join(dir, 'memory.db'));
  const load = () => loadConfig({ env: { CLAUDE_MEM_DATA_DIR: dir, CLAUDE_MEM_PROVIDER: 'offline' }, home: dir });
  app = routesApp({ db, dir, load, now: NOW, port: PORT, token: TOKEN, dailyBudget: 0 }, [
    createUiContextPreviewRoutes(load),
  ]);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (query: string) =>
  app.request(`http://127.0.0.1:${PORT}/api/context/preview${query}`, {
    headers: { host: `127.0.0.1:${PORT}`, 'x-claude-mem-token': TOKEN },
  });

describe('GET /api/context/preview', () => {
  it('renders the session-start text, and follows unsaved tuning values', async () => {
    const all = (await (await get('')).json()) as { text: string; tokens: number };
    expect(all.text).toContain('Token refresh raced with logout');
    expect(all.tokens).toBeGreaterThan(0);
    const noBugfix = (await (await get('?CLAUDE_MEM_CONTEXT_EXCLUDE_TYPES=bugfix')).json()) as { text: string };
    expect(noBugfix.text).not.toContain('[bugfix]');
    const off = (await (await get('?CLAUDE_MEM_CONTEXT_TOKENS=0')).json()) as { text: string };
    expect(off.text).toBe('');
  });

  it('answers 400 naming a bad value, and needs the token', async () => {
    const bad = await get('?CLAUDE_MEM_CONTEXT_FULL_COUNT=lots');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('CLAUDE_MEM_CONTEXT_FULL_COUNT');
    const anon = await app.request(`http://127.0.0.1:${PORT}/api/context/preview`, { headers: { host: `127.0.0.1:${PORT}` } });
    expect(anon.status).toBe(401);
  });
});
