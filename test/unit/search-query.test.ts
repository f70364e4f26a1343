// Query parsing: whatever a person or a model types, search never raises an FTS5 syntax error.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery, searchMemory } from '../../src/search';
import type { Db } from '../../src/store';
import { draft, openStore, searchSandbox, seed } from '../helpers/search-seed';

const box = searchSandbox();
let db: Db;

beforeAll(() => {
  db = openStore(box.dbPath);
  seed(db, box.projectDir, [
    draft({ title: 'hook-timeout raised in worker.ts', narrative: 'C++ addon AND "quoted" NEAR(stuff) * star' }),
    draft({ title: 'Café naïve résumé', narrative: '日本語のテキスト and emoji 🚀' }),
  ]);
});

afterAll(() => {
  db.close();
  rmSync(dirname(box.dataDir), { recursive: true, force: true });
});

const NASTY = [
  '', ' ', '"', '""', '"unbalanced', '*', '**', '-', '- -', '^', ':', 'title:', 'AND', 'OR', 'NOT', 'NEAR', 'NEAR(',
  'NEAR("a" "b", 3)', 'a AND', 'OR b', '(', ')', '((a)', 'hook-timeout', 'worker.ts', 'c++', 'C#', '.NET', '{x}', '[y]',
  'a"b', "it's", '\\', '\u0000', '\u200b', '🚀', '日本語', 'café', 'ŞĞÜ', 'a'.repeat(3000), 'x '.repeat(500), '+-*/%',
  'col:term', 'NOT NOT NOT', '"a" OR "b"', 'the and of', '%_', "'; DROP TABLE observations; --",
];

function randomQuery(seedN: number): string {
  const alphabet = ['a', 'Z', '9', ' ', '"', "'", '*', '-', '+', '(', ')', ':', '^', '.', ',', '/', '\\', 'é', '日', '🚀', '\t', '\n', 'AND', 'OR', 'NEAR', 'NOT'];
  let x = seedN * 2654435761;
  let s = '';
  const len = seedN % 17;
  for (let i = 0; i < len; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += alphabet[x % alphabet.length];
  }
  return s;
}

describe('parseQuery', () => {
  it('keeps content words, drops stop words to faint tie-breakers, splits like the FTS tokenizer', () => {
    const q = parseQuery('Why did the hook-timeout happen in worker.ts?');
    expect(q.terms.filter((t) => !t.stop).map((t) => t.text)).toEqual(['hook', 'timeout', 'happen', 'worker', 'ts']);
    expect(q.terms.filter((t) => t.stop).map((t) => t.text)).toEqual(['why', 'did', 'the', 'in']);
    expect(q.compounds).toEqual([['hook', 'timeout'], ['worker', 'ts']]);
  });

  it('a query of stop words only still searches for them', () => {
    expect(parseQuery('what is this').terms.map((t) => [t.text, t.stop])).toEqual([
      ['what', false],
      ['is', false],
      ['this', false],
    ]);
  });

  it('lower-cases, de-duplicates and caps the number of terms', () => {
    expect(parseQuery('Hook HOOK hook').terms).toHaveLength(1);
    expect(parseQuery(Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ')).terms.length).toBeLessThanOrEqual(24);
  });
});

describe('search never throws on odd input', () => {
  const queries = [...NASTY, ...Array.from({ length: 300 }, (_, i) => randomQuery(i + 1))];
  it(`${queries.length} nasty and random queries`, async () => {
    for (const q of queries) {
      expect(() => parseQuery(q), JSON.stringify(q)).not.toThrow();
      const r = await searchMemory(db, { query: q, limit: 5, offset: 0 });
      expect(Array.isArray(r.hits), JSON.stringify(q)).toBe(true);
    }
  });

  it('punctuation-heavy text still finds what it names', async () => {
    for (const q of ['hook-timeout', 'worker.ts', 'c++ addon', 'NEAR(stuff', '"quoted"', 'cafe', 'résumé', '🚀 emoji']) {
      const r = await searchMemory(db, { query: q, limit: 5, offset: 0 });
      expect(r.hits.length, q).toBeGreaterThan(0);
    }
  });
});
