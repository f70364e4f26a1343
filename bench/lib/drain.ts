// One drain experiment shared by the pipeline and footprint benchmarks: a worker configured for
// the `claude` provider against the fake Anthropic server, idle first, then handed N tool events
// (queued as the hooks would) and timed until every event reached a terminal state.
import { utimesSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openStore, queueCounts } from '../../src/store';
import { enqueueSessions } from '../seed';
import { generateSessions } from '../workload';
import type { BenchContext } from './context';
import { makeDataDir } from './env';
import { startFakeAnthropic } from './fake-anthropic';
import { descendants, rssMb, sleep } from './proc';
import { startWorker, stopWorker } from './worker';

export interface DrainResult {
  toolEvents: number;
  queuedRows: number;
  drainMs: number;
  timedOut: boolean;
  states: Record<string, number>;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  idleRssMb: number;
  idleChildren: number;
  afterRssMb: number;
  peakRssMb: number;
  maxChildren: number;
}

const IDLE_SETTLE_MS = 2_000;

export async function runDrain(ctx: BenchContext, toolEvents: number): Promise<DrainResult> {
  const fake = await startFakeAnthropic();
  const data = makeDataDir(ctx.tmpRoot, 'pipeline', {
    // No daily budget: the benchmark measures batching, not the budget's cut-off.
    settings: { CLAUDE_MEM_PROVIDER: 'claude', CLAUDE_MEM_DAILY_TOKEN_BUDGET: 0 },
    dotenv: { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'bench-fake-key' },
  });
  let runtime;
  try {
    runtime = await startWorker(data);
    const pid = runtime.pid;
    await sleep(IDLE_SETTLE_MS);
    const idleRssMb = rssMb(pid);
    const idleChildren = descendants(pid).length;
    ctx.log(
      `pipeline: worker idle at ${idleRssMb.toFixed(1)} MB; queueing ${toolEvents} tool events`,
    );

    const sessions = generateSessions(ctx.seed + 1, ctx.project.root, toolEvents);
    const db = openStore(data.paths.dbPath);
    try {
      const queued = enqueueSessions(db, {
        root: ctx.project.root,
        name: ctx.project.name,
        sessions,
      });
      const queuedRows = Object.values(queueCounts(db)).reduce((a, b) => a + b, 0);
      const t0 = performance.now();
      nudge(data.paths.nudgePath);
      let maxChildren = idleChildren;
      let states = queueCounts(db);
      const deadline = t0 + Math.max(120_000, toolEvents * 30);
      while (states.queued + states.processing > 0 && performance.now() < deadline) {
        await sleep(100);
        maxChildren = Math.max(maxChildren, descendants(pid).length);
        states = queueCounts(db);
      }
      const drainMs = performance.now() - t0;
      await sleep(500);
      return {
        toolEvents: queued,
        queuedRows,
        drainMs,
        timedOut: states.queued + states.processing > 0,
        states: { ...states },
        calls: fake.calls,
        inputTokens: fake.inputTokens,
        outputTokens: fake.outputTokens,
        idleRssMb,
        idleChildren,
        afterRssMb: rssMb(pid),
        peakRssMb: rssMb(pid, 'VmHWM'),
        maxChildren,
      };
    } finally {
      db.close();
    }
  } finally {
    await stopWorker(data, runtime);
    await fake.close();
  }
}

/** Tell the worker there is work, the way a hook does: touch the nudge file. */
function nudge(path: string): void {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    writeFileSync(path, '', { mode: 0o600 });
  }
}
