// STUB (to be replaced by the agent implementation): the public surface the worker relies on.
import type { ProviderConfig, Settings } from '../config';
import type { ObservationDraft, QueuedEvent, SummaryDraft } from '../contracts';
import type { Logger } from '../log';
import type { MemoryAgent } from './types';

export type { CompressInput, CompressResult, MemoryAgent } from './types';

export interface AgentDeps {
  logger: Logger;
  settings: Pick<Settings, 'CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS' | 'CLAUDE_MEM_BATCH_MAX_CHARS' | 'CLAUDE_MEM_REDACT_SECRETS'>;
  fetch?: typeof fetch;
}

/** The memory agent for a provider configuration. */
export function createAgent(cfg: ProviderConfig, deps: AgentDeps): MemoryAgent {
  void deps;
  return {
    provider: cfg.provider,
    model: cfg.model,
    async compress(input) {
      return {
        ok: true,
        origin: 'raw',
        observations: buildRawObservations(input.events),
        model: 'offline',
        inputTokens: 0,
        outputTokens: 0,
      };
    },
  };
}

/** Deterministic observations built from the events themselves, without a model. */
export function buildRawObservations(events: QueuedEvent[]): ObservationDraft[] {
  return events.flatMap((e) =>
    e.payload.kind === 'tool'
      ? [
          {
            type: 'change' as const,
            title: `${e.payload.toolName} call`,
            subtitle: '',
            facts: [],
            narrative: '',
            concepts: [],
            filesRead: [],
            filesModified: [],
          },
        ]
      : [],
  );
}

/** A deterministic turn summary (the user's request and what tools ran), without a model. */
export function buildRawSummary(userPrompt: string, events: QueuedEvent[]): SummaryDraft {
  return {
    request: userPrompt,
    investigated: '',
    learned: '',
    completed: `${events.length} events`,
    nextSteps: '',
    notes: '',
  };
}
