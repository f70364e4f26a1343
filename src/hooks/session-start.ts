import { buildSessionContext, contextTuning, takeSetupHint } from '../context';
import { markInjected } from '../store';
import { claimImportedProject } from './imported';
import { includedSession } from './record';
import type { Handler, HookDeps } from './types';
import { startWorkerIfIdle } from './worker-launch';

/**
 * SessionStart (startup, resume, clear, compact): make sure a worker is running, then answer
 * with the project's memory, rendered from SQLite (so it works while the worker is down).
 */
export const onSessionStart: Handler<'session_start'> = (deps, host, ev) => {
  // First, so the worker boots while we read; failures here must not cost the session its memory.
  try {
    const state = startWorkerIfIdle(deps.paths, deps.startWorker);
    deps.log.debug('worker check', { state });
  } catch (err) {
    deps.log.warn('could not check or start the worker', { error: (err as Error).message });
  }
  const included = includedSession(deps, host, ev);
  if (!included) return {};
  const { project, session } = included;
  let notice: string | undefined;
  try {
    notice = claimImportedProject(deps.db(), project, deps.now().toISOString());
    if (notice) deps.log.info('imported project linked', { project: project.root });
  } catch (err) {
    // Linking can wait for the next session; the memory below must still be given.
    deps.log.warn('could not link an imported project', { error: (err as Error).message });
  }
  const shown: number[] = [];
  const context = buildSessionContext(deps.db(), project, {
    maxTokens: deps.settings.CLAUDE_MEM_CONTEXT_TOKENS,
    maxObservations: deps.settings.CLAUDE_MEM_CONTEXT_OBSERVATIONS,
    now: deps.now,
    logger: deps.log,
    shown,
    tuning: contextTuning(deps.settings),
  });
  rememberShown(deps, session.id, shown);
  const hint = setupHint(deps);
  const text = [[notice, context].filter(Boolean).join('\n'), hint].filter(Boolean).join('\n\n');
  return text ? { context: text } : {};
};

/** So the prompt recall does not repeat what the session already got (a failure costs only that). */
function rememberShown(deps: HookDeps, sessionId: number, ids: number[]): void {
  try {
    markInjected(deps.db(), sessionId, ids, deps.now().toISOString());
  } catch (err) {
    deps.log.warn('could not remember the observations shown', { error: (err as Error).message });
  }
}

/** Once per problem: how to fix a memory agent that cannot work (a failure here costs nothing). */
function setupHint(deps: HookDeps): string | undefined {
  try {
    return takeSetupHint(deps.db());
  } catch (err) {
    deps.log.warn('could not check for a setup hint', { error: (err as Error).message });
    return undefined;
  }
}
