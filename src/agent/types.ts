import type { ObservationDraft, QueuedEvent, SummaryDraft } from '../contracts';
import type { ProviderFailure } from './providers/types';

/**
 * The memory agent is a function, not an agent: text in, structured observations out. It has no
 * tools, reads no files and never touches the store; the worker passes events in and persists
 * what comes back.
 */
export interface CompressInput {
  /** Display name of the project (for the prompt only). */
  project: string;
  /** The user's prompt that opened the turn, already privacy-stripped (may be empty). */
  userPrompt: string;
  /** Events of one turn, oldest first. May include a `turn_end` event. */
  events: QueuedEvent[];
  /** Ask for a turn summary too (the turn has ended). */
  summarize: boolean;
}

export type CompressResult =
  | {
      ok: true;
      /** `model`: parsed from the model's answer. `raw`: built deterministically (offline, or an unusable answer). */
      origin: 'model' | 'raw';
      observations: ObservationDraft[];
      summary?: SummaryDraft;
      model: string;
      inputTokens: number;
      outputTokens: number;
    }
  /** The provider's failure as it came (its body already free of our secrets). */
  | ProviderFailure;

export interface MemoryAgent {
  /** Provider name and model, for logs and status. */
  readonly provider: string;
  readonly model: string;
  compress(input: CompressInput, signal?: AbortSignal): Promise<CompressResult>;
}
