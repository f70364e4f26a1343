import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isMemError, type ErrorKind } from '../contracts';
import { redactUrlsIn } from '../config';
import type { Logger } from '../log';

/** The team server's HTTP edge: the one table from error kinds to status codes. */
export type ServerErrorKind = ErrorKind | 'too_many' | 'too_large';

const STATUS: Partial<Record<ServerErrorKind, ContentfulStatusCode>> = {
  validation: 400,
  unauthorized: 401,
  not_found: 404,
  too_large: 413,
  too_many: 429,
  storage_busy: 503,
};

export function errorResponse(c: Context, kind: ServerErrorKind, message: string, hint?: string): Response {
  return c.json({ error: hint ? { kind, message, hint } : { kind, message } }, STATUS[kind] ?? 500);
}

/** A MemError keeps its kind; a database error is `storage_busy` (retry) — logged without secrets. */
export function onError(logger: Logger) {
  return (err: Error, c: Context): Response => {
    if (isMemError(err)) return errorResponse(c, err.kind, err.message, err.hint);
    const code = (err as { code?: string }).code;
    logger.error('request failed', { path: c.req.path, code, error: redactUrlsIn(err.stack ?? String(err)) });
    if (code === 'ECONNREFUSED' || code === '57P01' || code === '53300' || /connect|terminat/i.test(err.message)) {
      return errorResponse(c, 'storage_busy', 'The database is unavailable; retry shortly.');
    }
    return errorResponse(c, 'internal', 'Internal error; see the server log.');
  };
}
