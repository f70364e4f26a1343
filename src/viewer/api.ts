import type { ApiErrorBody, HttpErrorKind } from '../contracts';

/**
 * The viewer's only door to the worker. Same-origin requests carry the HttpOnly session cookie;
 * the page never sees the install token. Errors keep the worker's message verbatim.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly kind?: HttpErrorKind,
    readonly hint?: string,
  ) {
    super(message);
  }
}

type Unauthorized = () => void;
let onUnauthorized: Unauthorized = () => undefined;

/** Called once by main: any 401 means the session is gone, so the app shows how to get in. */
export function setUnauthorizedHandler(fn: Unauthorized): void {
  onUnauthorized = fn;
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? null : JSON.stringify(init.body),
  });
  const text = await res.text();
  const json = parse(text);
  if (!res.ok) {
    if (res.status === 401) onUnauthorized();
    throw toError(res.status, json, text);
  }
  return json as T;
}

/** Build a query string, leaving out empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    // Not JSON (a proxy page, a crash): keep the raw text as the message below.
    void err;
    return undefined;
  }
}

/** A worker error is `{error: {kind, message, hint?}}` (ApiErrorBody); anything else (a proxy page) is shown as text. */
function toError(status: number, json: unknown, text: string): ApiError {
  const e = (json as Partial<ApiErrorBody> | undefined)?.error;
  if (e && typeof e.message === 'string') return new ApiError(status, e.message, e.kind, e.hint);
  return new ApiError(status, text || `HTTP ${status}`);
}
