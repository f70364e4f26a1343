import { endSession } from '../store';
import { nudgeWorker } from './nudge';
import { includedProject, touchSession } from './record';
import type { HandlerResult, HookDeps, HostInfo, MemoryEvent } from './types';

/** SessionEnd: mark the session ended, so the worker closes its last turn without waiting for a Stop. */
export function onSessionEnd(
  deps: HookDeps,
  host: HostInfo,
  ev: Extract<MemoryEvent, { type: 'session_end' }>,
): HandlerResult {
  const project = includedProject(deps, ev.cwd);
  if (!project) return {};
  const session = touchSession(deps, host, project, ev);
  const now = deps.now();
  endSession(deps.db(), session.id, ev.reason, now.toISOString());
  nudgeWorker(deps.paths, deps.log, now);
  return {};
}
