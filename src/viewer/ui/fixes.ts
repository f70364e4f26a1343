/**
 * The fix to suggest for a backend failure, by its kind. The error itself is always shown
 * verbatim next to it; this only says where to look.
 */
const FIXES: Record<string, string> = {
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
};

/** Kinds as the worker may name them (queue failure kinds, or error kinds). */
const ALIASES: Record<string, string> = {
  provider_auth: 'auth',
  unauthorized: 'auth',
  provider_quota: 'quota',
  provider_rate_limited: 'rate_limit',
  provider_bad_request: 'bad_request',
  provider_context_overflow: 'context_overflow',
  provider_unavailable: 'transient',
  provider_bad_output: 'bad_output',
};

export function fixFor(kind: string): string {
  return (
    FIXES[ALIASES[kind] ?? kind] ?? 'See ~/.claude-mem/logs/worker-error.log for the full record.'
  );
}
