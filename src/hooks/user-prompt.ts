import { buildPromptRecall } from '../context';
import { sanitizeText } from '../privacy';
import { recordPrompt } from '../store';
import { nudgeWorker } from './nudge';
import { includedProject, touchSession } from './record';
import type { Handler, HandlerResult, HookDeps } from './types';

/**
 * Prompts the host writes itself, not the user: a background task reporting back arrives as a
 * UserPromptSubmit whose whole prompt is a `<task-notification>` block (Claude Code 2.1.332).
 * They open no turn, so the user's turn keeps its events together.
 */
const SYNTHETIC_PROMPT = /^\s*<(task-notification)>[\s\S]*<\/\1>\s*$/;

export function isSyntheticPrompt(prompt: string): boolean {
  return SYNTHETIC_PROMPT.test(prompt);
}

/** UserPromptSubmit: record the prompt (private parts stripped, secrets redacted), opening a new turn. */
export const onUserPrompt: Handler<'prompt'> = (deps, host, ev) => {
  const project = includedProject(deps, ev.cwd);
  if (!project) return {};
  if (isSyntheticPrompt(ev.prompt)) {
    deps.log.debug('synthetic prompt: no new turn', { session: ev.sessionId });
    return {};
  }
  const session = touchSession(deps, host, project, ev);
  const text = sanitizeText(ev.prompt, { redact: deps.settings.CLAUDE_MEM_REDACT_SECRETS }).trim();
  const now = deps.now();
  const promptNumber = recordPrompt(deps.db(), {
    sessionId: session.id,
    projectId: session.projectId,
    text,
    now: now.toISOString(),
  });
  deps.log.debug('prompt recorded', { session: ev.sessionId, promptNumber, chars: text.length });
  // A new prompt ends the previous turn: the worker can compress it now.
  if (promptNumber > 1) nudgeWorker(deps.paths, deps.log, now);
  return recall(deps, session.id, session.projectId, text, now);
};

/**
 * The few stored observations that match the prompt, as context for this turn. A failure costs
 * the turn its recall, never the prompt just recorded: the query runs after the write, inside a
 * savepoint that a failure rolls back alone.
 */
function recall(deps: HookDeps, sessionId: number, projectId: number, prompt: string, now: Date): HandlerResult {
  const maxTokens = deps.settings.CLAUDE_MEM_PROMPT_CONTEXT_TOKENS;
  if (maxTokens <= 0 || prompt === '') return {};
  const db = deps.db();
  db.exec('SAVEPOINT recall');
  try {
    const context = buildPromptRecall(db, { projectId, sessionId, prompt, maxTokens, now: now.toISOString() });
    db.exec('RELEASE recall');
    return context ? { context } : {};
  } catch (err) {
    db.exec('ROLLBACK TO recall');
    db.exec('RELEASE recall');
    deps.log.warn('prompt recall failed; the prompt is recorded', { error: (err as Error).message });
    return {};
  }
}
