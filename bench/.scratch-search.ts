import { searchMemory } from '../src/search';
import { openStore } from '../src/store';
import { searchQueries } from './workload';
import { dist } from './lib/stats';
const db = openStore(process.argv[2] as string, { readonly: true });
const now = new Date();
const qs = searchQueries(42, '/tmp/bx/proj', 80);
const by = new Map<string, number[]>();
for (const [i, q] of [...qs.slice(0, 8), ...qs].entries()) {
  const t = performance.now();
  const r = await searchMemory(db, { query: q.query, limit: 20, offset: 0, projectIds: [1], ...(q.filter?.types ? { types: q.filter.types } : {}), ...(q.filter?.file ? { file: q.filter.file } : {}), ...(q.filter?.sinceDays ? { since: new Date(now.getTime() - q.filter.sinceDays * 86400000).toISOString() } : {}) }, { recency: true, now });
  const ms = performance.now() - t;
  if (i < 8) continue;
  by.set(q.kind, [...(by.get(q.kind) ?? []), ms]);
  if (process.argv[3]) console.log(q.kind, ms.toFixed(1), r.hits.length, JSON.stringify(q));
}
for (const [k, v] of by) console.log(k, JSON.stringify(dist(v)));
