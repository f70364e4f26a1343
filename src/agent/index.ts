/**
 * The memory agent: a function, not an agent. Events of one turn in, typed observation drafts
 * (and a turn summary) out, over one LLM provider. No tools, no store access, no retries — the
 * worker passes events in, persists what comes back and owns retries.
 */
export type { CompressInput, CompressResult, MemoryAgent } from './types';
export { createAgent, type AgentDeps } from './agent';
export { buildRawObservations, buildRawSummary } from './raw';
export { probeProvider, type ProbeDeps, type ProbeOutcome } from './probe';
export { buildPrompt, systemPrompt, type BuiltPrompt, type PromptLimits } from './prompt';
export { parseAnswer, type ParsedAnswer } from './parse';
export { filesFromEvents } from './files';
export {
  providerFor,
  resolveClaudeBinary,
  type Provider,
  type ProviderFailure,
  type ProviderRequest,
  type ProviderResult,
} from './providers';
