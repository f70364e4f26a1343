import { baseUrlHost, type ProviderConfig } from '../../config';
import { num } from './anthropic';
import { badOutput, failureFromThrown, httpFailure, withWire } from './errors';
import { guardedFetch } from './net';
import type { Provider, ProviderRequest, ProviderResult } from './types';

type OpenRouterConfig = Extract<ProviderConfig, { provider: 'openrouter' }>;

/**
 * Placeholder the OpenAI SDK gets when there is no key (Ollama, vLLM, LM Studio on loopback):
 * the SDK refuses to start without one. It never leaves the process: the `Authorization: null`
 * default header drops it inside the SDK, and the guarded fetch sends only the headers we chose
 * (none for auth here), so a keyless endpoint receives no Authorization header at all.
 */
const KEYLESS_PLACEHOLDER = 'claude-mem-keyless';

/**
 * Any OpenAI-compatible chat-completions endpoint (provider name `openrouter`): OpenRouter,
 * Ollama, vLLM, LM Studio, LiteLLM. The key, when set, is sent as `Authorization: Bearer`.
 * Every option the SDK would read from the environment (`OPENAI_*`) is passed explicitly.
 */
export function openAICompatibleProvider(cfg: OpenRouterConfig, fetchImpl: typeof fetch): Provider {
  const secrets = [cfg.apiKey];
  return {
    name: 'openrouter',
    model: cfg.model,
    baseUrlHost: baseUrlHost(cfg),
    async call(req: ProviderRequest): Promise<ProviderResult> {
      const { fetch, wire } = guardedFetch(
        cfg.baseURL,
        fetchImpl,
        cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {},
      );
      try {
        // The SDK loads at the first model call, not with the worker (see anthropic.ts).
        const { default: OpenAI } = await import('openai');
        const client = new OpenAI({
          apiKey: cfg.apiKey ?? KEYLESS_PLACEHOLDER,
          adminAPIKey: null,
          organization: null,
          project: null,
          webhookSecret: null,
          baseURL: cfg.baseURL,
          maxRetries: 0, // the worker owns retries and backoff
          timeout: cfg.timeoutMs,
          fetch,
          logLevel: 'off',
          ...(cfg.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
        });
        const completion: unknown = await client.chat.completions.create(
          {
            model: cfg.model,
            max_tokens: req.maxTokens,
            messages: [
              { role: 'system', content: req.system },
              { role: 'user', content: req.user },
            ],
          },
          req.signal ? { signal: req.signal } : undefined,
        );
        return withWire(
          readCompletion(completion, cfg.model, wire.last, secrets),
          wire.last?.status,
          wire.last?.headers,
        );
      } catch (err) {
        return failureFromThrown(err, wire, secrets, req.signal);
      }
    },
  };
}

function readCompletion(
  c: unknown,
  model: string,
  last: { status: number; headers: Headers; body: string } | undefined,
  secrets: Array<string | undefined>,
): ProviderResult {
  const r = c as {
    choices?: Array<{ message?: { content?: unknown } }>;
    usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
    model?: unknown;
    error?: { code?: unknown };
  };
  if (typeof c !== 'object' || c === null)
    return badOutput('the answer is not a JSON object', last?.body, secrets);
  // OpenRouter reports some failures (credits, upstream rate limits) as 200 with an error body.
  if (!Array.isArray(r.choices) && r.error && last) {
    const code = Number(r.error.code);
    return httpFailure(
      { ...last, status: Number.isInteger(code) && code >= 400 ? code : 502 },
      secrets,
    );
  }
  const first = Array.isArray(r.choices) ? r.choices[0] : undefined;
  if (!first || typeof first.message !== 'object')
    return badOutput('the answer has no choices[0].message', last?.body, secrets);
  const content = first.message.content;
  return {
    ok: true,
    text: typeof content === 'string' ? content : '',
    inputTokens: num(r.usage?.prompt_tokens),
    outputTokens: num(r.usage?.completion_tokens),
    model: typeof r.model === 'string' && r.model ? r.model : model,
  };
}
