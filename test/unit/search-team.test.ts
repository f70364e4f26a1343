// Team memory in recall: teammates' notes (pulled, author set) are searched with our own, marked
// with their author, and `author: mine | team` keeps one side — the same on the MCP search tool,
// the viewer's /api/search and session-start memory.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { buildSessionContext } from '../../src/context';
import { createMemoryLogger } from '../../src/log';
import { createMcpServer } from '../../src/mcp';
import { applyPull, shareProject, upsertProject, type Db } from '../../src/store';
import { createApp, createEventFeed, createSessionStore, type WorkerStatus } from '../../src/worker';
import { uiSearchRoutes } from '../../src/worker/routes/ui-search';
import { draft, openStore, searchSandbox, seed } from '../helpers/search-seed';

const box = searchSandbox();
let db: Db;
const NOW = new Date('2025-04-01T00:00:00.000Z');

beforeAll(() => {
  db = openStore(box.dbPath);
  seed(db, box.projectDir, [draft({ title: 'Pelican cache eviction is LRU', narrative: 'our own finding' })]);
  const projectId = upsertProject(db, box.projectDir, 'proj-alpha', NOW.toISOString());
  shareProject(db, { projectId, remote: 'github.com/acme/alpha', now: NOW.toISOString() });
  applyPull(
    db,
    projectId,
    [
      {
        cursor: '7', by: 'alice',
        item: { kind: 'observation', uid: 'm-alice/evt-3-0', type: 'decision', title: 'Pelican cache moves to Redis', subtitle: '', facts: ['decided in review'], narrative: '', concepts: [], filesRead: [], filesModified: [], createdAt: '2025-03-20T10:00:00.000Z' },
      },
    ],
    '7',
    NOW.toISOString(),
  );
});

afterAll(() => {
  db.close();
  rmSync(dirname(box.dataDir), { recursive: true, force: true });
});

async function mcpSearch(args: Record<string, unknown>): Promise<string> {
  const server = createMcpServer({
    db, cwd: box.projectDir, now: () => NOW, logger: createMemoryLogger(), recency: true, redactSecrets: true, excludedProjects: [], version: 'test',
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 't', version: '1' });
  await client.connect(b);
  const r = (await client.callTool({ name: 'search', arguments: args })) as { content: Array<{ text?: string }> };
  await client.close();
  return r.content[0]?.text ?? '';
}

describe('team memory in search', () => {
  it('MCP search marks a teammate\'s note with its author; author mine/team keeps one side', async () => {
    const all = await mcpSearch({ query: 'pelican cache' });
    expect(all).toMatch(/decision \(by alice\): Pelican cache moves to Redis/);
    expect(all).toMatch(/discovery: Pelican cache eviction is LRU/);
    const team = await mcpSearch({ query: 'pelican cache', author: 'team' });
    expect(team).toContain('Redis');
    expect(team).not.toContain('LRU');
    const mine = await mcpSearch({ query: 'pelican cache', author: 'mine' });
    expect(mine).toContain('LRU');
    expect(mine).not.toContain('Redis');
    // Listing without words honours it too.
    expect(await mcpSearch({ author: 'team' })).not.toContain('LRU');
  });

  it('the viewer API takes author= and returns the author on hits and records', async () => {
    const dir = join(dirname(box.dataDir), 'viewer-data');
    mkdirSync(join(dir, 'viewer'), { recursive: true });
    writeFileSync(join(dir, 'viewer', 'index.html'), '<!doctype html>');
    const logger = createMemoryLogger();
    const load = () => loadConfig({ env: { CLAUDE_MEM_DATA_DIR: dir, CLAUDE_MEM_PROVIDER: 'offline' }, home: dir });
    const token = 'a'.repeat(64);
    const app = createApp(
      {
        db, token, sessions: createSessionStore(() => NOW), feed: createEventFeed(db, logger), port: () => 45679, version: 'test',
        status: () => ({}) as WorkerStatus, nudge: () => undefined, search: () => ({ embedder: undefined, recency: false }), loadConfig: load, now: () => NOW, logger,
      },
      [uiSearchRoutes],
    );
    const call = async (q: string) => {
      const res = await app.request(`http://127.0.0.1:45679/api/search?${q}`, { headers: { host: '127.0.0.1:45679', 'x-claude-mem-token': token } });
      expect(res.status).toBe(200);
      return (await res.json()) as { hits: Array<{ title: string; author?: string }>; observations: Array<{ author?: string }> };
    };
    const team = await call('q=pelican&author=team');
    expect(team.hits.map((h) => [h.title, h.author])).toEqual([['Pelican cache moves to Redis', 'alice']]);
    expect(team.observations[0]?.author).toBe('alice');
    expect((await call('q=pelican&author=mine')).hits.map((h) => h.author)).toEqual([undefined]);
  });

  it('session-start memory lists the teammate\'s note with its author', () => {
    const text = buildSessionContext(db, { root: box.projectDir, name: 'proj-alpha' }, { maxTokens: 2_000, maxObservations: 50, now: () => NOW });
    expect(text).toMatch(/\[decision\] \(by alice\) Pelican cache moves to Redis/);
    expect(text).toMatch(/\[discovery\] Pelican cache eviction is LRU/);
  });
});
