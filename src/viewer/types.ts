import type { Observation, Summary } from '../contracts';

/** Shapes the viewer reads from the worker's JSON API (types only: nothing of contracts is bundled). */
export type { Observation, Summary };

export interface Prompt {
  id: number;
  sessionId: number;
  projectId: number;
  project?: string;
  promptNumber: number;
  text: string;
  createdAt: string;
}

/** One entry of the feed, keyed like the worker's SSE ids (`obs:12`, `sum:3`, `prompt:7`). */
export type FeedItem =
  | { key: string; kind: 'obs'; createdAt: string; data: Observation }
  | { key: string; kind: 'sum'; createdAt: string; data: Summary }
  | { key: string; kind: 'prompt'; createdAt: string; data: Prompt };

export interface Project {
  id: number;
  name: string;
  root: string;
  createdAt?: string;
  observations?: number;
}

export interface LastError {
  kind: string;
  status?: number | null;
  message: string;
  requestId?: string | null;
  at?: string;
}

export interface Status {
  pid?: number;
  port?: number;
  version?: string;
  uptime?: number;
  provider?: string;
  model?: string;
  baseUrlHost?: string | null;
  queue: Record<string, number>;
  tokensToday?: number;
  dailyBudget?: number;
  pausedReason?: string | null;
  lastError?: LastError | null;
  /** Older records still waiting for related words. */
  reindexing?: number;
  /** Semantic search backfill; null when no embeddings provider is configured. */
  embeddings?: { model: string; remaining: number; stored?: number; checked?: boolean; lastError: { kind: string; message: string } | null } | null;
}

export interface SettingRow {
  key: string;
  value: string | number | boolean;
  source: 'env' | 'file' | 'default';
  doc: string;
  expected: string;
  choices?: string[];
  default: string | number | boolean;
}

export interface CredentialRow {
  key: string;
  display: string;
  set: boolean;
}

export interface DailyStats {
  days: string[];
  observations: Array<{ day: string; type: string; n: number }>;
  usage: Array<{ day: string; calls: number; inputTokens: number; outputTokens: number }>;
  budget: number;
}

export interface SearchHit {
  kind: 'obs' | 'sum';
  item: FeedItem;
  score?: number;
}
