import type { FailureKind } from '../contracts';

/**
 * What the drain does when the memory agent fails a batch: a pure function of the failure, so
 * the whole policy is one table (test/unit/worker-failure-policy.test.ts) and the loop in
 * `drain.ts` only applies it.
 *
 * - retry: the batch goes back to `queued` until `delayMs` has passed (a rate limit or outage
 *   holds every turn, not just this one);
 * - pause: model calls stop until the configuration changes (the attempt is refunded: the
 *   backend refused us, the events did nothing wrong);
 * - keep_raw: the events end as deterministic raw observations, noting the error;
 * - split: the batch is too large for the model; each half is tried on its own.
 */
export type FailureDecision =
  | { action: 'retry'; delayMs: number }
  | { action: 'pause' }
  | { action: 'keep_raw'; gaveUpAfter?: number }
  | { action: 'split'; at: number };

export interface FailureInput {
  kind: FailureKind;
  /** The highest attempt count among the batch's events, this call included. */
  attempts: number;
  /** CLAUDE_MEM_MAX_ATTEMPTS. */
  maxAttempts: number;
  /** What the backend asked for (Retry-After), if anything. */
  retryAfterMs?: number;
  /** Events in the batch. */
  batchSize: number;
}

export function decideOnFailure(f: FailureInput): FailureDecision {
  switch (f.kind) {
    case 'transient':
    case 'rate_limit':
      if (f.attempts >= f.maxAttempts) return { action: 'keep_raw', gaveUpAfter: f.attempts };
      return { action: 'retry', delayMs: retryDelayMs(f.attempts, f.retryAfterMs) };
    case 'auth':
    case 'quota':
    case 'bad_request':
      return { action: 'pause' };
    case 'context_overflow':
      // One event that still overflows cannot get smaller: keep it raw.
      return f.batchSize > 1 ? { action: 'split', at: Math.ceil(f.batchSize / 2) } : { action: 'keep_raw' };
    case 'bad_output':
      return { action: 'keep_raw' };
    default: {
      const never: never = f.kind;
      throw new Error(`unhandled failure kind ${String(never)}`);
    }
  }
}

/** First retry delay; doubles per attempt. */
export const BASE_RETRY_MS = 2_000;
/** Longest wait our own backoff picks. */
export const MAX_BACKOFF_MS = 5 * 60_000;
/** Longest Retry-After we honour: beyond this a backend is effectively down, and attempts are bounded anyway. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * Delay before retry number `attempt` (1 = the first retry) after a transient or rate-limit
 * error: exponential, bounded, and never shorter than what the backend asked for.
 */
export function retryDelayMs(attempt: number, retryAfterMs?: number): number {
  const exp = Math.min(MAX_BACKOFF_MS, BASE_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  const asked = Math.min(MAX_RETRY_AFTER_MS, Math.max(0, retryAfterMs ?? 0));
  return Math.max(exp, asked);
}
