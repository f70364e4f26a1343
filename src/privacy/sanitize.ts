import { stripPrivate } from './private-tags';
import { isSecretName, redactionMarker, redactSecrets } from './secrets';

export interface SanitizeOptions {
  /** Redact secret-shaped strings too (CLAUDE_MEM_REDACT_SECRETS); `<private>` is always stripped. */
  redact: boolean;
}

/**
 * stripPrivate + redactSecrets (when `redact`), applied to every string inside a JSON-like value,
 * object keys included. A string field whose name says it holds a secret (`password`, `apiKey`,
 * `GITHUB_TOKEN`…) is replaced whole, since its value alone may look like anything.
 * Returns a new value; the input is not changed.
 */
export function sanitize<T>(value: T, opts: SanitizeOptions = { redact: true }): T {
  return clean(value, opts, 0) as T;
}

/** stripPrivate, then redactSecrets when asked: the one pipeline every captured string goes through. */
export function sanitizeText(text: string, opts: SanitizeOptions = { redact: true }): string {
  const stripped = stripPrivate(text);
  return opts.redact ? redactSecrets(stripped) : stripped;
}

// Deep enough for any real tool payload; deeper values are dropped rather than recursed into.
const MAX_DEPTH = 64;

function clean(value: unknown, opts: SanitizeOptions, depth: number): unknown {
  if (typeof value === 'string') return sanitizeText(value, opts);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[omitted: nested too deeply]';
  if (Array.isArray(value)) return value.map((v) => clean(v, opts, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = sanitizeText(k, opts);
    out[key] =
      opts.redact &&
      typeof v === 'string' &&
      v !== '' &&
      isSecretName(k) &&
      !v.startsWith('[REDACTED:')
        ? redactionMarker('secret-value')
        : clean(v, opts, depth + 1);
  }
  return out;
}
