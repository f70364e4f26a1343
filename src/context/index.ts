// The session-start memory: choose what a new session should see and render it within a budget.
export { buildSessionContext, type ContextTuning, type SessionContextOptions } from './session-context';
export { contextTuning } from './tuning';
export { takeSetupHint } from './setup-hint';
export { buildPromptRecall, recallMatch, type PromptRecallOptions } from './recall';
export {
  renderContext,
  welcomeLine,
  estimateTokens,
  CONTEXT_OPEN,
  CONTEXT_CLOSE,
  type ContextInput,
} from './render';
