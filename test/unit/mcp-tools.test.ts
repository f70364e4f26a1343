// MCP tools in process (linked in-memory transports): error mapping and save_memory rules.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/log';
import { createMcpServer, type McpDeps } from '../../src/mcp';
import { getObservations, type Db } from '../../src/store';
import { openStore, searchSandbox } from '../helpers/search-seed';

const box = searchSandbox();
let db: Db;
const logger = createMemoryLogger();

async function connect(over: Partial<McpDeps> = {}): Promise<Client> {
  const server = createMcpServer({
    db,
    cwd: box.projectDir,
    now: () => new Date('2025-04-01T00:00:00.000Z'),
    logger,
    recency: true,
    redactSecrets: true,
    excludedProjects: [],
    version: 'test',
    ...over,
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 't', version: '1' });
  await client.connect(b);
  return client;
}

type R = { isError?: boolean; content: Array<{ text?: string }> };

beforeAll(() => {
  db = openStore(box.dbPath);
});

afterAll(() => {
  db.close();
  rmSync(dirname(box.dataDir), { recursive: true, force: true });
});

describe('MCP tools', () => {
  it('search in a project with no memories says so instead of failing', async () => {
    const c = await connect();
    const r = (await c.callTool({ name: 'search', arguments: { query: 'anything' } })) as R;
    expect(r.isError).toBeFalsy();
    expect(r.content[0]?.text).toMatch(/No memories recorded for this project yet/);
  });

  it('save_memory redacts secrets, titles from the first line, and refuses excluded projects', async () => {
    const c = await connect();
    const r = (await c.callTool({
      name: 'save_memory',
      arguments: { text: 'Staging token rotation\nThe key is sk-ant-api03-' + 'x'.repeat(40) + ' for now.', type: 'decision' },
    })) as R;
    const id = Number(/#(\d+)/.exec(r.content[0]?.text ?? '')?.[1]);
    const [o] = getObservations(db, [id]);
    expect(o?.title).toBe('Staging token rotation');
    expect(o?.type).toBe('decision');
    expect(o?.narrative).not.toContain('x'.repeat(40));
    const excluded = await connect({ excludedProjects: ['*proj-alpha*'] });
    const refused = (await excluded.callTool({ name: 'save_memory', arguments: { text: 'note' } })) as R;
    expect(refused.isError).toBe(true);
    expect(refused.content[0]?.text).toMatch(/excluded/);
  });

  it('an unexpected failure becomes a tool error and is logged, the server keeps serving', async () => {
    const broken = openStore(':memory:');
    broken.close();
    const c = await connect({ db: broken });
    const r = (await c.callTool({ name: 'get_observations', arguments: { ids: [1] } })) as R;
    expect(r.isError).toBe(true);
    expect(r.content[0]?.text).toMatch(/^internal: /);
    expect(logger.lines.some((l) => l.level === 'error' && l.msg === 'tool call crashed')).toBe(true);
    const again = (await c.callTool({ name: 'timeline', arguments: {} })) as R;
    expect(again.isError).toBe(true);
  });
});
