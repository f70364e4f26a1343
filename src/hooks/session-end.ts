import { endSession } from '../store';
import { nudgeWorker } from './nudge';
import { includedSession } from './record';
import type { Handler } from './types';

/** SessionEnd: mark the session ended, so the worker closes its last turn without waiting for a Stop. */
export const onSessionEnd: Handler<'session_end'> = (deps, host, ev) => {
  const session = includedSession(deps, host, ev)?.session;
  if (!session) return {};
  const now = deps.now();
  endSession(deps.db(), session.id, ev.reason, now.toISOString());
  nudgeWorker(deps.paths, deps.log, now);
  return {};
};
