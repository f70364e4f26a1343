import { redactUrlsIn } from '../../config';
import { MemError } from '../../contracts';
import type { FetchLike } from './types';

/**
 * POST JSON to an embeddings endpoint and return the parsed body, or throw a MemError whose kind
 * says what went wrong (auth, rate limit, bad request, unavailable, bad output). The response
 * body is kept in the message: it is the only clue a gateway gives.
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
      hint: 'Check CLAUDE_MEM_EMBEDDINGS_BASE_URL, or set CLAUDE_MEM_EMBEDDINGS_PROVIDER=none.',
      cause: err,
    });
  }
  const text = await res.text();
  if (!res.ok) {
    const kind =
      res.status === 401 || res.status === 403
        ? 'provider_auth'
        : res.status === 429
          ? 'provider_rate_limited'
          : res.status >= 400 && res.status < 500
            ? 'provider_bad_request'
            : 'provider_unavailable';
    throw new MemError(kind, `Embeddings endpoint ${hostOf(url)} answered ${res.status}: ${masked(text.slice(0, 500), headers)}`, {
      hint:
        kind === 'provider_auth'
          ? 'Set CLAUDE_MEM_EMBEDDINGS_API_KEY in ~/.claude-mem/.env.'
          : 'Check CLAUDE_MEM_EMBEDDINGS_MODEL and CLAUDE_MEM_EMBEDDINGS_BASE_URL.',
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badOutput(url, `not JSON: ${text.slice(0, 200)}`, err);
  }
}

export function badOutput(url: string, what: string, cause?: unknown): MemError {
  return new MemError('provider_bad_output', `Embeddings endpoint ${hostOf(url)} returned ${what}`, {
    hint: 'Is CLAUDE_MEM_EMBEDDINGS_BASE_URL an embeddings API of the configured provider?',
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
