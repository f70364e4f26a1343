import { badOutput, postJson, toVector } from './http';
import type { Embedder, FetchLike } from './types';

/** Gemini `models/{model}:batchEmbedContents`, key in the `x-goog-api-key` header (never in the URL). */
export function createGeminiEmbedder(o: {
  baseURL: string;
  model: string;
  apiKey?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}): Embedder {
  const model = o.model.replace(/^models\//, '');
  const url = `${o.baseURL.replace(/\/+$/, '')}/v1beta/models/${encodeURIComponent(model)}:batchEmbedContents`;
  const fetchImpl = o.fetch ?? fetch;
  return {
    id: `gemini:${model}`,
    async embed(texts) {
      if (texts.length === 0) return [];
      const headers: Record<string, string> = o.apiKey ? { 'x-goog-api-key': o.apiKey } : {};
      const requests = texts.map((text) => ({ model: `models/${model}`, content: { parts: [{ text }] } }));
      const body = await postJson(fetchImpl, url, headers, { requests }, o.timeoutMs ?? 30_000);
      const list = (body as { embeddings?: unknown }).embeddings;
      if (!Array.isArray(list) || list.length !== texts.length) throw badOutput(url, `a wrong number of embeddings`);
      return list.map((e: { values?: unknown }) => {
        const v = toVector(e?.values);
        if (!v) throw badOutput(url, 'a malformed embedding');
        return v;
      });
    },
  };
}
