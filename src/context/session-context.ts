import type { ProjectIdentity } from '../config';
import type { Logger } from '../log';
import { findProjectByRoot, listObservations, listSummaries, nthSessionStart, type Db } from '../store';
import { markForSessionStart } from './marks';
import { renderContext, welcomeLine } from './render';

export interface SessionContextOptions {
  /** CLAUDE_MEM_CONTEXT_TOKENS: budget in estimated tokens; 0 turns the memory off. */
  maxTokens: number;
  /** CLAUDE_MEM_CONTEXT_OBSERVATIONS: most observations listed. */
  maxObservations: number;
  timeZone?: string;
  now?: () => Date;
  /** Where a failed staleness check is noted (it never stops the memory from going out). */
  logger?: Logger;
  /** Receives the ids of the observations listed. */
  shown?: number[];
  /** What users tune (CLAUDE_MEM_CONTEXT_*); each absent field keeps the default behaviour. */
  tuning?: ContextTuning;
}

/** The session-start settings users tune, parsed (see docs/configuration.md). */
export interface ContextTuning {
  /** Observations from the project's last N sessions only; 0 = no limit. */
  sessionCount?: number;
  /** The newest N observations are shown expanded. */
  fullCount?: number;
  fullField?: 'facts' | 'narrative';
  showLastSummary?: boolean;
  types?: string[];
  concepts?: string[];
  excludeTypes?: string[];
  excludeConcepts?: string[];
}

/**
 * The memory handed to a new session of `project`, read from SQLite directly (so it works while
 * the worker is down): one indexed query with LIMIT for observations, one for the last summary.
 * Returns '' when the memory is turned off; a welcome line when the project has none yet.
 * Exclusion is the caller's decision (the hook checks it before anything else).
 */
export function buildSessionContext(
  db: Db,
  project: ProjectIdentity,
  opts: SessionContextOptions,
): string {
  if (opts.maxTokens <= 0) return '';
  const row = findProjectByRoot(db, project.root);
  const t = opts.tuning ?? {};
  const since = row && t.sessionCount ? nthSessionStart(db, row.id, t.sessionCount) : undefined;
  const observations =
    row && opts.maxObservations > 0
      ? listObservations(db, {
          projectIds: [row.id],
          limit: opts.maxObservations,
          currentOnly: true,
          ...(t.types?.length ? { types: t.types } : {}),
          ...(t.excludeTypes?.length ? { excludeTypes: t.excludeTypes } : {}),
          ...(t.concepts?.length ? { concepts: t.concepts } : {}),
          ...(t.excludeConcepts?.length ? { excludeConcepts: t.excludeConcepts } : {}),
          ...(since ? { since } : {}),
        })
      : [];
  // Merged duplicates and superseded notes stay out; the rest say if their files changed since.
  markForSessionStart(db, observations, opts.now?.() ?? new Date(), opts.logger);
  const lastSummary =
    row && t.showLastSummary !== false ? listSummaries(db, { projectIds: [row.id], limit: 1 })[0] : undefined;
  if (observations.length === 0 && !lastSummary) {
    const welcome = welcomeLine(project.name);
    return welcome.length <= opts.maxTokens * 4 ? welcome : '';
  }
  return renderContext({
    projectName: project.name,
    observations,
    lastSummary,
    maxTokens: opts.maxTokens,
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    ...(opts.shown ? { shown: opts.shown } : {}),
    ...(t.fullCount ? { fullCount: t.fullCount, fullField: t.fullField ?? 'facts' } : {}),
  });
}
