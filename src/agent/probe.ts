import type { ProviderConfig } from '../config';
import type { FailureKind } from '../contracts';
import type { Logger } from '../log';
import { callLogged, providerFor, type Provider } from './providers';

export interface ProbeOutcome {
  ok: boolean;
  provider: string;
  model: string;
  baseUrlHost: string;
  ms: number;
  /** HTTP status of the answer, when one arrived. */
  status?: number;
  requestId?: string;
  kind?: FailureKind;
  /** What happened, in one line (the error message, or the model's reply). */
  message: string;
  /** Start of the backend's error body, verbatim. */
  bodyExcerpt?: string;
  inputTokens?: number;
  outputTokens?: number;
}

export interface ProbeDeps {
  logger: Logger;
  fetch?: typeof fetch;
  provider?: Provider;
  now?: () => number;
  /** Where credentials come from, named in the error when one is missing. */
  credentialsFile?: string;
}

/**
 * One tiny real request to the configured backend, for `claude-mem doctor --probe`: proves the
 * base URL, credentials and model name work together, and reports exactly what came back.
 * Logged like every model call. The offline provider makes no request.
 */
export async function probeProvider(cfg: ProviderConfig, deps: ProbeDeps): Promise<ProbeOutcome> {
  const provider = deps.provider ?? providerFor(cfg, deps.fetch ?? globalThis.fetch, deps.credentialsFile);
  const who = { provider: provider.name, model: provider.model, baseUrlHost: provider.baseUrlHost };
  if (cfg.provider === 'offline' && !deps.provider) {
    return {
      ok: true,
      ...who,
      ms: 0,
      message: 'offline provider: no model calls are made, events are kept raw',
    };
  }
  const now = deps.now ?? Date.now;
  const started = now();
  const res = await callLogged(
    provider,
    deps.logger,
    {
      system: 'You are a connectivity check. Reply with the single word: ok',
      user: 'ping',
      maxTokens: 16,
    },
    { probe: true },
    now,
  );
  const ms = now() - started;
  if (res.ok) {
    return {
      ok: true,
      ...who,
      model: res.model,
      ms,
      ...(res.status !== undefined ? { status: res.status } : {}),
      ...(res.requestId ? { requestId: res.requestId } : {}),
      message: `model replied: ${JSON.stringify(res.text.slice(0, 80))}`,
      inputTokens: res.inputTokens,
      outputTokens: res.outputTokens,
    };
  }
  return {
    ok: false,
    ...who,
    ms,
    kind: res.kind,
    message: res.message,
    ...(res.status !== undefined ? { status: res.status } : {}),
    ...(res.requestId ? { requestId: res.requestId } : {}),
    ...(res.body !== undefined ? { bodyExcerpt: res.body.slice(0, 1_000) } : {}),
  };
}
