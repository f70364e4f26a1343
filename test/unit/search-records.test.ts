// One kind of record at a time (`type: prompts | summaries | observations`) and date order,
// in process against a real SQLite file: filters apply to prompts, nothing is silently dropped.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMemError } from '../../src/contracts';
import { resolveSearchParams, searchMemory, type SearchInput } from '../../src/search';
import { recordPrompt, upsertProject, upsertSession, type Db } from '../../src/store';
import { draft, openStore, searchSandbox, seed, seedSummary } from '../helpers/search-seed';

const box = searchSandbox();
let db: Db;
const NOW = new Date('2025-04-01T00:00:00.000Z');
const run = async (input: SearchInput) => searchMemory(db, resolveSearchParams(db, input, { cwd: box.projectDir, now: NOW }));
const fails = (input: SearchInput) => {
  try {
    resolveSearchParams(db, input, { cwd: box.projectDir, now: NOW });
  } catch (err) {
    return isMemError(err) && err.kind === 'validation' ? err.message : `unexpected: ${String(err)}`;
  }
  return 'no error';
};

beforeAll(() => {
  db = openStore(box.dbPath);
  seed(db, box.projectDir, [draft({ title: 'deploy script rewritten' }), draft({ title: 'deploy needs staging flag' })]);
  for (const [i, day] of ['01', '02', '03', '04'].entries()) seedSummary(db, box.projectDir, `deploy step ${i}`, `2025-03-${day}T12:00:00.000Z`);
  const projectId = upsertProject(db, box.projectDir, 'proj-alpha', NOW.toISOString());
  const s = upsertSession(db, { host: 'claude-code', hostSessionId: 'x', projectId, cwd: box.projectDir, now: NOW.toISOString() });
  recordPrompt(db, { sessionId: s.id, projectId, text: 'deploy the thing to staging', now: '2025-03-01T09:00:00.000Z' });
  recordPrompt(db, { sessionId: s.id, projectId, text: 'now deploy to production', now: '2025-03-02T09:00:00.000Z' });
  recordPrompt(db, { sessionId: s.id, projectId, text: 'unrelated question about lunch', now: '2025-03-03T09:00:00.000Z' });
});

afterAll(() => {
  db.close();
  rmSync(dirname(box.dataDir), { recursive: true, force: true });
});

describe('one kind of record', () => {
  it('prompts: matching words only, dates and order apply, no observations or summaries', async () => {
    const r = await run({ query: 'deploy', type: 'prompts' });
    expect(r.hits).toEqual([]);
    expect(r.summaries).toEqual([]);
    expect(r.prompts.map((p) => p.snippet).sort()).toEqual(['deploy the thing to staging', 'now deploy to production']);
    expect((await run({ query: 'deploy', type: 'prompts', since: '2025-03-02' })).prompts.map((p) => p.snippet)).toEqual(['now deploy to production']);
    expect((await run({ query: 'deploy', type: 'prompts', order: 'oldest' })).prompts.map((p) => p.promptNumber)).toEqual([1, 2]);
    expect((await run({ query: 'deploy', type: 'prompts', order: 'newest' })).prompts.map((p) => p.promptNumber)).toEqual([2, 1]);
    expect((await run({ type: 'prompts', limit: 1, offset: 1 })).prompts.map((p) => p.promptNumber)).toEqual([2]);
  });

  it('summaries: paged like observations; observations: no summaries', async () => {
    const all = (await run({ query: 'deploy step', type: 'summaries', limit: 50 })).summaries;
    expect(all).toHaveLength(4);
    const page = (await run({ query: 'deploy step', type: 'sessions', limit: 2, offset: 2 })).summaries;
    expect(page.map((s) => s.id)).toEqual(all.slice(2).map((s) => s.id));
    expect((await run({ type: 'summaries', order: 'oldest', limit: 1 })).summaries[0]?.title).toBe('deploy step 0');
    const obs = await run({ query: 'deploy', type: 'observations' });
    expect(obs.hits).toHaveLength(2);
    expect(obs.summaries).toEqual([]);
    expect((await run({ query: 'deploy' })).summaries.length).toBeGreaterThan(0);
  });

  it('refuses what a kind cannot honour instead of ignoring it', () => {
    expect(fails({ type: ['prompts', 'bugfix'] })).toMatch(/mixes kinds/);
    expect(fails({ type: ['prompts', 'summaries'] })).toMatch(/mixes kinds/);
    expect(fails({ type: 'prompts', concepts: 'gotcha' })).toMatch(/no concepts or files/);
    expect(fails({ type: 'summaries', file: 'src/a.ts' })).toMatch(/no concepts or files/);
    expect(fails({ type: 'constructor' })).toMatch(/Unknown observation type "constructor"/);
    expect(fails({ type: ['observations', 'bugfix'] })).toBe('no error');
  });
});
