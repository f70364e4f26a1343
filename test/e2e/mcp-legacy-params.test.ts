// Calls written for the original claude-mem (13.x) keep working: through the MCP SDK's own Client
// against the real server process (`node dist/bin/mcp.js`), each old-style call returns exactly
// what its new-style twin returns, and the filter it carries really applies. Also: prompt search,
// over MCP and the CLI.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPrompt, upsertProject, upsertSession, type Db } from '../../src/store';
import { runCli } from '../helpers/search-cli';
import { draft, openStore, searchSandbox, seed, seedSummary } from '../helpers/search-seed';
import { connectMcp } from '../helpers/mcp-client';

const box = searchSandbox();
const beta = join(dirname(box.projectDir), 'proj-beta');
let client: Client;
/** Observation ids by letter: A 2025-01-10 … E 2025-03-01. */
const id: Record<'A' | 'B' | 'C' | 'D' | 'E', number> = { A: 0, B: 0, C: 0, D: 0, E: 0 };
let summaryId = 0;

type ToolResult = { isError?: boolean; content: Array<{ type: string; text?: string }> };
const call = async (name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as ToolResult;
const text = (r: ToolResult) => r.content.map((c) => c.text ?? '').join('\n');
/** The record ids a search or timeline answer lists, in order (#12, S3, P7). */
const listed = (r: ToolResult) => [...text(r).matchAll(/^(?:▶ )?([#SP]\d+) /gm)].map((m) => m[1] as string);
const obs = (...letters: Array<keyof typeof id>) => letters.map((l) => `#${id[l]}`);

function prompt(db: Db, root: string, hostSessionId: string, words: string, now: string): void {
  const projectId = upsertProject(db, root, root.split('/').pop() as string, '2025-01-01T00:00:00.000Z');
  const session = upsertSession(db, { host: 'claude-code', hostSessionId, projectId, cwd: root, now });
  recordPrompt(db, { sessionId: session.id, projectId, text: words, now });
}

beforeAll(async () => {
  const db = openStore(box.dbPath);
  const one = (start: string, d: ReturnType<typeof draft>) => seed(db, box.projectDir, [d], { start, uidPrefix: start })[0] as number;
  id.A = one('2025-01-10T10:00:00.000Z', draft({ type: 'bugfix', title: 'Cache eviction bug fixed', narrative: 'Old entries were never evicted.' }));
  id.B = one('2025-01-20T10:00:00.000Z', draft({ type: 'decision', title: 'Cache size decided: 512 MB', narrative: 'Measured on the CI box.' }));
  id.C = one('2025-02-05T10:00:00.000Z', draft({ type: 'feature', title: 'Cache warmup on start', narrative: 'Preloads the hot keys.' }));
  id.D = one('2025-02-15T10:00:00.000Z', draft({ type: 'bugfix', title: 'Cache key collision fixed', narrative: 'Keys now include the tenant.' }));
  id.E = one('2025-03-01T10:00:00.000Z', draft({ type: 'discovery', title: 'Logger writes to a file only', narrative: 'stdout is the protocol.' }));
  summaryId = seedSummary(db, box.projectDir, 'Speed up the cache', '2025-02-05T12:00:00.000Z');
  prompt(db, box.projectDir, 'sess-1', 'please make the cache faster, it is slow on start', '2025-02-05T09:00:00.000Z');
  prompt(db, box.projectDir, 'sess-1', 'why are the logs missing?', '2025-03-01T09:00:00.000Z');
  prompt(db, beta, 'sess-2', 'cache settings for beta', '2025-02-06T09:00:00.000Z');
  db.close();
  client = await connectMcp(box);
});

afterAll(async () => {
  await client?.close();
  rmSync(dirname(box.dataDir), { recursive: true, force: true });
});

/** Both calls succeed and list the same records in the same order; returns that list. */
async function same(tool: string, oldStyle: Record<string, unknown>, newStyle: Record<string, unknown>): Promise<string[]> {
  const [a, b] = [await call(tool, oldStyle), await call(tool, newStyle)];
  expect(a.isError, text(a)).toBeFalsy();
  expect(b.isError, text(b)).toBeFalsy();
  expect(text(a)).toBe(text(b));
  return listed(a);
}

describe('search: the original claude-mem parameters', () => {
  it('dateStart/dateEnd as YYYY-MM-DD = since/until (dateEnd includes its day)', async () => {
    const all = listed(await call('search', { query: 'cache', type: 'observations' }));
    expect(new Set(all)).toEqual(new Set(obs('A', 'B', 'C', 'D')));
    const got = await same(
      'search',
      { query: 'cache', type: 'observations', dateStart: '2025-01-15', dateEnd: '2025-02-05' },
      { query: 'cache', type: 'observations', since: '2025-01-15', until: '2025-02-05' },
    );
    expect(new Set(got)).toEqual(new Set(obs('B', 'C')));
  });

  it('dateStart/dateEnd as epoch milliseconds (number or digits) = ISO since/until; dateEnd is inclusive', async () => {
    const start = Date.parse('2025-01-15T00:00:00.000Z');
    const end = Date.parse('2025-02-15T10:00:00.000Z'); // exactly D's time
    const newStyle = { query: 'cache', type: 'observations', since: new Date(start).toISOString(), until: new Date(end + 1).toISOString() };
    const got = await same('search', { query: 'cache', type: 'observations', dateStart: start, dateEnd: end }, newStyle);
    expect(new Set(got)).toEqual(new Set(obs('B', 'C', 'D')));
    expect(await same('search', { query: 'cache', type: 'observations', dateStart: String(start), dateEnd: String(end) }, newStyle)).toEqual(got);
  });

  it('obs_type (comma list, with type "observations") = type', async () => {
    const got = await same('search', { query: 'cache', type: 'observations', obs_type: 'bugfix, decision' }, { query: 'cache', type: ['bugfix', 'decision'] });
    expect(new Set(got)).toEqual(new Set(obs('A', 'B', 'D')));
  });

  it('orderBy date_asc / date_desc / relevance = order oldest / newest / relevance', async () => {
    const base = { query: 'cache', type: 'observations' };
    expect(await same('search', { ...base, orderBy: 'date_asc' }, { ...base, order: 'oldest' })).toEqual(obs('A', 'B', 'C', 'D'));
    expect(await same('search', { ...base, orderBy: 'date_desc' }, { ...base, order: 'newest' })).toEqual(obs('D', 'C', 'B', 'A'));
    await same('search', { ...base, orderBy: 'relevance' }, base);
    // without a query: every record, by date
    expect(await same('search', { orderBy: 'date_asc' }, { order: 'oldest' })).toEqual(obs('A', 'B', 'C', 'D', 'E'));
  });

  it('an alias and our name that disagree is an error naming both; agreeing is fine', async () => {
    const r = await call('search', { query: 'cache', since: '2025-01-01', dateStart: '2025-02-01' });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/since and dateStart/);
    expect((await call('search', { query: 'cache', order: 'newest', orderBy: 'date_desc' })).isError).toBeFalsy();
    expect((await call('search', { query: 'cache', orderBy: 'sideways' })).isError).toBe(true);
    // parameters of the original that we lack (format) are ignored, as any unknown one is
    await same('search', { query: 'cache', format: 'index' }, { query: 'cache' });
  });
});

describe('timeline: the original claude-mem parameters', () => {
  it('anchor + depth_before/depth_after = around_id + before/after', async () => {
    const got = await same('timeline', { anchor: id.C, depth_before: 1, depth_after: 1 }, { around_id: id.C, before: 1, after: 1 });
    expect(got).toEqual([`#${id.B}`, `#${id.C}`, `S${summaryId}`]);
    expect(await same('timeline', { anchor: String(id.C), depth_before: 1, depth_after: 1 }, { around_id: id.C, before: 1, after: 1 })).toEqual(got);
  });

  it('query: the best search hit becomes the anchor', async () => {
    const best = listed(await call('search', { query: 'warmup on start' }))[0];
    expect(best).toBe(`#${id.C}`);
    const got = await same('timeline', { query: 'warmup on start', depth_before: 1, depth_after: 0 }, { around_id: id.C, before: 1, after: 0 });
    expect(got).toEqual(obs('B', 'C'));
    expect(text(await call('timeline', { query: 'warmup on start' }))).toMatch(new RegExp(`^▶ #${id.C} `, 'm'));
    const none = await call('timeline', { query: 'zeppelin' });
    expect(none.isError).toBeFalsy();
    expect(text(none)).toMatch(/No observation matches "zeppelin"/);
  });

  it('anchor "S<id>" centres on the turn summary, an ISO anchor on that moment', async () => {
    const got = await same('timeline', { anchor: `S${summaryId}`, depth_before: 1, depth_after: 1 }, { date: '2025-02-05T12:00:00.000Z', before: 1, after: 1 });
    expect(got).toEqual([`#${id.C}`, `S${summaryId}`]);
    await same('timeline', { anchor: '2025-02-05T12:00:00.000Z', depth_before: 1 }, { date: '2025-02-05T12:00:00.000Z', before: 1 });
  });

  it('two anchors is an error, not a guess', async () => {
    const r = await call('timeline', { anchor: id.A, query: 'cache' });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/one anchor/);
  });
});

describe('get_observations: orderBy', () => {
  const ids = () => [id.A, id.D, id.B];
  const order = (r: ToolResult) => (JSON.parse(text(r)) as Array<{ id: number }>).map((o) => o.id);

  it('date_desc / date_asc = order newest / oldest; without either, the order asked', async () => {
    const byDesc = await call('get_observations', { ids: ids(), orderBy: 'date_desc' });
    expect(order(byDesc)).toEqual([id.D, id.B, id.A]);
    expect(text(byDesc)).toBe(text(await call('get_observations', { ids: ids(), order: 'newest' })));
    const byAsc = await call('get_observations', { ids: ids(), orderBy: 'date_asc' });
    expect(order(byAsc)).toEqual([id.A, id.B, id.D]);
    expect(text(byAsc)).toBe(text(await call('get_observations', { ids: ids(), order: 'oldest' })));
    expect(order(await call('get_observations', { ids: ids(), orderBy: 'relevance' }))).toEqual(ids());
    expect(order(await call('get_observations', { ids: ids() }))).toEqual(ids());
  });
});

describe('searching user prompts', () => {
  it('type "prompts" finds what the user typed, in the current project unless asked', async () => {
    const r = await call('search', { query: 'cache slow', type: 'prompts' });
    expect(r.isError, text(r)).toBeFalsy();
    const lines = text(r).split('\n');
    expect(lines[0]).toMatch(/^P\d+ 2025-02-05 09:00 prompt \(session \d+, turn 1\): please make the cache faster/);
    expect(text(r)).not.toContain('beta');
    expect(text(r)).not.toContain('logs missing');
    expect(text(await call('search', { query: 'cache', type: 'prompts', project: '*' }))).toContain('cache settings for beta');
    // the original's filters apply to prompts too
    expect(text(await call('search', { query: 'cache', type: 'prompts', dateStart: '2025-02-06' }))).toMatch(/No matching prompts/);
    // without words: the newest first, or the oldest with orderBy
    expect(listed(await call('search', { type: 'prompts', orderBy: 'date_asc' }))).toHaveLength(2);
    expect(text(await call('search', { type: 'prompts' })).split('\n')[0]).toContain('logs missing');
    // prompts have no observation type: mixing is refused, not ignored
    expect((await call('search', { query: 'cache', type: ['prompts', 'bugfix'] })).isError).toBe(true);
  });

  it('type "sessions" (the original name) searches turn summaries alone', async () => {
    const got = await same('search', { query: 'speed cache', type: 'sessions' }, { query: 'speed cache', type: 'summaries' });
    expect(got).toEqual([`S${summaryId}`]);
  });

  it('claude-mem search --type prompts, from the shell', () => {
    const r = runCli(['search', 'cache', 'faster', '--type', 'prompts'], { cwd: box.projectDir, dataDir: box.dataDir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^P\d+ 2025-02-05 09:00 prompt \(session \d+, turn 1\): please make the cache faster/);
    const oldest = runCli(['search', '--type', 'prompts', '--order', 'oldest', '--all'], { cwd: box.projectDir, dataDir: box.dataDir });
    expect(oldest.stdout.split('\n').filter(Boolean).map((l) => l.split(' ')[2])).toEqual(['09:00', '09:00', '09:00']);
    expect(oldest.stdout.split('\n')[0]).toContain('please make the cache faster');
    expect(oldest.stdout.split('\n')[2]).toContain('logs missing');
  });
});
