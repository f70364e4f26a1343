// The store's schema on a real SQLite file: migrations from empty, re-runs that change nothing,
// pragmas, file mode, and FTS5 indexes that follow every insert, update and delete.
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObservationDraft } from '../../src/contracts';
import { MemError } from '../../src/contracts';
import {
  deleteObservations,
  deleteProject,
  deleteSummaries,
  insertObservation,
  insertSummary,
  migrate,
  MIGRATIONS,
  openStore,
  recordPrompt,
  schemaVersion,
  upsertProject,
  upsertSession,
  type Db,
} from '../../src/store';

const NOW = '2025-01-02T03:04:05.000Z';
let dir: string;
let dbPath: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cm-store-'));
  dbPath = join(dir, 'memory.db');
  db = openStore(dbPath);
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function schemaDump(d: Db): string {
  return JSON.stringify(d.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all());
}

function draft(over: Partial<ObservationDraft> = {}): ObservationDraft {
  return {
    type: 'discovery',
    title: 'Tokenizer splits hyphenated words',
    subtitle: 'porter stemming',
    facts: ['fts uses unicode61'],
    narrative: 'We looked at the tokenizer.',
    concepts: ['how-it-works'],
    filesRead: ['src/search/query.ts'],
    filesModified: [],
    ...over,
  };
}

function seed(): { projectId: number; sessionId: number } {
  const projectId = upsertProject(db, '/work/alpha', 'alpha', NOW);
  const sessionId = upsertSession(db, { host: 'claude-code', hostSessionId: 's1', projectId, cwd: '/work/alpha', now: NOW }).id;
  return { projectId, sessionId };
}

function obs(projectId: number, sessionId: number, over: Partial<ObservationDraft> = {}): number {
  const id = insertObservation(db, {
    ...draft(over),
    projectId,
    sessionId,
    promptNumber: 1,
    createdAt: NOW,
    model: 'test',
    origin: 'model',
  });
  expect(id).toBeTypeOf('number');
  return id as number;
}

const matchIds = (table: string, query: string): number[] =>
  (db.prepare(`SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`).all(query) as Array<{ id: number }>).map(
    (r) => r.id,
  );

describe('migrations', () => {
  it('bring an empty file to the latest version with every table and index', () => {
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')").all() as Array<{ name: string }>).map(
      (r) => r.name,
    );
    for (const t of ['projects', 'sessions', 'prompts', 'queue', 'observations', 'summaries', 'usage', 'meta']) expect(names).toContain(t);
    for (const t of ['observations_fts', 'summaries_fts', 'prompts_fts']) expect(names).toContain(t);
    for (const t of ['observations_fts_insert', 'observations_fts_update', 'observations_fts_delete', 'prompts_fts_update', 'summaries_fts_delete'])
      expect(names).toContain(t);
  });

  it('re-running is a no-op: same user_version, same schema, data untouched', () => {
    const { projectId, sessionId } = seed();
    obs(projectId, sessionId);
    const before = schemaDump(db);
    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect(migrate(db)).toBe(MIGRATIONS.length);
    db.close();
    db = openStore(dbPath);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(schemaDump(db)).toBe(before);
    expect((db.prepare('SELECT COUNT(*) AS n FROM observations').get() as { n: number }).n).toBe(1);
  });

  it('a failing migration rolls back whole and leaves user_version where it was', () => {
    const broken = [...MIGRATIONS, 'CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);'];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
  });

  it('sets WAL, busy_timeout and foreign keys; the file is 0600 (and is tightened if loosened)', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(statSync(dbPath).mode & 0o777).toBe(0o600);
    db.close();
    chmodSync(dbPath, 0o644);
    db = openStore(dbPath);
    expect(statSync(dbPath).mode & 0o777).toBe(0o600);
  });

  it('enforces foreign keys', () => {
    expect(() => obs(9999, 9999)).toThrow(/FOREIGN KEY/);
  });

  it('opens :memory: (tests and tools) and refuses a missing file read-only with not_found', () => {
    const mem = openStore(':memory:');
    expect(schemaVersion(mem)).toBe(MIGRATIONS.length);
    mem.close();
    let err: unknown;
    try {
      openStore(join(dir, 'missing.db'), { readonly: true });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MemError);
    expect((err as MemError).kind).toBe('not_found');
    expect((err as MemError).message).toContain(join(dir, 'missing.db'));
  });

  it('a path under a regular file is storage_unwritable naming it', () => {
    const bad = join(dbPath, 'nested.db');
    let err: unknown;
    try {
      openStore(bad);
    } catch (e) {
      err = e;
    }
    expect((err as MemError).kind).toBe('storage_unwritable');
    expect((err as MemError).message).toContain(bad);
  });
});

describe('FTS5 indexes stay in sync', () => {
  it('observations: insert is found, update is found under new words only, delete is gone', () => {
    const { projectId, sessionId } = seed();
    const a = obs(projectId, sessionId, { title: 'Walrus migration ordering', narrative: 'walrus appears here' });
    const b = obs(projectId, sessionId, { title: 'Penguin cache eviction', filesModified: ['src/store/penguincache.ts'] });
    expect(matchIds('observations_fts', 'walrus')).toEqual([a]);
    expect(matchIds('observations_fts', 'penguin')).toEqual([b]);
    expect(matchIds('observations_fts', 'penguincache')).toEqual([b]);

    db.prepare("UPDATE observations SET title = 'Narwhal retry budget', narrative = 'narwhal only' WHERE id = ?").run(a);
    expect(matchIds('observations_fts', 'walrus')).toEqual([]);
    expect(matchIds('observations_fts', 'narwhal')).toEqual([a]);

    expect(deleteObservations(db, [b])).toBe(1);
    expect(matchIds('observations_fts', 'penguin')).toEqual([]);
    const counts = db.prepare('SELECT (SELECT COUNT(*) FROM observations) AS rows_, (SELECT COUNT(*) FROM observations_fts) AS fts').get() as {
      rows_: number;
      fts: number;
    };
    expect(counts.fts).toBe(counts.rows_);
  });

  it('summaries: insert, update and delete', () => {
    const { projectId, sessionId } = seed();
    const base = { projectId, sessionId, promptNumber: 1, createdAt: NOW, model: null, origin: 'raw' as const };
    const s = insertSummary(db, {
      ...base,
      request: 'fix the flamingo parser',
      investigated: '',
      learned: 'flamingo tokens are odd',
      completed: '',
      nextSteps: '',
      notes: '',
    }) as number;
    expect(matchIds('summaries_fts', 'flamingo')).toEqual([s]);
    db.prepare("UPDATE summaries SET request = 'tune the heron cache', learned = '' WHERE id = ?").run(s);
    expect(matchIds('summaries_fts', 'flamingo')).toEqual([]);
    expect(matchIds('summaries_fts', 'heron')).toEqual([s]);
    expect(deleteSummaries(db, [s])).toBe(1);
    expect(matchIds('summaries_fts', 'heron')).toEqual([]);
  });

  it('prompts: insert, update and delete', () => {
    const { projectId, sessionId } = seed();
    recordPrompt(db, { sessionId, projectId, text: 'please refactor the ocelot module', now: NOW });
    const id = (db.prepare('SELECT id FROM prompts').get() as { id: number }).id;
    expect(matchIds('prompts_fts', 'ocelot')).toEqual([id]);
    db.prepare("UPDATE prompts SET text = 'now the lynx module' WHERE id = ?").run(id);
    expect(matchIds('prompts_fts', 'ocelot')).toEqual([]);
    expect(matchIds('prompts_fts', 'lynx')).toEqual([id]);
    db.prepare('DELETE FROM prompts WHERE id = ?').run(id);
    expect(matchIds('prompts_fts', 'lynx')).toEqual([]);
  });

  it('deleting a project cascades through rows and all three indexes', () => {
    const { projectId, sessionId } = seed();
    obs(projectId, sessionId, { title: 'Capybara index' });
    recordPrompt(db, { sessionId, projectId, text: 'capybara prompt', now: NOW });
    insertSummary(db, {
      projectId,
      sessionId,
      promptNumber: 1,
      createdAt: NOW,
      model: null,
      origin: 'raw',
      request: 'capybara summary',
      investigated: '',
      learned: '',
      completed: '',
      nextSteps: '',
      notes: '',
    });
    const other = upsertProject(db, '/elsewhere/alpha', 'alpha', NOW);
    const otherSession = upsertSession(db, { host: 'claude-code', hostSessionId: 's2', projectId: other, cwd: '/elsewhere/alpha', now: NOW }).id;
    const kept = obs(other, otherSession, { title: 'Capybara elsewhere' });

    deleteProject(db, projectId);
    expect(matchIds('observations_fts', 'capybara')).toEqual([kept]);
    expect(matchIds('prompts_fts', 'capybara')).toEqual([]);
    expect(matchIds('summaries_fts', 'capybara')).toEqual([]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE project_id = ?').get(projectId) as { n: number }).n).toBe(0);
  });
});

describe('observation ids', () => {
  it('are never reused, even after the newest observation is deleted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cm-ids-'));
    const db = openStore(join(dir, 'memory.db'));
    try {
      const projectId = upsertProject(db, '/p', 'p', '2026-01-01T00:00:00.000Z');
      const add = (title: string) =>
        insertObservation(db, {
          type: 'change', title, subtitle: '', facts: [], narrative: '', concepts: [], filesRead: [], filesModified: [],
          projectId, sessionId: null, promptNumber: null, createdAt: '2026-01-01T00:00:00.000Z', model: null, origin: 'manual',
        }) as number;
      const first = add('one');
      const second = add('two');
      deleteObservations(db, [second]);
      const third = add('three');
      expect(third).toBeGreaterThan(second);
      deleteObservations(db, [first, third]);
      expect(add('four')).toBeGreaterThan(third);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
