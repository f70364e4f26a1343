/** Turns texts into vectors. One implementation per API shape; `fetch` is injected. */
export interface Embedder {
  /** Provider and model, e.g. `openai:text-embedding-3-small`: vectors are stored per this id. */
  readonly id: string;
  embed(texts: string[]): Promise<Float32Array[]>;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
