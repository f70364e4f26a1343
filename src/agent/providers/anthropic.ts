import type Anthropic from '@anthropic-ai/sdk';
import { baseUrlHost, type ProviderConfig } from '../../config';
import { badOutput, failureFromThrown, withWire } from './errors';
import { guardedFetch } from './net';
import type { Provider, ProviderRequest, ProviderResult } from './types';

type ClaudeConfig = Extract<ProviderConfig, { provider: 'claude' }>;

/**
 * The SDK client minus its ambient credential chain. With neither key nor token (a tokenless
 * gateway) the stock client would look for `ANTHROPIC_PROFILE`, `~/.config/anthropic` profiles
 * and OIDC federation variables, and could attach a bearer token from them. Only
 * `~/.claude-mem/.env` supplies our credentials, so that chain is switched off.
 */
async function isolatedAnthropic(): Promise<typeof Anthropic> {
  // The SDK loads at the first model call, not with the worker: an idle worker (or one whose
  // provider is offline) does not hold it in memory. Bundled as a chunk beside worker.js.
  const { default: Sdk } = await import('@anthropic-ai/sdk');
  return (IsolatedAnthropic ??= class extends Sdk {
    protected override _shouldResolveDefaultCredentials(): boolean {
      return false;
    }
  });
}
let IsolatedAnthropic: typeof Anthropic | undefined;

/**
 * Any Anthropic-compatible backend (the API, a corporate gateway, LiteLLM, claude-code-router)
 * through the official SDK. `ANTHROPIC_API_KEY` → `x-api-key`, `ANTHROPIC_AUTH_TOKEN` →
 * `Authorization: Bearer`, both → both, neither → no auth header. Every option the SDK would
 * otherwise take from the environment is passed explicitly, and the guarded fetch sends exactly
 * these headers whatever the SDK assembled.
 */
export function anthropicProvider(cfg: ClaudeConfig, fetchImpl: typeof fetch): Provider {
  const secrets = [cfg.apiKey, cfg.authToken];
  return {
    name: 'claude',
    model: cfg.model,
    baseUrlHost: baseUrlHost(cfg),
    async call(req: ProviderRequest): Promise<ProviderResult> {
      const { fetch, wire } = guardedFetch(cfg.baseURL, fetchImpl, {
        'anthropic-version': '2023-06-01',
        ...(cfg.apiKey ? { 'x-api-key': cfg.apiKey } : {}),
        ...(cfg.authToken ? { authorization: `Bearer ${cfg.authToken}` } : {}),
      });
      const tokenless = !cfg.apiKey && !cfg.authToken;
      try {
        const client = new (await isolatedAnthropic())({
          apiKey: cfg.apiKey ?? null,
          authToken: cfg.authToken ?? null,
          baseURL: cfg.baseURL,
          webhookKey: null,
          maxRetries: 0, // the worker owns retries and backoff
          timeout: cfg.timeoutMs,
          fetch,
          logLevel: 'off',
          openTelemetry: { propagation: false, traces: false },
          // A null header tells the SDK "no auth on purpose" instead of refusing to send.
          ...(tokenless ? { defaultHeaders: { 'X-Api-Key': null } } : {}),
        });
        const msg: unknown = await client.messages.create(
          {
            model: cfg.model,
            max_tokens: req.maxTokens,
            system: req.system,
            messages: [{ role: 'user', content: req.user }],
          },
          req.signal ? { signal: req.signal } : undefined,
        );
        return withWire(
          readMessage(msg, cfg.model, wire.last?.body, secrets),
          wire.last?.status,
          wire.last?.headers,
        );
      } catch (err) {
        return failureFromThrown(err, wire, secrets, req.signal);
      }
    },
  };
}

function readMessage(
  msg: unknown,
  model: string,
  body: string | undefined,
  secrets: Array<string | undefined>,
): ProviderResult {
  const m = msg as {
    content?: unknown;
    usage?: { input_tokens?: unknown; output_tokens?: unknown };
    model?: unknown;
  };
  if (typeof msg !== 'object' || msg === null || !Array.isArray(m.content)) {
    return badOutput('the answer has no content blocks', body, secrets);
  }
  const text = m.content
    .filter(
      (b): b is { type: 'text'; text: string } =>
        (b as { type?: unknown }).type === 'text' &&
        typeof (b as { text?: unknown }).text === 'string',
    )
    .map((b) => b.text)
    .join('');
  return {
    ok: true,
    text,
    inputTokens: num(m.usage?.input_tokens),
    outputTokens: num(m.usage?.output_tokens),
    model: typeof m.model === 'string' && m.model ? m.model : model,
  };
}

export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
