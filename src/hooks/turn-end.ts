import { sanitizeText } from '../privacy';
import { enqueueEvent } from '../store';
import { elide } from './cap';
import { nudgeWorker } from './nudge';
import { includedSession } from './record';
import { rowCap } from './tool-use';
import type { Handler } from './types';

/**
 * Stop: the assistant finished a turn. Enqueue a `turn_end` carrying its last message (what the
 * turn concluded), keyed by the turn, so a second Stop in the same turn (a background agent
 * reporting back) adds nothing.
 */
export const onTurnEnd: Handler<'turn_end'> = (deps, host, ev) => {
  const session = includedSession(deps, host, ev)?.session;
  if (!session) return {};
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
};
