// 5. Footprint: worker memory idle and after a drain, child processes of the worker (a memory
// agent that is "a function, not an agent" spawns none), and database size per 10k observations.
import type { BenchContext } from '../lib/context';
import type { DrainResult } from '../lib/drain';
import type { Row, Section } from '../lib/report';
import { round } from '../lib/stats';
import { label } from './session-start';

const IDLE_RSS_TARGET_MB = 50;

export function footprintRows(ctx: BenchContext, d: DrainResult): Omit<Section, 'durationMs'> {
  const store = ctx.store(ctx.profile.dbSizeObs);
  const perTenK = store.seed.dbBytes / 1e6 / (store.seed.observations / 10_000);
  const rows: Row[] = [
    {
      name: 'worker RSS idle after start',
      unit: 'MB',
      value: round(d.idleRssMb, 1),
      target: `< ${IDLE_RSS_TARGET_MB} MB`,
      pass: d.idleRssMb < IDLE_RSS_TARGET_MB,
    },
    {
      name: `worker RSS after draining ${d.toolEvents} events`,
      unit: 'MB',
      value: round(d.afterRssMb, 1),
      target: null,
      pass: null,
      note: `peak (VmHWM) ${round(d.peakRssMb, 1)} MB`,
    },
    {
      name: 'worker child processes (idle, and most seen while draining)',
      unit: 'processes',
      value: d.maxChildren,
      target: '0',
      pass: d.maxChildren === 0 && d.idleChildren === 0,
    },
    {
      name: `database size per 10k observations (${label(store.seed.observations)} seeded)`,
      unit: 'MB',
      value: round(perTenK, 1),
      target: null,
      pass: null,
      note: `whole file incl. FTS, ${store.seed.summaries} summaries, ${store.seed.prompts} prompts`,
    },
  ];
  return {
    status: 'ok',
    rows,
    data: {
      dbBytes: store.seed.dbBytes,
      observations: store.seed.observations,
      seedMs: Math.round(store.seedMs),
    },
  };
}
