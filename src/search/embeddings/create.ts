import type { Config } from '../../config';
import { createGeminiEmbedder } from './gemini';
import { createOpenAiEmbedder } from './openai';
import type { Embedder, FetchLike } from './types';

const DEFAULTS = {
  openai: { baseURL: 'https://api.openai.com/v1', model: 'text-embedding-3-small' },
  ollama: { baseURL: 'http://127.0.0.1:11434/v1', model: 'nomic-embed-text' },
  gemini: { baseURL: 'https://generativelanguage.googleapis.com', model: 'text-embedding-004' },
} as const;

/**
 * The embedder the settings ask for, or `undefined` for CLAUDE_MEM_EMBEDDINGS_PROVIDER=none (the
 * default: search stays keyword-only and nothing leaves the machine).
 */
export function createEmbedder(config: Pick<Config, 'settings' | 'credentials'>, fetchImpl?: FetchLike): Embedder | undefined {
  const s = config.settings;
  const provider = s.CLAUDE_MEM_EMBEDDINGS_PROVIDER;
  if (provider === 'none') return undefined;
  if (provider !== 'openai' && provider !== 'ollama' && provider !== 'gemini') return undefined;
  const d = DEFAULTS[provider];
  const baseURL = s.CLAUDE_MEM_EMBEDDINGS_BASE_URL || d.baseURL;
  const model = s.CLAUDE_MEM_EMBEDDINGS_MODEL || d.model;
  const fetchOpt = fetchImpl ? { fetch: fetchImpl } : {};
  if (provider === 'gemini') {
    const apiKey = config.credentials.CLAUDE_MEM_EMBEDDINGS_API_KEY ?? config.credentials.GEMINI_API_KEY;
    return createGeminiEmbedder({ baseURL, model, ...(apiKey ? { apiKey } : {}), ...fetchOpt });
  }
  const apiKey = config.credentials.CLAUDE_MEM_EMBEDDINGS_API_KEY;
  return createOpenAiEmbedder({ provider, baseURL, model, ...(apiKey ? { apiKey } : {}), ...fetchOpt });
}
