import { sanitizeText } from '../privacy';
import { enqueueEvent } from '../store';
import { elide } from './cap';
import { nudgeWorker } from './nudge';
import { includedProject, touchSession } from './record';
import { rowCap } from './tool-use';
import type { HandlerResult, HookDeps, HostInfo, MemoryEvent } from './types';

/**
 * Stop: the assistant finished a turn. Enqueue a `turn_end` carrying its last message (what the
 * turn concluded), keyed by the turn, so a second Stop in the same turn (a background agent
 * reporting back) adds nothing.
 */
export function onTurnEnd(
  deps: HookDeps,
  host: HostInfo,
  ev: Extract<MemoryEvent, { type: 'turn_end' }>,
): HandlerResult {
  const project = includedProject(deps, ev.cwd);
  if (!project) return {};
  const session = touchSession(deps, host, project, ev);
  const now = deps.now();
  const message = sanitizeText(ev.lastAssistantMessage, {
    redact: deps.settings.CLAUDE_MEM_REDACT_SECRETS,
  });
  const added = enqueueEvent(deps.db(), {
    key: `${host.keyPrefix}:${ev.sessionId}:stop:${session.promptCount}`,
    sessionId: session.id,
    projectId: session.projectId,
    promptNumber: session.promptCount,
    payload: {
      kind: 'turn_end',
      lastAssistantMessage: elide(message, rowCap(deps.settings.CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS)),
      cwd: ev.cwd,
    },
    now: now.toISOString(),
  });
  deps.log.debug('turn end queued', { added, promptNumber: session.promptCount });
  nudgeWorker(deps.paths, deps.log, now);
  return {};
}
