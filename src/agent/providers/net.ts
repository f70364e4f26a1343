/**
 * The fetch every provider goes through, one per call. It enforces on the wire what the design
 * promises, whatever an SDK does internally:
 * - requests go only to the configured base URL's origin (no SDK default host, no fallback);
 * - the request headers are exactly `headers` (auth, version, content type) and nothing else:
 *   the SDKs merge `ANTHROPIC_CUSTOM_HEADERS` / `OPENAI_CUSTOM_HEADERS` from the environment, and
 *   the user's shell must never add or replace a header (above all an Authorization) on our calls;
 * - the last answer (status, headers, body text) is kept, so errors can be logged verbatim even
 *   when an SDK has already parsed and reshaped the body.
 */
export interface Wire {
  last?: { status: number; headers: Headers; body: string };
  /** A URL the guard refused (not the configured origin). */
  refused?: string;
}

/** Sent on every call; the provider adds its auth and protocol headers. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  accept: 'application/json',
  'content-type': 'application/json',
  'user-agent': 'claude-mem',
};

export function guardedFetch(
  baseURL: string,
  inner: typeof fetch,
  headers: Record<string, string>,
): { fetch: typeof fetch; wire: Wire } {
  const wire: Wire = {};
  const wrapped = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // Parsed here, inside the call, so a bad base URL becomes a failure value, not a throw.
    const origin = new URL(baseURL).origin;
    if (new URL(url).origin !== origin) {
      wire.refused = url;
      throw new Error(
        `refused a request to ${new URL(url).origin}: only ${origin} (the configured base URL) is allowed`,
      );
    }
    const res = await inner(url, { ...init, headers: { ...BASE_HEADERS, ...headers } });
    const body = await res.clone().text();
    wire.last = { status: res.status, headers: res.headers, body };
    return res;
  };
  return { fetch: wrapped as typeof fetch, wire };
}

/** A signal that fires on the caller's abort or after `ms`, whichever comes first. */
export function timeoutSignal(ms: number, outer?: AbortSignal): AbortSignal {
  const t = AbortSignal.timeout(ms);
  return outer ? AbortSignal.any([outer, t]) : t;
}
