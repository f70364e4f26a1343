import { baseUrlHost, type ProviderConfig } from '../../config';
import { num } from './anthropic';
import { badOutput, failureFromThrown, httpFailure, withWire } from './errors';
import { guardedFetch, timeoutSignal } from './net';
import type { Provider, ProviderRequest, ProviderResult } from './types';

type GeminiConfig = Extract<ProviderConfig, { provider: 'gemini' }>;

/**
 * Gemini's `generateContent` over plain fetch. No SDK on purpose: the official `@google/genai`
 * needs Node 22 (we support 20) and pulls Google's auth libraries, which look for ambient
 * credentials (ADC, GOOGLE_* variables) — the opposite of "only .env supplies credentials".
 * The key goes in the `x-goog-api-key` header, never in the URL (URLs end up in logs).
 */
export function geminiProvider(cfg: GeminiConfig, fetchImpl: typeof fetch): Provider {
  const secrets = [cfg.apiKey];
  const base = cfg.baseURL.replace(/\/+$/, '');
  return {
    name: 'gemini',
    model: cfg.model,
    baseUrlHost: baseUrlHost(cfg),
    async call(req: ProviderRequest): Promise<ProviderResult> {
      const { fetch, wire } = guardedFetch(
        cfg.baseURL,
        fetchImpl,
        cfg.apiKey ? { 'x-goog-api-key': cfg.apiKey } : {},
      );
      // The model name goes into the path verbatim, like every other provider's model field.
      const url = `${base}/v1beta/models/${cfg.model}:generateContent`;
      try {
        const res = await fetch(url, {
          method: 'POST',
          body: JSON.stringify({
            systemInstruction: { parts: [{ text: req.system }] },
            contents: [{ role: 'user', parts: [{ text: req.user }] }],
            generationConfig: {
              maxOutputTokens: req.maxTokens,
              responseMimeType: 'application/json',
            },
          }),
          signal: timeoutSignal(cfg.timeoutMs, req.signal),
        });
        const body = await res.text();
        if (!res.ok)
          return httpFailure({ status: res.status, headers: res.headers, body }, secrets);
        return withWire(readGenerate(body, cfg.model, secrets), res.status, res.headers);
      } catch (err) {
        return failureFromThrown(err, wire, secrets, req.signal);
      }
    },
  };
}

function readGenerate(
  body: string,
  model: string,
  secrets: Array<string | undefined>,
): ProviderResult {
  let j: {
    candidates?: Array<{ content?: { parts?: Array<{ text?: unknown }> } }>;
    usageMetadata?: { promptTokenCount?: unknown; candidatesTokenCount?: unknown };
    promptFeedback?: { blockReason?: unknown };
    modelVersion?: unknown;
  };
  try {
    j = JSON.parse(body) as typeof j;
  } catch (err) {
    return badOutput(`the answer is not JSON (${(err as Error).message})`, body, secrets);
  }
  if (typeof j !== 'object' || j === null)
    return badOutput('the answer is not a JSON object', body, secrets);
  if (j.promptFeedback?.blockReason)
    return badOutput(
      `the prompt was blocked: ${String(j.promptFeedback.blockReason)}`,
      body,
      secrets,
    );
  if (!Array.isArray(j.candidates)) return badOutput('the answer has no candidates', body, secrets);
  const parts = j.candidates[0]?.content?.parts ?? [];
  const text = parts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
  return {
    ok: true,
    text,
    inputTokens: num(j.usageMetadata?.promptTokenCount),
    outputTokens: num(j.usageMetadata?.candidatesTokenCount),
    model: typeof j.modelVersion === 'string' && j.modelVersion ? j.modelVersion : model,
  };
}
