import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isMemError, type ApiErrorBody, type HttpErrorKind } from '../contracts';
import type { Logger } from '../log';

export type { HttpErrorKind };

/**
 * The worker's HTTP edge: the one table from error kinds to status codes. `forbidden` and the
 * other HTTP-only kinds (contracts/worker-api.ts) exist only here (a request from a foreign Host
 * or Origin is refused before any part of the product sees it).
 */
const STATUS: Record<HttpErrorKind, ContentfulStatusCode> = {
  config_invalid: 500,
  validation: 400,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  too_many: 429,
  too_large: 413,
  // A risky change from the viewer waits for a code from `claude-mem confirm` (the terminal).
  confirmation_required: 428,
  provider_auth: 502,
  provider_quota: 502,
  provider_rate_limited: 503,
  provider_bad_request: 502,
  provider_context_overflow: 502,
  provider_unavailable: 503,
  provider_bad_output: 502,
  storage_busy: 503,
  storage_full: 507,
  storage_unwritable: 500,
  worker_unreachable: 503,
  internal: 500,
};

export function statusFor(kind: HttpErrorKind): ContentfulStatusCode {
  return STATUS[kind];
}

/** A JSON error body the viewer and CLI understand: `{error: {kind, message, hint?}}`. */
export function errorResponse(c: Context, kind: HttpErrorKind, message: string, hint?: string): Response {
  return c.json({ error: hint ? { kind, message, hint } : { kind, message } } satisfies ApiErrorBody, statusFor(kind));
}

/** Hono's onError: a MemError keeps its kind; anything else is an internal error, logged with its stack. */
export function onError(logger: Logger) {
  return (err: Error, c: Context): Response => {
    if (isMemError(err)) return errorResponse(c, err.kind, err.message, err.hint);
    logger.error('HTTP handler failed', { path: c.req.path, error: err.stack ?? String(err) });
    return errorResponse(c, 'internal', 'Internal error; see logs/worker-error.log.');
  };
}
