import { isMemError, type EmbeddingsStatus, type ErrorKind } from '../contracts';
import type { Logger } from '../log';
import { backfillEmbeddings, type Embedder } from '../search';
import { countVectors, type Db } from '../store';

/**
 * How far the backfill has come: `EmbeddingsStatus` (contracts/worker-api.ts) before status adds
 * the fix to the last error (`embeddingsStatus` in status.ts).
 */
export type EmbeddingsState = Omit<EmbeddingsStatus, 'lastError'> & {
  lastError: Omit<NonNullable<EmbeddingsStatus['lastError']>, 'fix'> | null;
};

export interface Backfill {
  state(): EmbeddingsState | null;
  stop(): void;
}

const BATCH = 32;
const IDLE_MS = 15_000;
const ERROR_BACKOFF_MS = 60_000;
/** Longest Retry-After honoured: beyond it the endpoint is effectively down; we ask again then. */
const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * Embed observations that have no vector yet, one small batch at a time, so semantic search
 * covers old rows as well as new ones. Runs only when an embeddings provider is configured; an
 * endpoint failure is logged, shown in status and retried after a pause (never shorter than the
 * endpoint's Retry-After) — never a crash.
 */
export function startBackfill(deps: {
  db: Db;
  embedder: () => Embedder | undefined;
  logger: Logger;
  now: () => Date;
}): Backfill {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: EmbeddingsState | null = null;

  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(() => void tick(), ms).unref();
  };

  const tick = async () => {
    const embedder = deps.embedder();
    if (!embedder) {
      current = null;
      return schedule(IDLE_MS);
    }
    if (current?.model !== embedder.id) {
      current = {
        model: embedder.id,
        remaining: 0,
        embedded: 0,
        stored: countVectors(deps.db, embedder.id),
        checked: false,
        lastError: null,
        retryAt: null,
      };
    }
    try {
      const r = await backfillEmbeddings(deps.db, embedder, BATCH, deps.now);
      const stored = countVectors(deps.db, embedder.id);
      current = {
        ...current,
        remaining: r.remaining,
        embedded: current.embedded + r.embedded,
        stored,
        checked: true,
        lastError: null,
        retryAt: null,
      };
      if (r.embedded > 0) deps.logger.info('Embedded observations', { model: embedder.id, ...r });
      schedule(r.remaining > 0 && r.embedded > 0 ? 50 : IDLE_MS);
    } catch (err) {
      const kind: ErrorKind = isMemError(err) ? err.kind : 'internal';
      const message = err instanceof Error ? err.message : String(err);
      const asked = isMemError(err) ? err.retryAfterMs : undefined;
      const wait = Math.max(ERROR_BACKOFF_MS, Math.min(MAX_RETRY_AFTER_MS, asked ?? 0));
      const at = deps.now();
      current = {
        ...current,
        stored: countVectors(deps.db, embedder.id),
        lastError: { kind, message, at: at.toISOString() },
        retryAt: new Date(at.getTime() + wait).toISOString(),
      };
      deps.logger.error('Embeddings backfill failed', {
        model: embedder.id,
        kind,
        error: message,
        ...(asked !== undefined ? { retryAfterMs: asked } : {}),
      });
      schedule(wait);
    }
  };

  schedule(1_000);
  return {
    state: () => current,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
