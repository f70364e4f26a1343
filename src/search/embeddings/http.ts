import { redactUrlsIn } from '../../config';
import { classifyHttp, FAILURE_ERROR_KINDS, fixFor, isRetryable, MemError, retryAfterMs } from '../../contracts';
import type { FetchLike } from './types';

/**
 * POST JSON to an embeddings endpoint and return the parsed body, or throw a MemError whose kind
 * says what went wrong (`FAILURE_ERROR_KINDS` of the shared `classifyHttp`), with Retry-After when
 * a retryable answer gave one. The response body is kept in the message: it is the only clue a
 * gateway gives.
 */
export async function postJson(
  fetchImpl: FetchLike,
  url: string,
  headers: Record<string, string>,
  body: unknown,
  timeoutMs: number,
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new MemError('provider_unavailable', `Embeddings endpoint ${hostOf(url)} unreachable: ${redactUrlsIn((err as Error).message)}`, {
      hint: `${fixFor('transient', 'embeddings')} Or set CLAUDE_MEM_EMBEDDINGS_PROVIDER=none.`,
      cause: err,
    });
  }
  const text = await res.text();
  if (!res.ok) {
    // The same table the model providers use: a 408, a 402 or a 413 means the same from either.
    const failure = classifyHttp(res.status, text);
    const retry = isRetryable(failure) ? retryAfterMs(res.headers) : undefined;
    throw new MemError(
      FAILURE_ERROR_KINDS[failure],
      `Embeddings endpoint ${hostOf(url)} answered ${res.status}: ${masked(text.slice(0, 500), headers)}`,
      { hint: fixFor(failure, 'embeddings'), ...(retry !== undefined ? { retryAfterMs: retry } : {}) },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badOutput(url, `not JSON: ${text.slice(0, 200)}`, err);
  }
}

export function badOutput(url: string, what: string, cause?: unknown): MemError {
  return new MemError('provider_bad_output', `Embeddings endpoint ${hostOf(url)} returned ${what}`, {
    hint: fixFor('bad_output', 'embeddings'),
    ...(cause === undefined ? {} : { cause }),
  });
}

/** A vector of finite numbers, or undefined. */
export function toVector(v: unknown): Float32Array | undefined {
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) return undefined;
  return Float32Array.from(v as number[]);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch (err) {
    void err; // never echo a malformed URL: it may hold a pasted key; the caller reports the failure
    return '(invalid URL)';
  }
}

/** The endpoint's text with our own credentials (header values) masked: a gateway may echo them. */
function masked(text: string, headers: Record<string, string>): string {
  let out = redactUrlsIn(text);
  for (const v of Object.values(headers)) {
    for (const part of [v, v.replace(/^(Bearer|Basic)\s+/i, '')]) if (part.length >= 8) out = out.split(part).join('[REDACTED]');
  }
  return out;
}
