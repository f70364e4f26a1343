// Unknown query words: a misspelt word finds the record spelt right, a run-together compound finds
// the two words; also on a read-only connection (the MCP server's). The JavaScript Porter stemmer
// the ranker uses agrees with the index's tokenizer.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchMemory } from '../../src/search';
import { porterStem } from '../../src/search/stem';
import { editDistance } from '../../src/search/spelling';
import { ftsVocabWithPrefix, type Db } from '../../src/store';
import { draft, openStore, searchSandbox, seed } from '../helpers/search-seed';

const WORDS =
  'caresses ponies ties cats agreed plastered motoring sing conflated troubled sized hopping falling hissing ' +
  'failing filing happy relational conditional generalization adjustable activate probate controlling roll ' +
  'electrical hopefulness restarting restarts authentication migrations rotating festival tournament';

const box = searchSandbox();
let db: Db;
let ids: number[];

beforeAll(() => {
  db = openStore(box.dbPath);
  ids = seed(db, box.projectDir, [
    draft({ title: 'Team went to the jazz festival', narrative: 'Tickets were bought a month ahead.' }), // 0
    draft({ title: 'Planning a road trip to the coast', narrative: 'Two days of driving.' }), // 1
    draft({ title: 'Unrelated record', narrative: 'Mentions a tournament bracket. ' + WORDS }), // 2
  ]);
});

afterAll(() => {
  db.close();
  rmSync(dirname(box.dataDir), { recursive: true, force: true });
});

const top = async (d: Db, query: string) => (await searchMemory(d, { query, limit: 10, offset: 0 })).hits.map((h) => h.id);

describe('unknown query words', () => {
  it('a misspelt word finds the record with the right spelling', async () => {
    expect((await top(db, 'which fesetival did the team attend'))[0]).toBe(ids[0]);
  });

  it('a run-together compound finds the two words written apart', async () => {
    expect((await top(db, 'roadtrip plans'))[0]).toBe(ids[1]);
  });

  it('works on a read-only connection', async () => {
    const ro = openStore(box.dbPath, { readonly: true });
    try {
      expect((await top(ro, 'torunament'))[0]).toBe(ids[2]);
    } finally {
      ro.close();
    }
  });

  it('a word that is neither finds nothing rather than anything', async () => {
    expect(await top(db, 'xylophonist')).toEqual([]);
  });

  it('edit distance counts a swap of neighbours as one edit', () => {
    expect(editDistance('recieve', 'receive', 2)).toBe(1);
    expect(editDistance('festival', 'fesetival', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
});

describe('porterStem', () => {
  it('agrees with the index tokenizer on every word it indexed', () => {
    const indexed = new Set(ftsVocabWithPrefix(db, '', 100_000).map((v) => v.term));
    for (const w of WORDS.split(' ')) expect(indexed.has(porterStem(w)), w).toBe(true);
  });

  it('leaves non-ASCII and short tokens alone', () => {
    expect(porterStem('naïve')).toBe('naïve');
    expect(porterStem('is')).toBe('is');
  });
});
