// Bounded cost on large stores: words held by more records than `fullRankLimit` are scored on a
// pool of the best candidates instead of being ranked over their whole posting list. The limits
// are lowered here so a small store takes the large-store path, and the ranking must still hold.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TUNING, searchMemory, type KeywordTuning } from '../../src/search';
import { deleteObservations, ftsObservationTotal, type Db } from '../../src/store';
import { draft, openStore, searchSandbox, seed } from '../helpers/search-seed';

const box = searchSandbox();
let db: Db;
let ids: number[];
const small: KeywordTuning = { ...DEFAULT_TUNING, fullRankLimit: 3, poolSize: 4, fullRankBudget: 6 };
const top = async (query: string, tuning: KeywordTuning, extra: Record<string, unknown> = {}) =>
  (await searchMemory(db, { query, limit: 10, offset: 0, ...extra }, { tuning })).hits.map((h) => h.id);

beforeAll(() => {
  db = openStore(box.dbPath);
  const filler = Array.from({ length: 12 }, (_, i) =>
    draft({ title: `Worker note ${i}`, narrative: `The worker logged routine event number ${i}.` }),
  );
  ids = seed(db, box.projectDir, [
    draft({ title: 'Worker crashes on cache timeout', narrative: 'The worker cache timeout kills the worker.', type: 'bugfix' }),
    ...filler,
    draft({ title: 'Cache eviction tuned', narrative: 'Eviction runs hourly.' }),
  ]);
});

afterAll(() => {
  db.close();
  rmSync(dirname(box.dataDir), { recursive: true, force: true });
});

describe('large-store path', () => {
  it('ranks the same best record as the full path when a query word is common', async () => {
    const full = await top('worker cache timeout', DEFAULT_TUNING);
    const pooled = await top('worker cache timeout', small);
    expect(pooled[0]).toBe(ids[0]);
    expect(pooled[0]).toBe(full[0]);
  });

  it('a query of only common words ranks the newest records holding them', async () => {
    const r = await top('worker', small);
    expect(r.length).toBeGreaterThan(0);
    expect(r).toContain(ids[12]); // the newest "worker" record
    expect(r.slice(0, small.poolSize)).not.toContain(ids[13]); // no "worker" in it
  });

  it('a misspelt common word is corrected on the pool too', async () => {
    const r = await top('wroker', small);
    expect(r).toContain(ids[12]);
  });

  it('filters still apply on the pool', async () => {
    const r = await top('worker', small, { types: ['bugfix'] });
    expect(r).toEqual([ids[0]]);
  });

  it('the row count behind IDF follows inserts and deletes; the stamp follows every change', () => {
    const before = ftsObservationTotal(db);
    expect(before.total).toBe(ids.length);
    const [extra] = seed(db, box.projectDir, [draft({ title: 'Temporary' })], { uidPrefix: 'tmp' });
    expect(ftsObservationTotal(db).total).toBe(before.total + 1);
    deleteObservations(db, [extra as number]);
    expect(ftsObservationTotal(db)).toEqual(before);
    // Same row count, different content: cached word counts must not survive this.
    const [other] = seed(db, box.projectDir, [draft({ title: 'Another temporary record with more words' })], { uidPrefix: 'tmp2' });
    deleteObservations(db, [ids[ids.length - 1] as number]);
    const after = ftsObservationTotal(db);
    expect(after.total).toBe(before.total);
    expect(after.stamp).not.toBe(before.stamp);
    expect(other).toBeGreaterThan(0);
  });
});
