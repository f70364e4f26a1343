// `npm run bench:team`: the team server against a real, throwaway PostgreSQL (the tests' helper):
// push N observations in batches of 500 across P projects, pull a project from cursor 0, and
// run keyword searches, over HTTP on 127.0.0.1. Usage: bench:team [N=20000] [P=10] [searches=200]
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { TeamItem } from '../src/contracts';
import { createMemoryLogger } from '../src/log';
import { addUser, startTeamServer } from '../src/server';
import { startPostgres } from '../test/helpers/postgres';

const N = Number(process.argv[2] ?? 20_000);
const P = Number(process.argv[3] ?? 10);
const SEARCHES = Number(process.argv[4] ?? 200);
const WORDS = 'auth cache index query token session worker schema migration cursor retry backoff upload parser render budget'.split(' ');
const pick = (i: number, k: number) => WORDS[(i * 7 + k * 13) % WORDS.length] as string;

const pgc = await startPostgres();
try {
  const url = pgc.createDatabase('bench');
  const server = await startTeamServer({ databaseUrl: url, host: '127.0.0.1', port: 0, logger: createMemoryLogger(), version: 'bench', rate: { capacity: 1e9, perSecond: 1e9 } });
  const pool = new pg.Pool({ connectionString: url });
  const { key } = await addUser(pool, 'bench', 'bench');
  const base = `http://127.0.0.1:${server.port}`;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const project = (p: number) => `github.com/bench/repo-${p}`;

  let t = performance.now();
  for (let start = 0; start < N; start += 500) {
    const items: TeamItem[] = [];
    for (let i = start; i < Math.min(N, start + 500); i++) {
      items.push({
        kind: 'observation', uid: `u-${i}`, type: 'discovery', title: `${pick(i, 1)} ${pick(i, 2)} change ${i}`,
        subtitle: `${pick(i, 3)} note`, facts: [`${pick(i, 4)} fact`, `${pick(i, 5)} detail`],
        narrative: `We looked at the ${pick(i, 6)} and the ${pick(i, 7)} path. `.repeat(8), concepts: [], filesRead: [], filesModified: [],
        createdAt: new Date(1_760_000_000_000 + i * 1000).toISOString(),
      });
    }
    const r = await fetch(`${base}/v1/push`, { method: 'POST', headers, body: JSON.stringify({ project: project(start / 500 % P), items }) });
    if (!r.ok) throw new Error(`push ${r.status}: ${await r.text()}`);
  }
  const pushMs = performance.now() - t;

  t = performance.now();
  let pulled = 0;
  for (let since = '0'; ; ) {
    const r = (await (await fetch(`${base}/v1/pull?${new URLSearchParams({ project: project(0), since })}`, { headers })).json()) as { changes: unknown[]; cursor: string; more: boolean };
    pulled += r.changes.length;
    since = r.cursor;
    if (!r.more) break;
  }
  const pullMs = performance.now() - t;

  const lat: number[] = [];
  for (let s = 0; s < SEARCHES; s++) {
    const q = `${pick(s, 1)} ${pick(s, 6)}`;
    const t0 = performance.now();
    const r = await fetch(`${base}/v1/search?${new URLSearchParams({ q, limit: '20' })}`, { headers });
    if (!r.ok) throw new Error(`search ${r.status}`);
    await r.json();
    lat.push(performance.now() - t0);
  }
  lat.sort((a, b) => a - b);
  const q = (f: number) => (lat[Math.min(lat.length - 1, Math.floor(f * lat.length))] ?? 0).toFixed(1);
  const size = (await pool.query<{ s: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS s')).rows[0]?.s;

  console.log(`team server bench: ${N} observations, ${P} projects, PostgreSQL ${(await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version}`);
  console.log(`push   ${(N / (pushMs / 1000)).toFixed(0)} observations/s (batches of 500)`);
  console.log(`pull   ${pulled} changes of one project in ${pullMs.toFixed(0)} ms (${(pulled / (pullMs / 1000)).toFixed(0)}/s, pages of 1000)`);
  console.log(`search p50 ${q(0.5)} ms, p95 ${q(0.95)} ms over all ${N} (${SEARCHES} queries, 2 words, limit 20)`);
  console.log(`database size ${size}`);
  await pool.end();
  await server.close();
} finally {
  pgc.stop();
}
