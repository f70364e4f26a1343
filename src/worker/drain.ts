import type { CompressResult, MemoryAgent } from '../agent';
import type { Settings } from '../config';
import type { FailureKind } from '../contracts';
import type { Logger } from '../log';
import {
  claimTurn,
  countQueuedInTurn,
  getProject,
  getPrompt,
  pendingTurns,
  recoverLeases,
  requeueEvents,
  type Db,
  type PendingTurn,
} from '../store';
import { keepRaw, storeAnswer, type Batch, type TurnContext } from './batch-outcome';
import { decideOnFailure } from './failure-policy';
import { budgetSpent, TURN_IDLE_MS, turnOver, turnReady } from './turn-readiness';
import { createWakeSignal } from './wake-signal';
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


export { TURN_IDLE_MS } from './turn-readiness';
const POLL_MS = 2_000;
const MAX_EVENTS_PER_BATCH = 500;

/** A failed compress call; `stack` when the agent threw instead of returning the failure. */
type Failure = Extract<CompressResult, { ok: false }> & { stack?: string };

/** What became of a batch: done (terminal), or waiting (retry at `notBefore`, paused, shutting down). */
type BatchResult = { done: true } | { done: false; notBefore?: string };

export function createDrain(deps: DrainDeps): Drain {
  const { db, logger } = deps;
  const iso = () => deps.now().toISOString();
  const signal = createWakeSignal(deps.sleep);
  // What `status` shows.
  let paused: DrainPause | null = null;
  let lastError: DrainError | null = null;
  let holdUntil: number | null = null;
  let busy = false;
  // Lifecycle.
  let stopping = false;
  let discarded = false;
  let orphanedClaims = false;
  let inflight: AbortController | undefined;
  let loop: Promise<void> | undefined;

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
      const readiness = { idleMs: deps.turnIdleMs ?? TURN_IDLE_MS, batchMaxChars: s.CLAUDE_MEM_BATCH_MAX_CHARS };
      const turn = pendingTurns(db, iso(), 1000).find((t) => turnReady(db, t, deps.now(), readiness));
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
    const ctx: TurnContext = {
      projectId: turn.projectId,
      sessionId: turn.sessionId,
      promptNumber: turn.promptNumber,
      project: getProject(db, turn.projectId)?.name ?? '',
      userPrompt: getPrompt(db, turn.sessionId, turn.promptNumber)?.text ?? '',
    };
    const summarize = turnOver(turn) && countQueuedInTurn(db, turn.sessionId, turn.promptNumber) === 0;
    busy = true;
    try {
      await processBatch({ events, turn: ctx, summarize }, s);
    } finally {
      busy = false;
    }
    return true;
  }

  async function processBatch(b: Batch, s: DrainSettings): Promise<BatchResult> {
    const agent = deps.agent();
    if (budgetSpent(db, s.CLAUDE_MEM_DAILY_TOKEN_BUDGET, deps.now())) {
      logger.info('Daily token budget spent; keeping events raw', { events: b.events.length, budget: s.CLAUDE_MEM_DAILY_TOKEN_BUDGET });
      storeRaw(b, agent, undefined);
      return { done: true };
    }
    const r = await callAgent(agent, b);
    if (discarded) return { done: false }; // shut down mid-call: the rows stay leased for the next worker
    if (r.ok) {
      // Stored first, then handed on: `onStored?.(store…)` would skip the store without a listener.
      const ids = storeAnswer(db, b, r, agent.provider, iso());
      await deps.onStored?.(ids);
      return { done: true };
    }
    return handleFailure(r, b, s, agent);
  }

  /** Decide (failure-policy.ts), log the failure once with that decision, then apply it. */
  async function handleFailure(r: Failure, b: Batch, s: DrainSettings, agent: MemoryAgent): Promise<BatchResult> {
    const ids = b.events.map((e) => e.id);
    const now = iso();
    const attempts = Math.max(...b.events.map((e) => e.attempts));
    lastError = {
      kind: r.kind,
      status: r.status ?? null,
      message: r.message,
      requestId: r.requestId ?? null,
      at: now,
      provider: agent.provider,
      model: agent.model,
    };
    if (stopping) {
      // Aborted by shutdown: not the backend's fault, so the attempt is given back.
      logBackendError(r, agent, { decision: 'give_back' });
      requeueEvents(db, ids, { now, refundAttempt: true });
      return { done: false };
    }
    const d = decideOnFailure({
      kind: r.kind,
      attempts,
      maxAttempts: s.CLAUDE_MEM_MAX_ATTEMPTS,
      batchSize: b.events.length,
      ...(r.retryAfterMs !== undefined ? { retryAfterMs: r.retryAfterMs } : {}),
    });
    switch (d.action) {
      case 'retry': {
        logBackendError(r, agent, { decision: 'retry', attempts, retryInMs: d.delayMs, events: ids.length });
        holdUntil = deps.now().getTime() + d.delayMs;
        const notBefore = new Date(holdUntil).toISOString();
        requeueEvents(db, ids, { now, notBefore, errorKind: r.kind, errorMessage: r.message });
        return { done: false, notBefore };
      }
      case 'pause':
        logBackendError(r, agent, { decision: 'pause until the configuration changes' });
        paused = { kind: r.kind, message: r.message, at: now, provider: agent.provider };
        requeueEvents(db, ids, { now, refundAttempt: true, errorKind: r.kind, errorMessage: r.message });
        return { done: false };
      case 'keep_raw': {
        logBackendError(r, agent, { decision: 'keep raw', attempts, events: ids.length });
        const message = d.gaveUpAfter !== undefined ? `gave up after ${d.gaveUpAfter} attempts: ${r.message}` : r.message;
        storeRaw(b, agent, { kind: r.kind, message });
        return { done: true };
      }
      case 'split': {
        logBackendError(r, agent, { decision: 'split', events: ids.length });
        const first = await processBatch({ ...b, events: b.events.slice(0, d.at), summarize: false }, s);
        const second = b.events.slice(d.at);
        if (first.done) return processBatch({ ...b, events: second }, s);
        // The first half must wait (retry, pause): the second waits with it, its attempt refunded.
        requeueEvents(db, second.map((e) => e.id), { now: iso(), refundAttempt: true, ...(first.notBefore ? { notBefore: first.notBefore } : {}) });
        return first;
      }
      default: {
        const never: never = d;
        throw new Error(`unhandled decision ${JSON.stringify(never)}`);
      }
    }
  }

  async function callAgent(agent: MemoryAgent, b: Batch): Promise<CompressResult | Failure> {
    const ac = new AbortController();
    inflight = ac;
    try {
      return await agent.compress({ project: b.turn.project, userPrompt: b.turn.userPrompt, events: b.events, summarize: b.summarize }, ac.signal);
    } catch (err) {
      // The agent returns failures as values; a throw is a bug or an abort. Retried like an outage.
      return { ok: false, kind: 'transient', message: `memory agent threw: ${(err as Error).message}`, stack: (err as Error).stack ?? String(err) };
    } finally {
      inflight = undefined;
    }
  }

  function storeRaw(b: Batch, agent: MemoryAgent, error: { kind: FailureKind; message: string } | undefined): void {
    const ids = keepRaw(db, b, agent.provider, error, iso(), logger);
    if (ids) void deps.onStored?.(ids);
  }

  /** One line per backend failure, verbatim, with what the drain does about it: the error log is where users look. */
  function logBackendError(r: Failure, agent: MemoryAgent, then: Record<string, unknown>): void {
    logger.error('Backend error', {
      provider: agent.provider,
      model: agent.model,
      kind: r.kind,
      status: r.status ?? null,
      requestId: r.requestId ?? null,
      retryAfterMs: r.retryAfterMs ?? null,
      message: r.message,
      body: r.body ?? null,
      ...(r.stack ? { stack: r.stack } : {}),
      ...then,
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
      await signal.wait(deps.pollMs ?? POLL_MS);
    }
  }

  return {
    runReady,
    run() {
      loop ??= mainLoop();
      return loop;
    },
    wake: () => signal.wake(),
    async stop(graceMs) {
      stopping = true;
      signal.wake();
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
      signal.wake();
    },
    state: () => ({
      paused,
      lastError,
      holdUntil: holdUntil === null ? null : new Date(holdUntil).toISOString(),
      busy,
    }),
  };
}
