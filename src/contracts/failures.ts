import type { ErrorKind } from './errors';

/**
 * The one failure vocabulary of a backend call (a model provider or an embeddings endpoint):
 * the kind a call fails with, the error kind it becomes when it crosses a module boundary as a
 * `MemError`, the fix to show next to it, and the one table from an HTTP answer to a kind.
 * Plain data and pure functions, no zod: the viewer imports the types, the hook bundle may
 * import the values.
 */

/** Failure kinds a backend call (and so a queued event) can end in (DESIGN principle 4). */
export const FAILURE_KINDS = [
  'auth',
  'quota',
  'rate_limit',
  'bad_request',
  'context_overflow',
  'transient',
  'bad_output',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** The error kind each failure kind becomes as a `MemError` (total: every failure kind has one). */
export const FAILURE_ERROR_KINDS = {
  auth: 'provider_auth',
  quota: 'provider_quota',
  rate_limit: 'provider_rate_limited',
  bad_request: 'provider_bad_request',
  context_overflow: 'provider_context_overflow',
  transient: 'provider_unavailable',
  bad_output: 'provider_bad_output',
} as const satisfies Record<FailureKind, ErrorKind>;
export type ProviderErrorKind = (typeof FAILURE_ERROR_KINDS)[FailureKind];

export function isFailureKind(kind: string): kind is FailureKind {
  return (FAILURE_KINDS as readonly string[]).includes(kind);
}

/** The failure kind an error kind stands for; undefined for kinds that are not a backend failure. */
export function failureKindOf(kind: ErrorKind): FailureKind | undefined {
  if (isFailureKind(kind)) return kind;
  for (const f of FAILURE_KINDS) if (FAILURE_ERROR_KINDS[f] === kind) return f;
  // A refused token is a credentials problem too, whoever refused it.
  return kind === 'unauthorized' ? 'auth' : undefined;
}

/**
 * Which backend failed: the fix differs (the model's key is not the embeddings key, and the
 * `claude-code` provider has its own login instead of a key).
 */
export type FailureSubject = 'model' | 'claude-code' | 'embeddings';

/**
 * The fix to suggest for a failure, by kind and subject. The error itself is always shown
 * verbatim next to it; this only says where to look. Shown by `claude-mem status`, the worker's
 * `/api/status` (field `fix`) and the viewer's health page.
 */
export const FAILURE_FIXES: Record<FailureSubject, Record<FailureKind, string>> = {
  model: {
    auth: 'The backend rejected the credentials. Check ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN for a gateway) in ~/.claude-mem/.env — keys in your shell are never used — then run `claude-mem worker restart`.',
    quota:
      'The account is out of credit or over its quota. Top it up or raise the limit with your provider, or switch CLAUDE_MEM_PROVIDER to offline; events are kept raw meanwhile.',
    rate_limit:
      'The backend is rate-limiting. claude-mem retries after the delay it asks for; nothing to do unless it persists.',
    bad_request:
      'The backend refused the request. Check that CLAUDE_MEM_MODEL names a model your backend (or gateway alias) serves, and that ANTHROPIC_BASE_URL points at an Anthropic-compatible endpoint.',
    context_overflow:
      'A batch was too large for the model. Lower CLAUDE_MEM_BATCH_MAX_CHARS or CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS.',
    transient:
      'The backend was unreachable or failed temporarily. Check the network or ANTHROPIC_BASE_URL; queued events are retried.',
    bad_output:
      'The model answered in a shape claude-mem could not read; the events were kept raw. A stronger model (CLAUDE_MEM_MODEL) usually fixes this.',
  },
  'claude-code': {
    // The first three are also appended to the provider's own error message (agent/providers/claude-code.ts).
    auth: 'log the claude CLI in (run `claude`, then /login), or fix `env` / `apiKeyHelper` in ~/.claude/settings.json; the worker resumes when the login changes',
    quota:
      'your Claude plan or gateway has no usage left; events wait until it resets, or choose another provider',
    bad_request: 'check CLAUDE_MEM_MODEL (a model your Claude Code login may use)',
    rate_limit:
      'The backend is rate-limiting. claude-mem retries later; nothing to do unless it persists.',
    context_overflow:
      'A batch was too large for the model. Lower CLAUDE_MEM_BATCH_MAX_CHARS or CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS.',
    transient:
      'The claude CLI or its backend failed temporarily (see the message); queued events are retried.',
    bad_output:
      'The model answered in a shape claude-mem could not read; the events were kept raw. A stronger model (CLAUDE_MEM_MODEL) usually fixes this.',
  },
  embeddings: {
    auth: 'The embeddings endpoint rejected the key. Set CLAUDE_MEM_EMBEDDINGS_API_KEY in ~/.claude-mem/.env (GEMINI_API_KEY also works for gemini).',
    quota:
      'The embeddings account is out of credit or over its quota. Top it up, or set CLAUDE_MEM_EMBEDDINGS_PROVIDER=none; search stays keyword-only meanwhile.',
    rate_limit:
      'The embeddings endpoint is rate-limiting. The worker waits as long as it asks before the next batch; nothing to do unless it persists.',
    bad_request:
      'The embeddings endpoint refused the request. Check CLAUDE_MEM_EMBEDDINGS_MODEL and CLAUDE_MEM_EMBEDDINGS_BASE_URL.',
    context_overflow:
      'A text was too long for the embeddings model. Choose a model with a longer input (CLAUDE_MEM_EMBEDDINGS_MODEL).',
    transient:
      'The embeddings endpoint was unreachable or failed temporarily. Check the network or CLAUDE_MEM_EMBEDDINGS_BASE_URL; the worker tries again.',
    bad_output:
      'The embeddings endpoint answered in a shape claude-mem could not read. Is CLAUDE_MEM_EMBEDDINGS_BASE_URL an embeddings API of the configured provider?',
  },
};

/** For an error that is not a backend failure (a stored kind from another version, `internal`). */
export const FALLBACK_FIX = 'See ~/.claude-mem/logs/worker-error.log for the full record.';

/** The fix for a failure kind or the error kind it became. */
export function fixFor(kind: FailureKind | ErrorKind, subject: FailureSubject = 'model'): string {
  const f = isFailureKind(kind) ? kind : failureKindOf(kind);
  return f ? FAILURE_FIXES[subject][f] : FALLBACK_FIX;
}

/**
 * The one table from an HTTP answer to a failure kind, shared by every model provider and every
 * embeddings client, so the same answer means the same thing whichever backend sent it. Billing
 * problems arrive as 400, 402, 403 or 429 depending on the vendor, so the body is checked before
 * the status.
 */
export function classifyHttp(status: number, body: string): FailureKind {
  const text = body.toLowerCase();
  if (status === 408 || status === 409 || status >= 500 || status < 400) return 'transient';
  if (status === 402 || QUOTA.some((re) => re.test(text))) return 'quota';
  if (status === 429) return 'rate_limit';
  if (status === 413 || CONTEXT.some((re) => re.test(text))) return 'context_overflow';
  if (status === 401 || status === 403 || BAD_KEY.some((re) => re.test(text))) return 'auth';
  return 'bad_request';
}

const QUOTA = [
  /credit balance/,
  /insufficient[_ ]quota/,
  /billing/,
  /insufficient (credits|funds|balance)/,
  /payment required/,
  /exceeded your current quota.*(plan|billing)/,
];
const CONTEXT = [
  /prompt is too long/,
  /context[_ ]length/,
  /maximum context/,
  /context window/,
  /too many (input )?tokens/,
  /input is too long/,
  /exceeds the maximum number of tokens/,
];
// Gemini answers a bad key with 400 INVALID_ARGUMENT.
const BAD_KEY = [/api_key_invalid/, /api key not valid/];

/** Whether a failure of this kind may succeed when tried again later (the only kinds retried). */
export function isRetryable(kind: FailureKind): boolean {
  return kind === 'rate_limit' || kind === 'transient';
}

/**
 * Retry-After as milliseconds: `retry-after-ms`, then `retry-after` (seconds or an HTTP date).
 * Takes anything with `get` (a fetch `Headers`).
 */
export function retryAfterMs(
  headers: { get(name: string): string | null },
  now: () => number = Date.now,
): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0)
    return Math.round(ms);
  const raw = headers.get('retry-after');
  if (raw === null || raw.trim() === '') return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs) && secs >= 0) return Math.round(secs * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}
