// 1. Hook capture: the PostToolUse command from hooks/hooks.json, run as Claude Code runs it (a new
// process through sh -c, the payload on stdin), with the worker down and up, interleaved with a
// bare `node -e 0` so the ratio survives a noisy machine.
import { countQueue } from '../lib/queries';
import { interleave, type BenchContext } from '../lib/context';
import { hookCommand, makeDataDir } from '../lib/env';
import { runShell } from '../lib/proc';
import type { Row, Section } from '../lib/report';
import { dist, round } from '../lib/stats';
import { startWorker, stopWorker } from '../lib/worker';
import { generateSessions, payloads, searchQueries } from '../workload';

/** Issue 17: PostToolUse and UserPromptSubmit p99 within 1.3× a bare Node start. */
const RATIO_TARGET = 1.3;

export async function hookBench(
  ctx: BenchContext,
  reps: number,
): Promise<Omit<Section, 'durationMs'>> {
  const command = hookCommand('PostToolUse');
  const data = makeDataDir(ctx.tmpRoot, 'hook');
  const cwd = ctx.project.root;
  const perPhase = ctx.profile.warmup + reps;
  const events = generateSessions(ctx.seed, cwd, perPhase * 2).flatMap((s) =>
    s.turns.flatMap((t) =>
      t.events.map((e) => JSON.stringify(payloads.postToolUse(s.sessionId, cwd, e))),
    ),
  );
  const rows: Row[] = [];
  const data_: Record<string, unknown> = {
    command: command.replace(/^.*?(dist\/bin\/hook\.js)/, '…/$1'),
    payloadBytesP50: dist(events.map((e) => e.length)).p50,
  };
  let next = 0;
  let failures = 0;
  const hook = async () => {
    const r = await runShell(command, {
      env: data.env,
      cwd,
      input: events[next++ % events.length] as string,
    });
    if (r.code !== 0) failures++;
    return r.ms;
  };
  const baseline = async () => (await runShell('node -e 0', { env: data.env, cwd })).ms;

  for (const phase of ['down', 'up'] as const) {
    const runtime = phase === 'up' ? await startWorker(data) : undefined;
    try {
      ctx.log(`hook: worker ${phase}, ${reps} reps`);
      const [base, subject] = await interleave(reps, ctx.profile.warmup, [baseline, hook]);
      const b = dist(base as number[]);
      const s = dist(subject as number[]);
      const ratioP99 = round(s.p99 / b.p99);
      rows.push({
        name: `PostToolUse hook, worker ${phase}`,
        unit: 'ms',
        dist: s,
        baseline: { name: 'node -e 0', dist: b },
        ratioP50: round(s.p50 / b.p50),
        ratioP99,
        target: `p99 ≤ ${RATIO_TARGET}× node -e 0`,
        pass: ratioP99 <= RATIO_TARGET,
        note: `DESIGN target p99 < 60 ms absolute: ${s.p99 < 60 ? 'pass' : 'miss'} (${s.p99} ms)`,
      });
    } finally {
      if (runtime) await stopWorker(data, runtime);
    }
  }
  rows.push(await promptRecallRow(ctx, reps));
  const queued = countQueue(data.paths.dbPath);
  data_['hookRuns'] = perPhase * 2;
  data_['nonZeroExits'] = failures;
  data_['rowsInQueue'] = queued;
  if (failures > 0 || queued !== perPhase * 2) {
    for (const r of rows)
      r.note = `${r.note}; ${failures} non-zero exits, ${queued}/${perPhase * 2} events reached the queue`;
  }
  return { status: 'ok', rows, data: data_ };
}

/**
 * UserPromptSubmit with the recall on (CLAUDE_MEM_PROMPT_CONTEXT_TOKENS default): records the
 * prompt and searches the project's memory (the seeded store) in the same process. Worker down:
 * the hook never needs it.
 */
async function promptRecallRow(ctx: BenchContext, reps: number): Promise<Row> {
  const store = ctx.store(ctx.profile.dbSizeObs);
  const cwd = ctx.project.root;
  const command = hookCommand('UserPromptSubmit');
  const prompts = searchQueries(ctx.seed, cwd, 50).map((q) => q.query);
  let next = 0;
  let answered = 0;
  let failures = 0;
  const hook = async () => {
    const i = next++;
    const r = await runShell(command, {
      env: store.data.env,
      cwd,
      input: JSON.stringify({
        session_id: `bench-recall-${Math.floor(i / 10)}`,
        transcript_path: `${cwd}/.transcripts/recall.jsonl`,
        cwd,
        hook_event_name: 'UserPromptSubmit',
        prompt: `${prompts[i % prompts.length] as string} - how does this work?`,
      }),
    });
    if (r.code !== 0) failures++;
    if (r.stdout.includes('additionalContext')) answered++;
    return r.ms;
  };
  const baseline = async () => (await runShell('node -e 0', { env: store.data.env, cwd })).ms;
  ctx.log(`hook: UserPromptSubmit with recall, ${store.seed.observations} observations, ${reps} reps`);
  const [base, subject] = await interleave(reps, ctx.profile.warmup, [baseline, hook]);
  const b = dist(base as number[]);
  const s = dist(subject as number[]);
  const ratioP99 = round(s.p99 / b.p99);
  return {
    name: `UserPromptSubmit hook with recall (${store.seed.observations} observations)`,
    unit: 'ms',
    dist: s,
    baseline: { name: 'node -e 0', dist: b },
    ratioP50: round(s.p50 / b.p50),
    ratioP99,
    target: `p99 ≤ ${RATIO_TARGET}× node -e 0`,
    pass: ratioP99 <= RATIO_TARGET,
    note: `${answered}/${next} prompts got context${failures ? `; ${failures} non-zero exits` : ''}`,
  };
}
