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
