import type { ObservationDraft, SummaryDraft } from '../contracts';
import { withStorageErrors, type Db } from './db';
import { settleObservation } from './dedupe';
import { insertObservation } from './observations';
import { insertSummary } from './summaries';
import { addUsage } from './usage';

/** What the worker learned from one batch of claimed events. */
export interface BatchOutcome {
  eventIds: number[];
  projectId: number;
  sessionId: number;
  promptNumber: number;
  /** `compressed` when the model wrote them, `raw` when built without it. */
  state: 'compressed' | 'raw';
  observations: ObservationDraft[];
  summary?: SummaryDraft;
  model: string | null;
  provider: string;
  inputTokens: number;
  outputTokens: number;
  now: string;
}

/**
 * Store a batch's observations (and summary) and move its events to their terminal state, in one
 * transaction. Idempotent: if the events are no longer `processing` (another attempt already
 * finished them) nothing is written; observation uids derive from the first event id, so a
 * repeat cannot duplicate them either.
 */
export function recordBatchOutcome(db: Db, o: BatchOutcome): { observationIds: number[]; summaryId?: number } {
  return withStorageErrors(db, () => recordBatchOutcomeTx(db, o));
}

function recordBatchOutcomeTx(db: Db, o: BatchOutcome): { observationIds: number[]; summaryId?: number } {
  return db.transaction(() => {
    if (o.eventIds.length === 0) return { observationIds: [] };
    const live = db
      .prepare(
        `SELECT COUNT(*) AS n FROM queue WHERE id IN (${o.eventIds.map(() => '?').join(',')}) AND state = 'processing'`,
      )
      .get(...o.eventIds) as { n: number };
    if (live.n === 0) return { observationIds: [] };
    const anchor = Math.min(...o.eventIds);
    const origin = o.state === 'compressed' ? 'model' : 'raw';
    const perObsIn = o.observations.length ? Math.round(o.inputTokens / o.observations.length) : 0;
    const perObsOut = o.observations.length ? Math.round(o.outputTokens / o.observations.length) : 0;
    const link = db.prepare('INSERT OR IGNORE INTO observation_sources (observation_id, event_id) VALUES (?, ?)');
    const observationIds: number[] = [];
    o.observations.forEach((d, i) => {
      const id = insertObservation(db, {
        ...d,
        uid: `evt-${anchor}-${i}`,
        projectId: o.projectId,
        sessionId: o.sessionId,
        promptNumber: o.promptNumber,
        createdAt: o.now,
        model: o.model,
        inputTokens: perObsIn,
        outputTokens: perObsOut,
        origin,
      });
      if (id === undefined) return;
      observationIds.push(id);
      for (const e of o.eventIds) link.run(id, e);
      // Near-duplicates merge into the newest at once, so the next session start lists it once.
      settleObservation(db, id);
    });
    let summaryId: number | undefined;
    if (o.summary) {
      summaryId = insertSummary(db, {
        ...o.summary,
        uid: `sum-${anchor}`,
        projectId: o.projectId,
        sessionId: o.sessionId,
        promptNumber: o.promptNumber,
        createdAt: o.now,
        model: o.model,
        origin,
      });
    }
    if (o.inputTokens || o.outputTokens) {
      addUsage(db, {
        day: o.now.slice(0, 10),
        provider: o.provider,
        model: o.model ?? '',
        inputTokens: o.inputTokens,
        outputTokens: o.outputTokens,
      });
    }
    const done = db.prepare(
      `UPDATE queue SET state = ?, lease_until = NULL, updated_at = ? WHERE id = ? AND state = 'processing'`,
    );
    for (const id of o.eventIds) done.run(o.state, o.now, id);
    return summaryId === undefined ? { observationIds } : { observationIds, summaryId };
  }).immediate();
}
