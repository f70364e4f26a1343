import type {
  ApiObservation,
  ApiProject,
  ApiPrompt,
  ApiSummary,
  CredentialRow,
  DailyStats,
  SettingRow,
  WorkerStatus,
} from '../contracts';

/**
 * Shapes the viewer reads from the worker's JSON API: the contract's own types
 * (contracts/worker-api.ts), imported as types only, so nothing of contracts (or zod) is bundled.
 */
export type Observation = ApiObservation;
export type Summary = ApiSummary;
export type Prompt = ApiPrompt;
export type Project = ApiProject;
export type Status = WorkerStatus;
export type { CredentialRow, DailyStats, SettingRow };

/** One entry of the feed, keyed like the worker's SSE ids (`obs:12`, `sum:3`, `prompt:7`). */
export type FeedItem =
  | { key: string; kind: 'obs'; createdAt: string; data: Observation }
  | { key: string; kind: 'sum'; createdAt: string; data: Summary }
  | { key: string; kind: 'prompt'; createdAt: string; data: Prompt };
