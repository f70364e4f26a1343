// "A year of use" (part of the footprint section): 250 working days x 400 tool events at size
// full, scaled down for tiny and small. Goal: the data dir under 1 GB at the end, and session
// start and search no slower than on day one.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from '../lib/context';
import type { Row } from '../lib/report';
import { round } from '../lib/stats';
import { simulateYear, type YearResult } from '../lib/year';

const DAYS = { tiny: 10, small: 50, full: 250 } as const;
const EVENTS_PER_DAY = 400;
const GB = 1024 ** 3;
/** "No slower than at day one", with room for timer noise on a shared machine. */
const SLOWDOWN_ALLOWED = 1.5;

export async function yearRows(ctx: BenchContext): Promise<{ rows: Row[]; data: YearResult }> {
  const days = DAYS[ctx.profile.name];
  const dataDir = join(ctx.tmpRoot, 'year');
  mkdirSync(dataDir, { recursive: true });
  ctx.log(`footprint: a year of use, ${days} days x ${EVENTS_PER_DAY} events`);
  const r = await simulateYear({ dataDir, days, eventsPerDay: EVENTS_PER_DAY, seed: ctx.seed });
  const mb = (n: number) => round(n / 1024 ** 2, 1);
  const rows: Row[] = [
    {
      name: `data dir after ${days} working days x ${EVENTS_PER_DAY} tool events`,
      unit: 'MB',
      value: mb(r.dataDirBytes),
      target: '< 1024 MB',
      pass: r.dataDirBytes < GB,
      note: `database ${mb(r.dbBytes)} MB (${r.observations} observations, ${r.payloadsKept} payloads kept, ${r.payloadsDropped} dropped), logs ${mb(r.logBytes)} MB`,
    },
    {
      name: `session start render at the end vs day one (p95)`,
      unit: 'ms',
      dist: r.end.sessionStart,
      baseline: { name: 'day one', dist: r.dayOne.sessionStart },
      ratioP50: round(r.end.sessionStart.p50 / r.dayOne.sessionStart.p50),
      ratioP99: round(r.end.sessionStart.p99 / r.dayOne.sessionStart.p99),
      target: `p95 <= ${SLOWDOWN_ALLOWED}x day one`,
      pass: r.end.sessionStart.p95 <= SLOWDOWN_ALLOWED * r.dayOne.sessionStart.p95,
    },
    {
      name: `search at the end vs day one (p95)`,
      unit: 'ms',
      dist: r.end.search,
      baseline: { name: 'day one', dist: r.dayOne.search },
      ratioP50: round(r.end.search.p50 / r.dayOne.search.p50),
      ratioP99: round(r.end.search.p99 / r.dayOne.search.p99),
      target: `p95 <= ${SLOWDOWN_ALLOWED}x day one (more records to rank)`,
      pass: r.end.search.p95 <= SLOWDOWN_ALLOWED * r.dayOne.search.p95,
    },
  ];
  return { rows, data: r };
}
