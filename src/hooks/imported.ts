import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectIdentity } from '../config';
import { bindImportedProject, pendingImportedProject, type Db } from '../store';

/**
 * Projects imported from the original claude-mem are named by folder only. The first session
 * that starts in a git repository with that folder name claims the name: its records move into
 * this project. Cheap on every other start: one primary-key lookup, no subprocess; the `.git`
 * stat runs only when a name is waiting. Returns the one-time notice for the session memory.
 */
export function claimImportedProject(db: Db, project: ProjectIdentity, now: string): string | undefined {
  const pending = pendingImportedProject(db, project.name);
  if (!pending || !existsSync(join(project.root, '.git'))) return undefined;
  const moved = bindImportedProject(db, pending.name, project.root, project.name, now);
  return (
    `claude-mem: ${moved} observation(s) imported from the original claude-mem as project "${pending.name}" are now linked to this repository (${project.root}). ` +
    `If that is the wrong folder, run \`claude-mem projects unlink ${pending.name}\` or \`claude-mem projects link ${pending.name} PATH\`.`
  );
}
