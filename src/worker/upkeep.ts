import type { Logger } from '../log';
import { checkAnchorsBatch, settleOlderObservations, type Db } from '../store';
import { runInSteps } from './steps';

export interface MemoryUpkeep {
  stop(): void;
}

/** Anchors checked and older records settled per step: synchronous work, so each step stays short. */
const BATCH = 200;
/** Settling compares each record with up to 200 others: a smaller step keeps it to a few ms. */
const SETTLE_BATCH = 50;
const IDLE_MS = 60_000;

/**
 * Keep stored memory true and small in the background (docs/search.md): re-check the files that
 * observations were anchored to (stat, hash only when the stat moved) and record which changed or
 * disappeared, and merge near-duplicates among records stored before merging existed. Bounded
 * batches; runs fast while there is a backlog, then once a minute.
 */
export function startMemoryUpkeep(deps: { db: Db; logger: Logger; now: () => Date; startDelayMs?: number }): MemoryUpkeep {
  return runInSteps({
    step: () => {
      const settled = settleOlderObservations(deps.db, SETTLE_BATCH);
      checkAnchorsBatch(deps.db, BATCH, deps.now().toISOString());
      return settled === SETTLE_BATCH ? 50 : IDLE_MS;
    },
    // Recall works meanwhile.
    onError: (err) =>
      deps.logger.warn('Memory upkeep step failed; will retry', { error: err.message }),
    startDelayMs: deps.startDelayMs ?? 3_000,
    retryMs: IDLE_MS,
  });
}
