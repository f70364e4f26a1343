/**
 * Every failure that crosses a module boundary carries one of these kinds. Core code never knows
 * an HTTP status or an exit code: each edge (HTTP, CLI, MCP, hook) maps kinds in one table.
 */
export const ERROR_KINDS = [
  'config_invalid',
  'validation',
  'not_found',
  'unauthorized',
  'provider_auth',
  'provider_quota',
  'provider_rate_limited',
  'provider_bad_request',
  'provider_context_overflow',
  'provider_unavailable',
  'provider_bad_output',
  'storage_busy',
  'storage_full',
  'storage_unwritable',
  'worker_unreachable',
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** An error with a kind, a message that names the problem and a hint that names the fix. */
export class MemError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  /** How long the backend asked us to wait before trying again (Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    kind: ErrorKind,
    message: string,
    options: { hint?: string; cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MemError';
    this.kind = kind;
    this.hint = options.hint;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function isMemError(e: unknown): e is MemError {
  return e instanceof MemError;
}

/** Expected outcomes are values, not exceptions. */
export type Result<T, K extends string = ErrorKind> =
  | { ok: true; value: T }
  | { ok: false; kind: K; message: string; hint?: string };
