import { buildRawObservations, buildRawSummary, type CompressResult, type MemoryAgent } from '../agent';
import type { Settings } from '../config';
import type { FailureKind, QueuedEvent } from '../contracts';
import type { Logger } from '../log';
import {
  claimTurn,
  countQueuedInTurn,
  failEvents,
  getProject,
  getPrompt,
  noteEventError,
  pendingTurns,
  queuedChars,
  recordBatchOutcome,
  recoverLeases,
  requeueEvents,
  usageOn,
  type Db,
  type PendingTurn,
} from '../store';
import { retryDelayMs } from './backoff';

/**
 * The drain loop: claims the queued events of one user turn at a time, asks the memory agent to
 * compress them in one call, and stores the outcome. Every claimed event leaves in exactly one
 * terminal state (compressed, raw, failed) or goes back to `queued` to wait (retry delay, paused
 * provider); nothing is dropped. One batch at a time: the machine may have two cores.
 */
export type DrainSettings = Pick<
  Settings,
  'CLAUDE_MEM_MAX_ATTEMPTS' | 'CLAUDE_MEM_DAILY_TOKEN_BUDGET' | 'CLAUDE_MEM_BATCH_MAX_CHARS' | 'CLAUDE_MEM_MODEL_TIMEOUT_MS'
>;

export interface DrainDeps {
  db: Db;
  /** The current agent; replaced when the configuration changes. */
  agent: () => MemoryAgent;
  now: () => Date;
  logger: Logger;
  settings: () => DrainSettings;
  sleep: (ms: number) => Promise<void>;
  /** Fallback poll when no nudge arrives (ms). */
  pollMs?: number;
  /** A turn without a Stop is processed once its oldest event is this old (ms). */
  turnIdleMs?: number;
  /** Called at the top of every loop iteration (the worker checks for config changes here). */
  onTick?: () => void;
  /** Called with the ids of observations just stored (the worker anchors their files). */
  onStored?: (observationIds: number[]) => Promise<void> | void;
}

/** The last backend error, as `status` shows it. */
export interface DrainError {
  kind: FailureKind;
  status: number | null;
  message: string;
  requestId: string | null;
  at: string;
  provider: string;
  model: string;
}

/** Model calls stopped until the configuration changes (auth, quota, bad request). */
export interface DrainPause {
  kind: FailureKind;
  message: string;
  at: string;
  provider: string;
}

export interface DrainState {
  paused: DrainPause | null;
  lastError: DrainError | null;
  /** Model calls wait until then (a rate limit or outage applies to every turn, not just one). */
  holdUntil: string | null;
  busy: boolean;
}

export interface Drain {
  /** Process every ready turn now; resolves with the number of batches handled. */
  runReady(): Promise<number>;
  /** The long-running loop: recover leases, then drain on every nudge or poll until `stop`. */
  run(): Promise<void>;
  wake(): void;
  /** Stop claiming; give the in-flight batch `graceMs` to finish, then abort it. */
  stop(graceMs: number): Promise<void>;
  /** Clear a pause and any retry hold: the configuration changed. */
  resume(reason: string): void;
  state(): DrainState;
}

export const TURN_IDLE_MS = 20_000;
const POLL_MS = 2_000;
const MAX_EVENTS_PER_BATCH = 500;

interface TurnContext {
  projectId: number;
  sessionId: number;
  promptNumber: number;
  project: string;
  userPrompt: string;
}

/** What became of a batch: done (terminal), waiting for a retry at `notBefore`, or paused. */
type BatchResult = { done: true } | { done: false; notBefore?: string };

export function createDrain(deps: DrainDeps): Drain {
  const { db, logger } = deps;
  const iso = () => deps.now().toISOString();
  let paused: DrainPause | null = null;
  let lastError: DrainError | null = null;
  let holdUntil: number | null = null;
  let busy = false;
  let stopping = false;
  let orphanedClaims = false;
  let discarded = false;
  let inflight: AbortController | undefined;
  let wakeFlag = false;
  let wakeResolve: (() => void) | undefined;
  let loop: Promise<void> | undefined;

  const budgetSpent = (s: DrainSettings): boolean => {
    if (s.CLAUDE_MEM_DAILY_TOKEN_BUDGET <= 0) return false;
    const u = usageOn(db, iso().slice(0, 10));
    return u.inputTokens + u.outputTokens >= s.CLAUDE_MEM_DAILY_TOKEN_BUDGET;
  };

  const isReady = (t: PendingTurn, s: DrainSettings): boolean =>
    t.hasTurnEnd ||
    t.laterPrompt ||
    t.sessionEnded ||
    deps.now().getTime() - Date.parse(t.oldestAt) >= (deps.turnIdleMs ?? TURN_IDLE_MS) ||
    queuedChars(db, t.sessionId, t.promptNumber, iso()) >= s.CLAUDE_MEM_BATCH_MAX_CHARS;

  const modelCallsBlocked = (): boolean =>
    paused !== null || (holdUntil !== null && deps.now().getTime() < holdUntil);

  async function runReady(): Promise<number> {
    // After a failed step (disk full, database replaced) this worker's claimed rows may be left
    // processing; no batch is in flight between steps, so take them all back now, not at lease end.
    recoverLeases(db, iso(), orphanedClaims);
    orphanedClaims = false;
    let batches = 0;
    while (!stopping && !modelCallsBlocked()) {
      const s = deps.settings();
      const turn = pendingTurns(db, iso(), 1000).find((t) => isReady(t, s));
      if (!turn) break;
      if (!(await processTurn(turn, s))) break;
      batches++;
      // Let HTTP requests and SSE run between batches even when the agent answers synchronously.
      await new Promise<void>((r) => setImmediate(r));
    }
    return batches;
  }

  /** Claim and process one batch of a turn. Returns false when nothing could be claimed. */
  async function processTurn(turn: PendingTurn, s: DrainSettings): Promise<boolean> {
    const now = deps.now();
    const events = claimTurn(db, {
      sessionId: turn.sessionId,
      promptNumber: turn.promptNumber,
      now: now.toISOString(),
      // A lease outlives any call (timeout + margin); it only matters if this worker dies.
      leaseUntil: new Date(now.getTime() + 2 * s.CLAUDE_MEM_MODEL_TIMEOUT_MS + 60_000).toISOString(),
      maxEvents: MAX_EVENTS_PER_BATCH,
      maxChars: s.CLAUDE_MEM_BATCH_MAX_CHARS,
    });
    if (events.length === 0) return false;
    const turnOver = turn.hasTurnEnd || turn.laterPrompt || turn.sessionEnded;
    const ctx: TurnContext = {
      projectId: turn.projectId,
      sessionId: turn.sessionId,
      promptNumber: turn.promptNumber,
      project: getProject(db, turn.projectId)?.name ?? '',
      userPrompt: getPrompt(db, turn.sessionId, turn.promptNumber)?.text ?? '',
    };
    const summarize = turnOver && countQueuedInTurn(db, turn.sessionId, turn.promptNumber) === 0;
    busy = true;
    try {
      await processBatch(events, ctx, summarize, s);
    } finally {
      busy = false;
    }
    return true;
  }

  async function processBatch(events: QueuedEvent[], ctx: TurnContext, summarize: boolean, s: DrainSettings): Promise<BatchResult> {
    const agent = deps.agent();
    if (budgetSpent(s)) {
      logger.info('Daily token budget spent; keeping events raw', { events: events.length, budget: s.CLAUDE_MEM_DAILY_TOKEN_BUDGET });
      keepRaw(events, ctx, summarize, agent, undefined);
      return { done: true };
    }
    const r = await callAgent(agent, events, ctx, summarize);
    if (discarded) return { done: false }; // shut down mid-call: the rows stay leased for the next worker
    if (r.ok) {
      const stored = recordBatchOutcome(db, {
        eventIds: events.map((e) => e.id),
        projectId: ctx.projectId,
        sessionId: ctx.sessionId,
        promptNumber: ctx.promptNumber,
        state: r.origin === 'model' ? 'compressed' : 'raw',
        observations: r.observations,
        ...(summarize ? { summary: r.summary ?? buildRawSummary(ctx.userPrompt, events) } : {}),
        model: r.model,
        provider: agent.provider,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
        now: iso(),
      });
      await deps.onStored?.(stored.observationIds);
      return { done: true };
    }
    return handleFailure(r, events, ctx, summarize, s, agent);
  }

  async function handleFailure(
    r: Extract<CompressResult, { ok: false }>,
    events: QueuedEvent[],
    ctx: TurnContext,
    summarize: boolean,
    s: DrainSettings,
    agent: MemoryAgent,
  ): Promise<BatchResult> {
    remember(r, agent);
    const ids = events.map((e) => e.id);
    const now = iso();
    if (stopping) {
      // Aborted by shutdown: not the backend's fault, so the attempt is given back.
      requeueEvents(db, ids, { now, refundAttempt: true });
      return { done: false };
    }
    switch (r.kind) {
      case 'transient':
      case 'rate_limit': {
        const attempts = Math.max(...events.map((e) => e.attempts));
        if (attempts >= s.CLAUDE_MEM_MAX_ATTEMPTS) {
          keepRaw(events, ctx, summarize, agent, { kind: r.kind, message: `gave up after ${attempts} attempts: ${r.message}` });
          return { done: true };
        }
        const wait = retryDelayMs(attempts, r.retryAfterMs);
        holdUntil = deps.now().getTime() + wait;
        const notBefore = new Date(holdUntil).toISOString();
        requeueEvents(db, ids, { now, notBefore, errorKind: r.kind, errorMessage: r.message });
        logger.warn('Batch will be retried', { kind: r.kind, attempts, retryInMs: wait, events: ids.length });
        return { done: false, notBefore };
      }
      case 'auth':
      case 'quota':
      case 'bad_request':
        paused = { kind: r.kind, message: r.message, at: now, provider: agent.provider };
        requeueEvents(db, ids, { now, refundAttempt: true, errorKind: r.kind, errorMessage: r.message });
        logger.warn('Model calls paused until the configuration changes', { kind: r.kind, provider: agent.provider });
        return { done: false };
      case 'context_overflow': {
        if (events.length === 1) {
          keepRaw(events, ctx, summarize, agent, { kind: r.kind, message: r.message });
          return { done: true };
        }
        const half = Math.ceil(events.length / 2);
        const first = await processBatch(events.slice(0, half), ctx, false, s);
        const second = events.slice(half);
        if (first.done) return processBatch(second, ctx, summarize, s);
        // The first half must wait (retry, pause): the second waits with it, its attempt refunded.
        requeueEvents(db, second.map((e) => e.id), { now: iso(), refundAttempt: true, ...(first.notBefore ? { notBefore: first.notBefore } : {}) });
        return first;
      }
      case 'bad_output':
        keepRaw(events, ctx, summarize, agent, { kind: r.kind, message: r.message });
        return { done: true };
      default: {
        const never: never = r.kind;
        throw new Error(`unhandled failure kind ${String(never)}`);
      }
    }
  }

  async function callAgent(agent: MemoryAgent, events: QueuedEvent[], ctx: TurnContext, summarize: boolean): Promise<CompressResult> {
    const ac = new AbortController();
    inflight = ac;
    try {
      return await agent.compress({ project: ctx.project, userPrompt: ctx.userPrompt, events, summarize }, ac.signal);
    } catch (err) {
      // The agent returns failures as values; a throw is a bug or an abort. Retried like an outage.
      logger.error('Memory agent threw', { error: (err as Error).stack ?? String(err) });
      return { ok: false, kind: 'transient', message: `memory agent threw: ${(err as Error).message}` };
    } finally {
      inflight = undefined;
    }
  }

  /** Keep events as deterministic raw observations (lossless), noting why when there was an error. */
  function keepRaw(
    events: QueuedEvent[],
    ctx: TurnContext,
    summarize: boolean,
    agent: MemoryAgent,
    error: { kind: FailureKind; message: string } | undefined,
  ): void {
    const ids = events.map((e) => e.id);
    const now = iso();
    if (error) noteEventError(db, ids, error.kind, error.message, now);
    let observations;
    try {
      observations = buildRawObservations(events);
    } catch (err) {
      // Not even a raw record can be built (a malformed payload): the events end failed, typed.
      logger.error('Raw observation builder failed', { events: ids, error: (err as Error).stack ?? String(err) });
      failEvents(db, ids, error?.kind ?? 'bad_output', `raw builder failed: ${(err as Error).message}`, now);
      return;
    }
    const stored = recordBatchOutcome(db, {
      eventIds: ids,
      projectId: ctx.projectId,
      sessionId: ctx.sessionId,
      promptNumber: ctx.promptNumber,
      state: 'raw',
      observations,
      ...(summarize ? { summary: buildRawSummary(ctx.userPrompt, events) } : {}),
      model: null,
      provider: agent.provider,
      inputTokens: 0,
      outputTokens: 0,
      now,
    });
    void deps.onStored?.(stored.observationIds);
  }

  /** Every backend error goes verbatim to the error log and is kept for `status`. */
  function remember(r: Extract<CompressResult, { ok: false }>, agent: MemoryAgent): void {
    lastError = {
      kind: r.kind,
      status: r.status ?? null,
      message: r.message,
      requestId: r.requestId ?? null,
      at: iso(),
      provider: agent.provider,
      model: agent.model,
    };
    logger.error('Backend error', {
      provider: agent.provider,
      model: agent.model,
      kind: r.kind,
      status: r.status ?? null,
      requestId: r.requestId ?? null,
      retryAfterMs: r.retryAfterMs ?? null,
      message: r.message,
      body: r.body ?? null,
    });
  }

  function waitForWake(ms: number): Promise<void> {
    if (wakeFlag) {
      wakeFlag = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      wakeResolve = resolve;
      void deps.sleep(ms).then(resolve);
    }).finally(() => {
      wakeResolve = undefined;
      wakeFlag = false;
    });
  }

  async function mainLoop(): Promise<void> {
    const recovered = recoverLeases(db, iso(), true);
    if (recovered) logger.info('Recovered events left processing by a previous worker', { events: recovered });
    while (!stopping) {
      try {
        deps.onTick?.();
        // onTick may stop this drain (the database file was replaced): claim nothing more here.
        if (stopping) break;
        await runReady();
      } catch (err) {
        // A storage error (disk full, busy) must not kill the loop; leased rows come back at the next step.
        orphanedClaims = true;
        logger.error('Drain step failed', { error: (err as Error).stack ?? String(err) });
      }
      if (stopping) break;
      await waitForWake(deps.pollMs ?? POLL_MS);
    }
  }

  return {
    runReady,
    run() {
      loop ??= mainLoop();
      return loop;
    },
    wake() {
      wakeFlag = true;
      wakeResolve?.();
    },
    async stop(graceMs) {
      stopping = true;
      wakeResolve?.();
      if (!loop) return;
      const finished = await Promise.race([loop.then(() => true), deps.sleep(graceMs).then(() => false)]);
      if (finished) return;
      inflight?.abort(new Error('worker shutting down'));
      const aborted = await Promise.race([loop.then(() => true), deps.sleep(1_000).then(() => false)]);
      // The agent ignored the abort: forget the call; its rows stay leased and the next worker recovers them.
      if (!aborted) discarded = true;
    },
    resume(reason) {
      if (paused || holdUntil !== null) logger.info('Model calls resumed', { reason, wasPaused: paused?.kind ?? null });
      paused = null;
      holdUntil = null;
      wakeFlag = true;
      wakeResolve?.();
    },
    state: () => ({
      paused,
      lastError,
      holdUntil: holdUntil === null ? null : new Date(holdUntil).toISOString(),
      busy,
    }),
  };
}
