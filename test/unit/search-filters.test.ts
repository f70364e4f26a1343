// Every filter really applies, with or without a query, and is never silently dropped.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMemError } from '../../src/contracts';
import { parseDateBound, resolveSearchParams, searchMemory, timeline, type SearchParams } from '../../src/search';
import { upsertSession, type Db } from '../../src/store';
import { draft, openStore, searchSandbox, seed, seedSummary } from '../helpers/search-seed';

const box = searchSandbox();
const other = join(dirname(box.projectDir), 'proj-beta');
let db: Db;
let a: number[];
let b: number[];
let sessionId: number;
const NOW = new Date('2025-03-10T00:00:00.000Z');

const ids = async (p: Partial<SearchParams>) =>
  (await searchMemory(db, { query: 'cache', limit: 50, offset: 0, ...p })).hits.map((h) => h.id).sort((x, y) => x - y);

beforeAll(() => {
  db = openStore(box.dbPath);
  a = seed(db, box.projectDir, [
    draft({ type: 'bugfix', title: 'cache invalidation bug', concepts: ['gotcha'], filesModified: ['/repo/src/cache/lru.ts'] }),
    draft({ type: 'feature', title: 'cache warmup on start', concepts: ['pattern'], filesRead: ['/repo/docs/cache.md'] }),
  ], { start: '2025-03-01T10:00:00.000Z' });
  const projectId = (db.prepare('SELECT id FROM projects WHERE root = ?').get(box.projectDir) as { id: number }).id;
  sessionId = upsertSession(db, { host: 'claude-code', hostSessionId: 's1', projectId, cwd: box.projectDir, now: NOW.toISOString() }).id;
  a.push(...seed(db, box.projectDir, [draft({ type: 'decision', title: 'cache size limit', concepts: ['trade-off'] })], { start: '2025-03-05T10:00:00.000Z', sessionId, uidPrefix: 's' }));
  b = seed(db, other, [draft({ type: 'bugfix', title: 'cache bug in beta' })], { start: '2025-03-02T10:00:00.000Z' });
  seedSummary(db, box.projectDir, 'cache work', '2025-03-01T10:00:30.000Z');
});

afterAll(() => {
  db.close();
  rmSync(dirname(box.dataDir), { recursive: true, force: true });
});

describe('filters', () => {
  it('project', async () => {
    const pa = (db.prepare('SELECT id FROM projects WHERE root = ?').get(box.projectDir) as { id: number }).id;
    expect(await ids({ projectIds: [pa] })).toEqual(a);
    expect(await ids({})).toEqual([...a, ...b].sort((x, y) => x - y));
    expect(await ids({ projectIds: [] })).toEqual([]);
  });

  it('type and concepts', async () => {
    expect(await ids({ types: ['bugfix'] })).toEqual([a[0], b[0]]);
    expect(await ids({ types: ['bugfix', 'decision'] })).toEqual([a[0], a[2], b[0]]);
    expect(await ids({ concepts: ['pattern'] })).toEqual([a[1]]);
    expect(await ids({ concepts: ['gotcha', 'trade-off'] })).toEqual([a[0], a[2]]);
  });

  it('file: substring and glob over files read and modified', async () => {
    expect(await ids({ file: 'cache/lru' })).toEqual([a[0]]);
    expect(await ids({ file: 'docs/' })).toEqual([a[1]]);
    expect(await ids({ file: 'src/**/*.ts' })).toEqual([a[0]]);
    expect(await ids({ file: '*.md' })).toEqual([a[1]]);
    expect(await ids({ file: 'nothing-like-this' })).toEqual([]);
  });

  it('date range and session', async () => {
    expect(await ids({ since: '2025-03-02T00:00:00.000Z' })).toEqual([a[2], b[0]].sort((x, y) => (x as number) - (y as number)));
    expect(await ids({ until: '2025-03-02T00:00:00.000Z' })).toEqual([a[0], a[1]]);
    expect(await ids({ sessionId })).toEqual([a[2]]);
  });

  it('turn summaries match too, under the filters that apply to them', async () => {
    const turns = async (p: Partial<SearchParams>) =>
      (await searchMemory(db, { query: 'cache', limit: 50, offset: 0, ...p })).summaries.map((h) => h.title);
    const pa = (db.prepare('SELECT id FROM projects WHERE root = ?').get(box.projectDir) as { id: number }).id;
    const pb = (db.prepare('SELECT id FROM projects WHERE root = ?').get(other) as { id: number }).id;
    expect(await turns({})).toEqual(['cache work']);
    expect(await turns({ projectIds: [pa] })).toEqual(['cache work']);
    expect(await turns({ projectIds: [pb] })).toEqual([]);
    expect(await turns({ since: '2025-03-02T00:00:00.000Z' })).toEqual([]);
    expect(await turns({ until: '2025-03-02T00:00:00.000Z' })).toEqual(['cache work']);
    expect(await turns({ sessionId })).toEqual([]);
    // no type, concepts or files on a summary: those filters leave summaries out
    expect(await turns({ types: ['bugfix'] })).toEqual([]);
    expect(await turns({ concepts: ['gotcha'] })).toEqual([]);
    expect(await turns({ file: 'cache' })).toEqual([]);
    // only beside the first page, and never for an empty query
    expect(await turns({ offset: 1 })).toEqual([]);
    expect((await searchMemory(db, { query: '', limit: 5, offset: 0 })).summaries).toEqual([]);
    expect((await searchMemory(db, { query: 'unrelatedword', limit: 5, offset: 0 })).summaries).toEqual([]);
  });

  it('an empty query with filters lists the newest matching records', async () => {
    const r = await searchMemory(db, { query: '', types: ['bugfix'], limit: 10, offset: 0 });
    expect(r.mode).toBe('recent');
    expect(r.hits.map((h) => h.id)).toEqual([b[0], a[0]]);
    const punct = await searchMemory(db, { query: '?!', types: ['decision'], limit: 10, offset: 0 });
    expect(punct.hits.map((h) => h.id)).toEqual([a[2]]);
  });
});

describe('resolveSearchParams', () => {
  const ctx = { cwd: box.projectDir, now: NOW };
  it('defaults to the project of cwd; "*" and allProjects mean every project', () => {
    expect(resolveSearchParams(db, { query: 'x' }, ctx).projectIds).toHaveLength(1);
    expect(resolveSearchParams(db, { query: 'x', project: '*' }, ctx).projectIds).toBeUndefined();
    expect(resolveSearchParams(db, { allProjects: true }, ctx).projectIds).toBeUndefined();
    expect(resolveSearchParams(db, { project: 'proj-beta' }, ctx).projectIds).toHaveLength(1);
    expect(resolveSearchParams(db, {}, { ...ctx, cwd: '/nowhere/at/all' }).projectIds).toEqual([]);
  });

  it('rejects unknown types, projects and dates instead of ignoring them', () => {
    const kind = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isMemError(e) ? e.kind : 'other';
      }
      return 'none';
    };
    expect(kind(() => resolveSearchParams(db, { type: 'bugfixes' }, ctx))).toBe('validation');
    expect(kind(() => resolveSearchParams(db, { project: 'nope' }, ctx))).toBe('not_found');
    expect(kind(() => resolveSearchParams(db, { since: 'last tuesday' }, ctx))).toBe('validation');
    expect(resolveSearchParams(db, { type: 'bugfix,feature', concepts: 'gotcha' }, ctx)).toMatchObject({ types: ['bugfix', 'feature'], concepts: ['gotcha'] });
  });

  it('parses dates: days (until includes the day), timestamps, ages', () => {
    expect(parseDateBound('2025-03-01', NOW, 'since')).toBe('2025-03-01T00:00:00.000Z');
    expect(parseDateBound('2025-03-01', NOW, 'until')).toBe('2025-03-02T00:00:00.000Z');
    expect(parseDateBound('2025-03-01T12:30:00Z', NOW, 'since')).toBe('2025-03-01T12:30:00.000Z');
    expect(parseDateBound('7d', NOW, 'since')).toBe('2025-03-03T00:00:00.000Z');
    expect(parseDateBound('2w', NOW, 'since')).toBe('2025-02-24T00:00:00.000Z');
    expect(() => parseDateBound('2025-13-45', NOW, 'since')).toThrow(/not a date/);
  });
});

describe('timeline', () => {
  it('interleaves observations and summaries in time order around an id, in its project', () => {
    const items = timeline(db, { aroundId: a[1] as number, before: 5, after: 5 });
    expect(items.map((i) => `${i.kind[0]}${i.id}`)).toEqual([`o${a[0]}`, expect.stringMatching(/^s\d+$/), `o${a[1]}`, `o${a[2]}`]);
    expect(items.find((i) => i.anchor)?.id).toBe(a[1]);
  });

  it('honours before/after counts and a date anchor', () => {
    expect(timeline(db, { aroundId: a[1] as number, before: 1, after: 0 }).map((i) => i.kind)).toEqual(['summary', 'observation']);
    const byDate = timeline(db, { date: '2025-03-02T00:00:00.000Z', before: 1, after: 1 });
    expect(byDate.map((i) => i.id)).toEqual([a[1], b[0]]);
    expect(() => timeline(db, { aroundId: 999999 })).toThrow(/No observation/);
  });
});

describe('summary hits on a large store', () => {
  it('a word in many summaries is not ranked over: the newest holding every word come back; a rare word still ranks', async () => {
    const big = searchSandbox();
    const bdb = openStore(big.dbPath);
    try {
      const t0 = Date.parse('2025-01-01T00:00:00.000Z');
      seedSummary(bdb, big.projectDir, 'worker crash on startup', '2024-06-01T00:00:00.000Z');
      for (let i = 0; i < 230; i++) seedSummary(bdb, big.projectDir, `worker restart number ${i}`, new Date(t0 + i * 60_000).toISOString());
      seed(bdb, big.projectDir, [draft({ title: 'unrelated observation' })]);
      const common = await searchMemory(bdb, { query: 'worker', limit: 5, offset: 0 });
      expect(common.summaries.map((h) => h.title)).toEqual(['worker restart number 229', 'worker restart number 228', 'worker restart number 227']);
      const rare = await searchMemory(bdb, { query: 'worker crash', limit: 5, offset: 0 });
      expect(rare.summaries[0]?.title).toBe('worker crash on startup');
    } finally {
      bdb.close();
      rmSync(dirname(big.dataDir), { recursive: true, force: true });
    }
  });
});
