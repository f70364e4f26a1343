// 3. Search: `searchMemory` in-process over a query mix (one word, a question, a file path, a
// filtered query) at 10k and 100k observations, and the `claude-mem search` process end to end.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { searchMemory, type SearchParams } from '../../src/search';
import { openStore } from '../../src/store';
import { interleave, type BenchContext } from '../lib/context';
import { REPO_ROOT } from '../lib/env';
import { run } from '../lib/proc';
import type { Row, Section } from '../lib/report';
import { dist, round } from '../lib/stats';
import { label } from './session-start';
import { searchQueries } from '../workload';
import { STARTUP_RATIO_TARGET } from './startup';

const P95_TARGET_MS = 20;

export async function searchBench(
  ctx: BenchContext,
  cliReps: number,
): Promise<Omit<Section, 'durationMs'>> {
  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  const now = new Date();
  const queries = searchQueries(ctx.seed, ctx.project.root, ctx.profile.searchQueries);
  for (const n of ctx.profile.searchSizes) {
    const store = ctx.store(n);
    const db = openStore(store.data.paths.dbPath, { readonly: true });
    const byKind = new Map<string, number[]>();
    const all: number[] = [];
    let hits = 0;
    let stoppedEarly = false;
    const deadline = performance.now() + ctx.profile.searchBudgetMs;
    try {
      ctx.log(`search: ${n} observations, ${queries.length} queries in-process`);
      for (const [i, q] of [...queries.slice(0, 10), ...queries].entries()) {
        const params: SearchParams = {
          query: q.query,
          limit: 20,
          offset: 0,
          projectIds: [store.seed.projectId],
          ...(q.filter?.types ? { types: q.filter.types } : {}),
          ...(q.filter?.file ? { file: q.filter.file } : {}),
          ...(q.filter?.sinceDays
            ? { since: new Date(now.getTime() - q.filter.sinceDays * 86_400_000).toISOString() }
            : {}),
        };
        const t0 = performance.now();
        const result = await searchMemory(db, params, { recency: true, now });
        const ms = performance.now() - t0;
        if (i < 10) continue; // warm-up: statement compilation and page cache
        // The mix cycles through the four kinds, so stopping early keeps it balanced.
        if (performance.now() > deadline && all.length >= 20 && all.length % 4 === 0) {
          stoppedEarly = true;
          break;
        }
        hits += result.hits.length;
        all.push(ms);
        byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), ms]);
      }
    } finally {
      db.close();
    }
    const d = dist(all);
    rows.push({
      name: `searchMemory in-process, ${label(n)} observations, all queries`,
      unit: 'ms',
      dist: d,
      target: `p95 < ${P95_TARGET_MS} ms`,
      pass: d.p95 < P95_TARGET_MS,
      note: `${round(hits / all.length, 1)} hits per query${stoppedEarly ? `; stopped after ${all.length} of ${queries.length} queries (time budget)` : ''}`,
    });
    for (const [kind, samples] of byKind) {
      rows.push({
        name: `searchMemory in-process, ${label(n)}, ${kind} queries`,
        unit: 'ms',
        dist: dist(samples),
        target: null,
        pass: null,
      });
    }
    const cli = await cliSearch(ctx, store.data.env, queries, cliReps);
    if (cli) rows.push({ ...cli, name: `claude-mem search process, ${label(n)} observations` });
    else data['cli'] = 'the `claude-mem search` command is not available yet';
  }
  return { status: 'ok', rows, data };
}

/** The CLI end to end (a user typing `claude-mem search …` in the project), next to `node -e 0`. */
async function cliSearch(
  ctx: BenchContext,
  env: NodeJS.ProcessEnv,
  queries: Array<{ query: string }>,
  reps: number,
): Promise<Row | undefined> {
  const cli = join(REPO_ROOT, 'dist/bin/cli.js');
  const cwd = ctx.project.root;
  const probe = await run(process.execPath, [cli, 'search', 'cache'], { env, cwd });
  if (probe.code !== 0) {
    ctx.log(
      `search: claude-mem search exited ${probe.code}: ${(probe.stderr || probe.stdout).trim().split('\n')[0]}`,
    );
    return undefined;
  }
  let i = 0;
  let failures = 0;
  const search = async () => {
    const r = await run(
      process.execPath,
      [cli, 'search', (queries[i++ % queries.length] as { query: string }).query],
      { env, cwd },
    );
    if (r.code !== 0) failures++;
    return r.ms;
  };
  const baseline = async () => (await run(process.execPath, ['-e', '0'], { env, cwd })).ms;
  const [base, subject] = await interleave(reps, ctx.profile.warmup, [baseline, search], {
    budgetMs: ctx.profile.searchBudgetMs,
    minReps: 5,
  });
  const b = dist(base as number[]);
  const s = dist(subject as number[]);
  return {
    name: '',
    unit: 'ms',
    dist: s,
    baseline: { name: 'node -e 0', dist: b },
    ratioP50: round(s.p50 / b.p50),
    ratioP99: round(s.p99 / b.p99),
    target: `p50 ≤ ${STARTUP_RATIO_TARGET}× node -e 0`,
    pass: s.p50 / b.p50 <= STARTUP_RATIO_TARGET && failures === 0,
    ...(failures ? { note: `${failures} non-zero exits` } : {}),
  };
}
