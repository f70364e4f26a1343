// Words held by more records than FTS5 should rank in full are scored on a pool of candidates,
// whose tokenised text is kept per connection. A record's indexed text can still change (the
// worker fills in related words later): the kept tokens must then not stand for the new text.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { searchMemory } from '../../src/search';
import { draft, openStore, searchSandbox, seed } from '../helpers/search-seed';

const box = searchSandbox();
afterAll(() => rmSync(dirname(box.dataDir), { recursive: true, force: true }));

describe('the candidate pool of common words', () => {
  it('scores a record by its indexed text after that text changed', async () => {
    const db = openStore(box.dbPath);
    // 400 records hold "gateway": above the full-rank limit, so the pool scores it.
    const drafts = Array.from({ length: 400 }, (_, i) => draft({ title: `Note ${i} about the gateway`, narrative: `filler text number ${i}` }));
    seed(db, box.projectDir, drafts);
    const top = async () => (await searchMemory(db, { query: 'gateway', limit: 5, offset: 0 })).hits.map((h) => h.title);
    expect(await top()).not.toContain('Note 350 about the gateway');
    // Related words are indexed with the files: "gateway" now weighs most in this record.
    db.prepare(`UPDATE observations SET related = ? WHERE title = 'Note 350 about the gateway'`).run(Array(30).fill('gateway').join(' '));
    expect((await top())[0]).toBe('Note 350 about the gateway');
    db.close();
  });
});
