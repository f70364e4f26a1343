// Ranking: relevance beats insertion order, a title match beats a narrative match, natural
// questions find records (OR semantics, not one phrase), prefixes help when exact words miss.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchMemory } from '../../src/search';
import type { Db } from '../../src/store';
import { draft, openStore, searchSandbox, seed } from '../helpers/search-seed';

const box = searchSandbox();
let db: Db;
let ids: number[];
const top = async (query: string, extra: Record<string, unknown> = {}) =>
  (await searchMemory(db, { query, limit: 10, offset: 0 }, extra)).hits.map((h) => h.id);

beforeAll(() => {
  db = openStore(box.dbPath);
  ids = seed(db, box.projectDir, [
    draft({ title: 'Viewer layout tweaks', narrative: 'Mentions the database migration only in passing.' }), // 0
    draft({ title: 'Database migration adds vector table', narrative: 'Migration 3 creates observation_vectors.' }), // 1
    draft({ title: 'Worker restarts on crash', narrative: 'The supervisor restarts the worker.' }), // 2
    draft({ title: 'Authentication tokens rotate daily', narrative: 'Per-install token file, mode 0600.' }), // 3
    draft({ title: 'Dark mode', narrative: 'A toggle in the header; mode stored in localStorage.' }), // 4
    draft({ title: 'Header toggle', narrative: 'Unrelated header toggle for dark corners of the settings.' }), // 5
  ]);
});

afterAll(() => {
  db.close();
  rmSync(dirname(box.dataDir), { recursive: true, force: true });
});

describe('ranking', () => {
  it('the most relevant record wins over the first inserted one', async () => {
    expect((await top('database migration'))[0]).toBe(ids[1]);
  });

  it('a title match beats a narrative-only match', async () => {
    const r = await top('migration');
    expect(r.indexOf(ids[1] as number)).toBeLessThan(r.indexOf(ids[0] as number));
  });

  it('a natural question finds records although no record holds all its words', async () => {
    expect((await top('why does the worker keep restarting after it crashed?'))[0]).toBe(ids[2]);
  });

  it('stemming matches other forms of a word', async () => {
    expect(await top('rotating authentication token')).toContain(ids[3]);
  });

  it('a word prefix finds the full word when nothing matches exactly', async () => {
    expect(await top('auth')).toContain(ids[3]);
  });

  it('words written together rank the record that holds them together first', async () => {
    expect((await top('dark-mode toggle'))[0]).toBe(ids[4]);
  });

  it('offset pages through the same ranking', async () => {
    const all = (await searchMemory(db, { query: 'toggle header mode dark', limit: 10, offset: 0 })).hits.map((h) => h.id);
    const second = (await searchMemory(db, { query: 'toggle header mode dark', limit: 1, offset: 1 })).hits.map((h) => h.id);
    expect(second).toEqual([all[1]]);
  });

  it('the recency prior lifts a newer record among equals, and can be turned off', async () => {
    const twins = seed(db, box.projectDir, [draft({ title: 'Flaky test quarantine' }), draft({ title: 'Flaky test quarantine' })], {
      start: '2025-01-01T00:00:00.000Z',
      uidPrefix: 'twin-old',
    });
    const newer = seed(db, box.projectDir, [draft({ title: 'Flaky test quarantine' })], { start: '2025-06-01T00:00:00.000Z', uidPrefix: 'twin-new' });
    const now = new Date('2025-06-02T00:00:00.000Z');
    const on = await searchMemory(db, { query: 'flaky quarantine', limit: 3, offset: 0 }, { recency: true, now });
    expect(on.hits[0]?.id).toBe(newer[0]);
    expect(on.hits[0]?.score).toBeGreaterThan(on.hits[1]?.score as number);
    const off = await searchMemory(db, { query: 'flaky quarantine', limit: 3, offset: 0 }, { recency: false, now });
    expect(new Set(off.hits.map((h) => h.score)).size).toBe(1);
    void twins;
  });

  it('hits carry a one-line snippet and the project', async () => {
    const [hit] = (await searchMemory(db, { query: 'observation_vectors', limit: 1, offset: 0 })).hits;
    expect(hit?.snippet).toBe('Migration 3 creates observation_vectors.');
    expect(hit?.project).toBe('proj-alpha');
    expect(hit?.kind).toBe('observation');
  });
});
