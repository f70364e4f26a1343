import { MAX_PULL_LIMIT, MAX_PUSH_ITEMS } from '../contracts';
import type { Logger } from '../log';
import { ackOutbox, applyPull, dropOutbox, listSharedProjects, nextOutboxBatch, recordTeamError, type Db, type SharedProject } from '../store';
import type { TeamClient, TeamProblem } from './client';
import { fitItem } from './fit';

/** Bytes of JSON per push: well under the server's 8 MiB body limit, whatever the records hold. */
const PUSH_MAX_BYTES = 2 * 1024 * 1024;

export interface SyncReport {
  pushed: number;
  pulled: number;
  /** Shared projects synced. */
  projects: number;
  /** Why the sync stopped early; the rest waits for the next one. */
  problem?: TeamProblem;
  /** Records the server refused for good (clipped and still refused): dropped from the queue, named in the log. */
  refused: number;
}

export interface SyncDeps {
  db: Db;
  client: TeamClient;
  now: () => Date;
  logger: Logger;
  /** Checked between requests: a stopping worker does not start another one. */
  stopped?: () => boolean;
}

/**
 * One sync: for each shared project, push its queued local writes (oldest first, in batches),
 * then pull teammates' changes after its cursor. Pushes are acknowledged only after the server
 * answered, pulls move the cursor in the same transaction that applies them, and the server
 * keys everything by uid: a crash or a lost answer anywhere means a repeat, never a loss or a
 * duplicate. A problem with the server stops the whole sync (it is the same server for all); a
 * request refused for one project (400/413) stops only that project's.
 */
export async function syncOnce(deps: SyncDeps): Promise<SyncReport> {
  const report: SyncReport = { pushed: 0, pulled: 0, projects: 0, refused: 0 };
  for (const project of listSharedProjects(deps.db)) {
    if (deps.stopped?.()) break;
    const refusedBefore = report.refused;
    const problem = (await pushProject(deps, project, report)) ?? (await pullProject(deps, project, report));
    if (problem?.kind === 'rejected') {
      // This project's requests are refused as they are; the other projects may still go through.
      recordTeamError(deps.db, project.projectId, problem.message, deps.now().toISOString());
      report.problem = problem;
      continue;
    }
    if (problem) {
      recordTeamError(deps.db, null, problem.message, deps.now().toISOString());
      report.problem = problem;
      break;
    }
    // A record refused in this sync stays the project's last error (pushProject recorded it) until a clean sync.
    if (report.refused === refusedBefore) recordTeamError(deps.db, project.projectId, null, deps.now().toISOString());
    report.projects++;
  }
  return report;
}

async function pushProject(deps: SyncDeps, p: SharedProject, report: SyncReport): Promise<TeamProblem | undefined> {
  let limit = MAX_PUSH_ITEMS;
  for (;;) {
    if (deps.stopped?.()) return undefined;
    const batch = nextBatch(deps.db, p.projectId, limit);
    if (batch.ids.length === 0) return undefined;
    if (batch.items.length === 0) {
      ackOutbox(deps.db, p.projectId, batch.ids, deps.now().toISOString());
      continue;
    }
    const r = await deps.client.push({ project: p.remote, items: batch.items });
    if (r.ok) {
      ackOutbox(deps.db, p.projectId, batch.ids, deps.now().toISOString());
      report.pushed += batch.items.length;
      limit = MAX_PUSH_ITEMS;
      continue;
    }
    if (r.problem.kind !== 'rejected') return r.problem;
    // The server refuses this batch as it is. Narrow down to the record it refuses, send the rest,
    // and drop that one record from the queue (logged): it would block the project forever.
    if (batch.ids.length > 1) {
      limit = Math.max(1, Math.floor(batch.ids.length / 2));
      continue;
    }
    // Only a refusal that names the item is the record's fault; anything else (the project, the
    // request) would refuse every record, so it stops the sync instead of emptying the queue.
    if (!/\bitems\.\d+/.test(r.problem.message)) return r.problem;
    deps.logger.error('The team server refused a record; it stays local only', { project: p.remote, uid: batch.items[0]?.uid, error: r.problem.message });
    dropOutbox(deps.db, batch.ids);
    report.refused++;
    recordTeamError(deps.db, p.projectId, `A record (uid ${batch.items[0]?.uid}) was refused and stays local: ${r.problem.message}`, deps.now().toISOString());
  }
}

function nextBatch(db: Db, projectId: number, limit: number) {
  return nextOutboxBatch(db, projectId, limit, PUSH_MAX_BYTES, fitItem);
}

async function pullProject(deps: SyncDeps, p: SharedProject, report: SyncReport): Promise<TeamProblem | undefined> {
  let since = p.pullCursor;
  for (;;) {
    if (deps.stopped?.()) return undefined;
    const r = await deps.client.pull(p.remote, since, MAX_PULL_LIMIT);
    if (!r.ok) {
      // Nobody pushed to the project yet (our own pushes would have created it): nothing to pull.
      if (r.problem.kind === 'not_found') return undefined;
      return r.problem;
    }
    const applied = applyPull(deps.db, p.projectId, r.value.changes, r.value.cursor, deps.now().toISOString());
    report.pulled += applied.added + applied.updated + applied.removed;
    since = r.value.cursor;
    if (!r.value.more || r.value.changes.length === 0) return undefined;
  }
}
