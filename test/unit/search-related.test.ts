// Related words (WordNet synonyms and broader terms, from dist/lexicon.db built by npm run build):
// what a record gets, that search finds a record by a category word it never uses, and that a
// store from before migration 5 is brought up to date in the background without losing anything.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/log';
import { searchMemory } from '../../src/search';
import {
  countMissingRelatedWords,
  fillRelatedWords,
  openDatabase,
  MIGRATIONS,
  migrate,
  relatedWords,
  schemaVersion,
  upsertProject,
} from '../../src/store';
import { startRelatedWordsFill } from '../../src/worker';
import { draft, openStore, searchSandbox, seed } from '../helpers/search-seed';

const boxes: string[] = [];
function sandbox() {
  const box = searchSandbox();
  boxes.push(dirname(box.dataDir));
  return box;
}
afterAll(() => {
  for (const b of boxes) rmSync(b, { recursive: true, force: true });
});

const words = (text: string) => new Set((relatedWords(text) ?? '').split(' '));

describe('related words', () => {
  it('names the broader kind of a noun, and its synonyms', () => {
    expect(words('Maria took a solo trip to Spain last year.')).toContain('country');
    expect(words('The car would not start.')).toContain('automobile');
    expect(words('Surfing is her favourite hobby')).toContain('sport');
  });

  it('finds plurals and two-word nouns by their dictionary form', () => {
    expect(words('He plays video games every night')).toContain('diversion');
    expect(words('Two cities were on the list')).toContain('municipality');
  });

  it('leaves out words the text already has', () => {
    const w = words('Spain is a country in Europe.');
    expect(w).not.toContain('country');
    expect(w).toContain('kingdom');
  });

  it('treats a capitalised word mid-sentence as a name: places expand, people do not', () => {
    expect(words('Yesterday John fixed the build.')).not.toContain('toilet');
    expect(words('She moved to Chicago in May.')).toContain('city');
    // At the start of a sentence a capital says nothing about being a name.
    expect(words('Turtles are calm. Cities are loud.')).toContain('municipality');
  });

  it('stays short for a long text, however many nouns it has', () => {
    const long = 'The table, the screen, the box, the message, the query, the list, the path, the bill, the cookie. '.repeat(20);
    const w = words(long);
    expect(w.size).toBeGreaterThan(10);
    expect(w.size).toBeLessThanOrEqual(24);
  });

  it('copes with any text: empty, punctuation only, non-Latin', () => {
    expect(relatedWords('')).toBe('');
    expect(relatedWords('!!! ::: ...')).toBe('');
    expect(relatedWords('配置ファイル 🚀 ñandú')).toBe('');
  });
});

describe('search with related words', () => {
  it('a question naming a category finds the record naming a member of it', async () => {
    const box = sandbox();
    const db = openStore(box.dbPath);
    const ids = seed(db, box.projectDir, [
      draft({ title: 'Maria took a solo trip to Spain last year' }),
      draft({ title: 'Maria painted the kitchen blue' }),
      draft({ title: 'John started kickboxing and surfing' }),
    ]);
    const hits = async (query: string) => (await searchMemory(db, { query, limit: 5, offset: 0 })).hits.map((h) => h.id);
    expect((await hits('which European countries has Maria been to'))[0]).toBe(ids[0]);
    expect((await hits('what sports does John do'))[0]).toBe(ids[2]);
    // A record that says the word itself still ranks above one that only relates to it.
    const direct = seed(db, box.projectDir, [draft({ title: 'Maria lists the countries she wants to visit' })], { uidPrefix: 'direct' });
    expect((await hits('countries Maria'))[0]).toBe(direct[0]);
    db.close();
  });
});

describe('a store from before related words', () => {
  /** A database at migration 4 holding `n` observations, as an older version left it. */
  function legacyStore(path: string, n: number): void {
    const raw = openDatabase(path);
    migrate(raw, MIGRATIONS.slice(0, 4));
    const pid = upsertProject(raw, '/legacy', 'legacy', '2025-01-01T00:00:00.000Z');
    const insert = raw.prepare(
      `INSERT INTO observations (uid, project_id, type, title, subtitle, facts, narrative, concepts, files_read, files_modified, created_at, origin)
       VALUES (?, ?, 'discovery', ?, '', '[]', '', '[]', '[]', '[]', '2025-01-01T00:00:00.000Z', 'model')`,
    );
    for (let i = 0; i < n; i++) insert.run(`legacy-${i}`, pid, i === 0 ? 'Took a trip to Spain' : `Note number ${i} about the build`);
    raw.close();
  }

  it('migrates instantly, keeps every record findable, and fills related words in batches', async () => {
    const box = sandbox();
    legacyStore(box.dbPath, 250);
    const db = openStore(box.dbPath);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(countMissingRelatedWords(db)).toBe(250);
    const search = async (query: string) => (await searchMemory(db, { query, limit: 5, offset: 0 })).hits;
    expect(await search('Spain')).toHaveLength(1);
    expect(await search('country')).toHaveLength(0);
    expect(fillRelatedWords(db, 100)).toBe(100);
    expect(countMissingRelatedWords(db)).toBe(150);
    while (fillRelatedWords(db, 100) > 0);
    expect(countMissingRelatedWords(db)).toBe(0);
    expect((await search('country')).map((h) => h.title)).toEqual(['Took a trip to Spain']);
    expect(await search('Spain')).toHaveLength(1);
    db.close();
  });

  it('the worker fills them in the background and logs when done', async () => {
    const box = sandbox();
    legacyStore(box.dbPath, 120);
    const db = openStore(box.dbPath);
    const logger = createMemoryLogger();
    const fill = startRelatedWordsFill({ db, logger, startDelayMs: 0 });
    try {
      const deadline = Date.now() + 20_000;
      while (countMissingRelatedWords(db) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(countMissingRelatedWords(db)).toBe(0);
      expect(logger.lines.some((l) => l.msg === 'Related words indexed for older records' && l.fields?.records === 120)).toBe(true);
    } finally {
      fill.stop();
      db.close();
    }
  });
});
