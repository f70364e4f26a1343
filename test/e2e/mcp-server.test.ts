// The MCP server as a client sees it: the SDK's own Client spawns `node dist/bin/mcp.js` over
// stdio, with a temp data dir, and calls every tool.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sanitize } from '../../src/privacy';
import { getObservations } from '../../src/store';
import { draft, openStore, searchSandbox, seed, seedSummary } from '../helpers/search-seed';
import { connectMcp } from '../helpers/mcp-client';

const box = searchSandbox();
let client: Client;
let ids: number[] = [];

type ToolResult = { isError?: boolean; content: Array<{ type: string; text?: string }> };
const call = async (name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as ToolResult;
const text = (r: ToolResult) => r.content.map((c) => c.text ?? '').join('\n');

beforeAll(async () => {
  const db = openStore(box.dbPath);
  ids = seed(db, box.projectDir, [
    draft({ type: 'bugfix', title: 'Hook timeout raised to 60 seconds', narrative: 'The PostToolUse hook timed out on large outputs.' }),
    draft({ type: 'decision', title: 'Use SQLite WAL for the queue', narrative: 'Readers never block the worker.', concepts: ['trade-off'] }),
    draft({ title: 'Viewer renders markdown', narrative: 'marked is used in the viewer', filesModified: ['src/viewer/render.ts'] }),
  ]);
  seedSummary(db, box.projectDir, 'Fix the hook timeout', '2025-03-01T10:00:30.000Z');
  seed(db, join(dirname(box.projectDir), 'proj-beta'), [draft({ title: 'Hook timeout in another project' })]);
  db.close();
  client = await connectMcp(box);
});

afterAll(async () => {
  await client?.close();
  rmSync(dirname(box.dataDir), { recursive: true, force: true });
});

describe('MCP server over stdio', () => {
  it('lists the four tools with full input schemas and descriptions', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['get_observations', 'save_memory', 'search', 'timeline']);
    const search = tools.find((t) => t.name === 'search');
    const props = search?.inputSchema.properties as Record<string, { description?: string }>;
    for (const p of ['query', 'project', 'type', 'concepts', 'file', 'since', 'until', 'limit']) {
      expect(props[p], p).toBeDefined();
      expect(props[p]?.description, p).toBeTruthy();
    }
    const get = tools.find((t) => t.name === 'get_observations');
    expect(get?.inputSchema.required).toEqual(['ids']);
    const save = tools.find((t) => t.name === 'save_memory');
    expect(save?.inputSchema.required).toEqual(['text']);
  });

  it('search answers a natural question from the current project only, as a compact index', async () => {
    const r = await call('search', { query: 'why did the hook time out?' });
    expect(r.isError).toBeFalsy();
    const lines = text(r).split('\n');
    expect(lines[0]).toMatch(new RegExp(`^#${ids[0]} 2025-03-01 bugfix: Hook timeout raised`));
    expect(text(r)).not.toContain('another project');
    // the turn whose summary matches comes after the observations, in the timeline's S<id> notation
    expect(text(r)).toMatch(/Matching turn summaries[^\n]*\nS\d+ 2025-03-01 turn: Fix the hook timeout/);
  });

  it('search with project "*" reaches every project, and filters apply', async () => {
    expect(text(await call('search', { query: 'hook timeout', project: '*' }))).toContain('another project');
    const typed = text(await call('search', { query: 'hook timeout queue', type: 'decision' }));
    expect(typed).toContain('WAL');
    expect(typed).not.toContain('Hook timeout raised');
    // summaries have no type: a type filter leaves them out rather than ignoring the filter
    expect(typed).not.toContain('turn summaries');
    expect(text(await call('search', { file: 'viewer/*.ts' }))).toContain('Viewer renders markdown');
  });

  it('search: bad input is a tool error, not a crash', async () => {
    const badDate = await call('search', { query: 'x', since: 'the day before' });
    expect(badDate.isError).toBe(true);
    expect(text(badDate)).toMatch(/not a date/);
    const badType = await call('search', { query: 'x', type: 'nonsense' });
    expect(badType.isError).toBe(true);
    const badProject = await call('search', { query: 'x', project: 'no-such-project' });
    expect(badProject.isError).toBe(true);
    expect(text(badProject)).toMatch(/proj-alpha/);
    // the server is still alive
    expect((await call('search', { query: 'AND NEAR( " * c++' })).isError).toBeFalsy();
  });

  it('timeline shows observations and summaries in order around an id', async () => {
    const r = await call('timeline', { around_id: String(ids[1]), before: 5, after: 5 });
    expect(r.isError).toBeFalsy();
    const lines = text(r).split('\n');
    expect(lines.map((l) => l.replace(/^▶ /, '').split(' ')[0])).toEqual([`#${ids[0]}`, expect.stringMatching(/^S\d+$/), `#${ids[1]}`, `#${ids[2]}`]);
    expect(lines[2]).toMatch(/^▶ /);
    expect((await call('timeline', { around_id: 999999 })).isError).toBe(true);
  });

  it('get_observations returns full records for numbers and numeric strings', async () => {
    const r = await call('get_observations', { ids: [String(ids[0]), ids[1]] });
    expect(r.isError).toBeFalsy();
    const records = JSON.parse(text(r)) as Array<{ id: number; narrative?: string }>;
    expect(records.map((x) => x.id)).toEqual([ids[0], ids[1]]);
    expect(records[0]?.narrative).toContain('PostToolUse');
    expect((await call('get_observations', { ids: [999999] })).isError).toBe(true);
    expect((await call('get_observations', { ids: ['abc'] })).isError).toBe(true);
    expect((await call('get_observations', { ids: [] })).isError).toBe(true);
  });

  it('save_memory stores a manual note in the current project, findable by search', async () => {
    const r = await call('save_memory', { text: 'Deploys need the staging flag turned on first.', concepts: ['gotcha'] });
    expect(r.isError).toBeFalsy();
    const id = Number(/#(\d+)/.exec(text(r))?.[1]);
    const db = openStore(box.dbPath, { readonly: true });
    const [saved] = getObservations(db, [id]);
    db.close();
    expect(saved).toMatchObject({ origin: 'manual', project: 'proj-alpha', concepts: ['gotcha'] });
    expect(text(await call('search', { query: 'staging deploy flag' }))).toContain(`#${id}`);
    expect((await call('save_memory', { text: '' })).isError).toBe(true);
  });

  const privacyIsStub = sanitize('<private>x</private>') === '<private>x</private>';
  it.skipIf(privacyIsStub)('save_memory strips <private> content before storing', async () => {
    const r = await call('save_memory', { text: 'keep this <private>hunter2 password</private> note' });
    const id = Number(/#(\d+)/.exec(text(r))?.[1]);
    const db = openStore(box.dbPath, { readonly: true });
    const [saved] = getObservations(db, [id]);
    db.close();
    expect(saved?.narrative).toContain('keep this');
    expect(saved?.narrative).not.toContain('hunter2');
  });
});
