import { badOutput, postJson, toVector } from './http';
import type { Embedder, FetchLike } from './types';

/**
 * OpenAI-compatible `POST {baseURL}/embeddings` (OpenAI, Ollama's /v1, vLLM, LM Studio, LiteLLM).
 * `baseURL` ends in `/v1` as those servers document it.
 */
export function createOpenAiEmbedder(o: {
  provider: string;
  baseURL: string;
  model: string;
  apiKey?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}): Embedder {
  const url = `${o.baseURL.replace(/\/+$/, '')}/embeddings`;
  const fetchImpl = o.fetch ?? fetch;
  return {
    id: `${o.provider}:${o.model}`,
    async embed(texts) {
      if (texts.length === 0) return [];
      const headers: Record<string, string> = o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {};
      const body = await postJson(fetchImpl, url, headers, { model: o.model, input: texts }, o.timeoutMs ?? 30_000);
      const data = (body as { data?: unknown }).data;
      if (!Array.isArray(data) || data.length !== texts.length) throw badOutput(url, `${Array.isArray(data) ? data.length : 'no'} vectors for ${texts.length} texts`);
      const out: Float32Array[] = new Array(texts.length);
      data.forEach((d: { index?: unknown; embedding?: unknown }, i) => {
        const v = toVector(d?.embedding);
        const at = typeof d?.index === 'number' ? d.index : i;
        if (!v || at < 0 || at >= texts.length) throw badOutput(url, 'a malformed embedding');
        out[at] = v;
      });
      return out;
    },
  };
}
