import { baseUrlHost, type Paths, type ProviderConfig, type Settings } from '../config';
import type { QueueState, WorkerRuntime } from '../contracts';
import { countMissingRelatedWords, lastQueueError, queueCounts, usageOn, type Db } from '../store';
import type { DrainState } from './drain';
import type { EmbeddingsState } from './embeddings';
import { WORKER_VERSION } from './version';

/**
 * What `GET /api/status`, `claude-mem status` and the viewer show. Built from SQLite alone when
 * the worker is stopped (queue counts, tokens, last error recorded on a queue row), and enriched
 * with the live drain state (pause, last backend error with status and request id) when it runs.
 * It never carries a secret: only the provider, model and base URL *host*.
 */
export interface WorkerStatus {
  running: boolean;
  pid: number | null;
  port: number | null;
  version: string;
  startedAt: string | null;
  /** CLAUDE_MEM_WORKER_PORT when another process holds it (the worker then listens on `port`). */
  heldPort: number | null;
  /** Seconds since the worker started. */
  uptime: number | null;
  dataDir: string;
  provider: string;
  model: string;
  baseUrlHost: string | null;
  queue: Record<QueueState, number>;
  /** Model tokens (input + output) used today (UTC). */
  tokensToday: number;
  usageToday: { calls: number; inputTokens: number; outputTokens: number };
  dailyBudget: number;
  budgetSpent: boolean;
  paused: { kind: string; message: string; at: string } | null;
  pausedReason: string | null;
  /** Calls wait for a retry delay until then. */
  retryAfter: string | null;
  lastError: { kind: string; status: number | null; message: string; requestId: string | null; at: string } | null;
  /** Semantic-search backfill progress; null when embeddings are off or the worker is stopped. */
  embeddings: EmbeddingsState | null;
  /** Older records still waiting for their related words (the worker indexes them in the background). */
  reindexing: number;
  warnings: string[];
}

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
  const lastError = drain?.lastError
    ? {
        kind: drain.lastError.kind,
        status: drain.lastError.status,
        message: drain.lastError.message,
        requestId: drain.lastError.requestId,
        at: drain.lastError.at,
      }
    : stored
      ? { kind: stored.kind, status: null, message: stored.message, requestId: null, at: stored.at }
      : null;
  const paused = drain?.paused ? { kind: drain.paused.kind, message: drain.paused.message, at: drain.paused.at } : null;
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
    embeddings: i.live?.embeddings ?? null,
    reindexing: db ? countMissingRelatedWords(db) : 0,
    warnings: i.warnings,
  };
}
