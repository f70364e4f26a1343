import { baseUrlHost, missingCredentials, type ProviderConfig } from '../../config';
import type { Logger } from '../../log';
import { anthropicProvider } from './anthropic';
import { claudeCodeProvider } from './claude-code';
import { geminiProvider } from './gemini';
import { offlineProvider } from './offline';
import { openAICompatibleProvider } from './openai-compatible';
import type { Provider, ProviderRequest, ProviderResult } from './types';

export type { Provider, ProviderFailure, ProviderRequest, ProviderResult } from './types';
export { claudeCodeArgs, resolveClaudeBinary } from './claude-code';

/**
 * The adapter for a configuration. No fallback: one configuration, one backend. A public endpoint
 * with no credential gets a provider that fails with `auth` without sending anything.
 */
export function providerFor(
  cfg: ProviderConfig,
  fetchImpl: typeof fetch,
  credentialsFile = '~/.claude-mem/.env',
): Provider {
  const missing = missingCredentials(cfg, credentialsFile);
  if (missing) return unconfiguredProvider(cfg, missing);
  switch (cfg.provider) {
    case 'claude':
      return anthropicProvider(cfg, fetchImpl);
    case 'claude-code':
      return claudeCodeProvider(cfg);
    case 'openrouter':
      return openAICompatibleProvider(cfg, fetchImpl);
    case 'gemini':
      return geminiProvider(cfg, fetchImpl);
    case 'offline':
      return offlineProvider();
  }
}

/**
 * One model call with the log lines users and `claude-mem status` rely on: `Starting SDK query`
 * before (provider, model, base URL host — never a secret), `Response received` after (tokens,
 * ms), or an error line with the status, the body verbatim and the request id.
 */
export async function callLogged(
  provider: Provider,
  logger: Logger,
  req: ProviderRequest,
  extra: Record<string, unknown> = {},
  now: () => number = Date.now,
): Promise<ProviderResult> {
  const who = { provider: provider.name, model: provider.model, baseUrlHost: provider.baseUrlHost };
  logger.info('Starting SDK query', { ...who, ...extra });
  const started = now();
  const res = await provider.call(req);
  const ms = now() - started;
  if (res.ok) {
    logger.info('Response received', {
      provider: provider.name,
      model: res.model,
      inputTokens: res.inputTokens,
      outputTokens: res.outputTokens,
      ms,
      ...(res.requestId ? { requestId: res.requestId } : {}),
    });
  } else {
    logger.error('Model call failed', {
      ...who,
      kind: res.kind,
      status: res.status,
      requestId: res.requestId,
      body: res.body,
      message: res.message,
      ...(res.retryAfterMs !== undefined ? { retryAfterMs: res.retryAfterMs } : {}),
      ms,
    });
  }
  return res;
}

/** A backend that cannot work as configured: every call fails with `auth`, and no request leaves. */
function unconfiguredProvider(cfg: ProviderConfig, message: string): Provider {
  return {
    name: cfg.provider,
    model: cfg.model,
    baseUrlHost: baseUrlHost(cfg),
    async call() {
      return { ok: false, kind: 'auth', message };
    },
  };
}
