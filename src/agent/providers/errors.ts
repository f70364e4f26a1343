import { redactUrlsIn } from '../../config';
import { classifyHttp, isRetryable, retryAfterMs } from '../../contracts';
import type { ProviderFailure, ProviderResult } from './types';

/** What a backend answered when it did not answer with a usable completion. */
export interface WireError {
  status: number;
  body: string;
  headers: Headers;
}

export function requestIdOf(headers: Headers): string | undefined {
  return headers.get('request-id') ?? headers.get('x-request-id') ?? undefined;
}

const BODY_CAP = 4_000;

/** A failure from a non-2xx answer, with the body verbatim (capped) and our secrets masked. */
export function httpFailure(wire: WireError, secrets: Array<string | undefined>): ProviderFailure {
  const kind = classifyHttp(wire.status, wire.body);
  const body = maskSecrets(
    wire.body.length > BODY_CAP ? `${wire.body.slice(0, BODY_CAP)}…[truncated]` : wire.body,
    secrets,
  );
  const requestId = requestIdOf(wire.headers);
  const retry = isRetryable(kind) ? retryAfterMs(wire.headers) : undefined;
  return {
    ok: false,
    kind,
    message: `HTTP ${wire.status}: ${summarizeBody(body)}`,
    status: wire.status,
    body,
    ...(requestId ? { requestId } : {}),
    ...(retry !== undefined ? { retryAfterMs: retry } : {}),
  };
}

/** A failure that never reached an HTTP answer (connection refused, DNS, timeout, abort). */
export function networkFailure(err: unknown, timedOut: boolean): ProviderFailure {
  const detail = errText(err);
  return {
    ok: false,
    kind: 'transient',
    message: timedOut ? `timed out (${detail})` : `network error (${detail})`,
  };
}

export function badOutput(
  message: string,
  body?: string,
  secrets: Array<string | undefined> = [],
): ProviderFailure {
  return {
    ok: false,
    kind: 'bad_output',
    message,
    ...(body !== undefined ? { body: maskSecrets(body.slice(0, BODY_CAP), secrets) } : {}),
  };
}

/** Replace every occurrence of our own credentials (a gateway may echo them back). */
export function maskSecrets(text: string, secrets: Array<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[REDACTED]');
  return out;
}

/** The human part of a JSON error body (`error.message`, `message`), else the start of the text. */
function summarizeBody(body: string): string {
  try {
    const j = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const m = typeof j.error === 'object' && j.error ? j.error.message : (j.error ?? j.message);
    if (typeof m === 'string' && m) return m.slice(0, 300);
  } catch (err) {
    void err; // not JSON: show the raw start instead
  }
  return body.slice(0, 300) || '(empty body)';
}

/**
 * What a thrown call means, read from the wire rather than from SDK error classes, so every
 * adapter maps the same situation the same way: an HTTP error answer, an answer that arrived but
 * could not be read, a refused off-origin request, or no answer at all.
 */
export function failureFromThrown(
  err: unknown,
  wire: { last?: WireError; refused?: string },
  secrets: Array<string | undefined>,
  callerSignal?: AbortSignal,
): ProviderFailure {
  if (wire.refused)
    return {
      ok: false,
      kind: 'bad_request',
      message: `refused a request to ${wire.refused}: not the configured base URL`,
    };
  if (wire.last && wire.last.status >= 400) return httpFailure(wire.last, secrets);
  if (wire.last)
    return badOutput(
      `unreadable answer (HTTP ${wire.last.status}): ${errText(err)}`,
      wire.last.body,
      secrets,
    );
  if (callerSignal?.aborted)
    return { ok: false, kind: 'transient', message: 'aborted by the worker' };
  // A base URL that does not parse will not get better by retrying.
  if (/invalid url/i.test(errText(err)))
    return { ok: false, kind: 'bad_request', message: `invalid base URL (${errText(err)})` };
  return networkFailure(err, /timeout|timed out/i.test(errText(err)));
}

/**
 * An error and its causes in one line. SDKs wrap fetch failures twice ("Connection error" →
 * "fetch failed" → "connect ECONNREFUSED …"); the innermost cause is the one a user can act on
 * (refused, DNS, certificate), so the chain is followed.
 */
function errText(err: unknown): string {
  // fetch quotes a refused URL whole, user info and query included: never let that through.
  return redactUrlsIn(errChain(err));
}

function errChain(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const parts = [`${err.name}: ${err.message}`];
  let cause: unknown = err.cause;
  for (let depth = 0; cause instanceof Error && depth < 4; depth++, cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    parts.push(
      `${cause.message}${typeof code === 'string' && !cause.message.includes(code) ? ` [${code}]` : ''}`,
    );
  }
  return parts.join(' ← ');
}

/** Attach the answer's status and request id to a result that does not have them yet. */
export function withWire(
  r: ProviderResult,
  status: number | undefined,
  headers: Headers | undefined,
): ProviderResult {
  const requestId = headers ? requestIdOf(headers) : undefined;
  return {
    ...r,
    ...(r.status === undefined && status !== undefined ? { status } : {}),
    ...(r.requestId === undefined && requestId ? { requestId } : {}),
  };
}
