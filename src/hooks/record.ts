import { resolveProject, type ProjectIdentity } from '../config';
import { isExcludedProject } from '../privacy';
import { upsertProject, upsertSession, type SessionRow } from '../store';
import { listSetting } from '../config';
import type { HookDeps, HostInfo } from './types';

/** The project of a working directory, or `undefined` when CLAUDE_MEM_EXCLUDED_PROJECTS covers it. */
export function includedProject(deps: HookDeps, cwd: string): ProjectIdentity | undefined {
  const project = resolveProject(cwd);
  const globs = listSetting(deps.settings.CLAUDE_MEM_EXCLUDED_PROJECTS);
  if (globs.length && isExcludedProject(project, globs, deps.home)) {
    deps.log.debug('project excluded: nothing recorded', { project: project.root });
    return undefined;
  }
  return project;
}

/** Project and session rows, created on first sight: any hook may be the first one a session runs. */
export function touchSession(
  deps: HookDeps,
  host: HostInfo,
  project: ProjectIdentity,
  ev: { sessionId: string; cwd: string },
): SessionRow {
  const db = deps.db();
  const now = deps.now().toISOString();
  const projectId = upsertProject(db, project.root, project.name, now);
  return upsertSession(db, {
    host: host.host,
    hostSessionId: ev.sessionId,
    projectId,
    cwd: ev.cwd,
    now,
  });
}

/**
 * The project and session an event belongs to (rows created on first sight), or `undefined` when
 * CLAUDE_MEM_EXCLUDED_PROJECTS covers its folder and nothing may be recorded.
 */
export function includedSession(
  deps: HookDeps,
  host: HostInfo,
  ev: { sessionId: string; cwd: string },
): { project: ProjectIdentity; session: SessionRow } | undefined {
  const project = includedProject(deps, ev.cwd);
  return project && { project, session: touchSession(deps, host, project, ev) };
}
