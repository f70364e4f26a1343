import { baseUrlHost, type Paths, type ProviderConfig, type Settings } from '../config';
import { fixFor, type EmbeddingsStatus, type FailureSubject, type WorkerRuntime, type WorkerStatus } from '../contracts';
import { countMissingRelatedWords, lastQueueError, queueCounts, usageOn, type Db } from '../store';
import type { DrainState } from './drain';
import type { EmbeddingsState } from './embeddings';
import { WORKER_VERSION } from './version';

/**
 * What `GET /api/status`, `claude-mem status` and the viewer show (`WorkerStatus` in
 * contracts/worker-api.ts). Built from SQLite alone when the worker is stopped (queue counts,
 * tokens, last error recorded on a queue row), and enriched with the live drain state (pause,
 * last backend error with status and request id) when it runs. Each error carries its fix.
 */
export type { WorkerStatus };

export interface StatusInputs {
  paths: Paths;
  provider: ProviderConfig;
  settings: Pick<Settings, 'CLAUDE_MEM_DAILY_TOKEN_BUDGET'>;
  warnings: string[];
  now: Date;
  /** Present when the worker computes its own status. */
  live?: { runtime: WorkerRuntime; drain: DrainState; embeddings?: EmbeddingsState | null };
}

/** `db` may be undefined when no database exists yet (nothing has been captured). */
export function collectStatus(db: Db | undefined, i: StatusInputs): WorkerStatus {
  const queue = db ? queueCounts(db) : { queued: 0, processing: 0, compressed: 0, raw: 0, failed: 0 };
  const usage = db ? usageOn(db, i.now.toISOString().slice(0, 10)) : { calls: 0, inputTokens: 0, outputTokens: 0 };
  const tokensToday = usage.inputTokens + usage.outputTokens;
  const budget = i.settings.CLAUDE_MEM_DAILY_TOKEN_BUDGET;
  const drain = i.live?.drain;
  const stored = db ? lastQueueError(db) : undefined;
  const subject: FailureSubject = i.provider.provider === 'claude-code' ? 'claude-code' : 'model';
  const lastError = drain?.lastError
    ? {
        kind: drain.lastError.kind,
        status: drain.lastError.status,
        message: drain.lastError.message,
        requestId: drain.lastError.requestId,
        at: drain.lastError.at,
        fix: fixFor(drain.lastError.kind, subject),
      }
    : stored
      ? { kind: stored.kind, status: null, message: stored.message, requestId: null, at: stored.at, fix: fixFor(stored.kind, subject) }
      : null;
  const paused = drain?.paused
    ? { kind: drain.paused.kind, message: drain.paused.message, at: drain.paused.at, fix: fixFor(drain.paused.kind, subject) }
    : null;
  const embeddings = i.live?.embeddings;
  const rt = i.live?.runtime;
  const host = baseUrlHost(i.provider);
  return {
    running: rt !== undefined,
    pid: rt?.pid ?? null,
    port: rt?.port ?? null,
    version: rt?.version ?? WORKER_VERSION,
    startedAt: rt?.startedAt ?? null,
    heldPort: rt?.heldPort ?? null,
    uptime: rt ? Math.max(0, Math.round((i.now.getTime() - Date.parse(rt.startedAt)) / 1000)) : null,
    dataDir: i.paths.dataDir,
    provider: i.provider.provider,
    model: i.provider.model,
    baseUrlHost: host === '' ? null : host,
    queue,
    tokensToday,
    usageToday: usage,
    dailyBudget: budget,
    budgetSpent: budget > 0 && tokensToday >= budget,
    paused,
    pausedReason: paused ? `${paused.kind}: ${paused.message}` : null,
    retryAfter: drain?.holdUntil ?? null,
    lastError,
    embeddings: embeddings ? embeddingsStatus(embeddings) : null,
    reindexing: db ? countMissingRelatedWords(db) : 0,
    warnings: i.warnings,
  };
}

/** The backfill's state as status shows it: its last error with the fix for an embeddings endpoint. */
export function embeddingsStatus(state: EmbeddingsState): EmbeddingsStatus {
  const e = state.lastError;
  return { ...state, lastError: e && { ...e, fix: fixFor(e.kind, 'embeddings') } };
}
