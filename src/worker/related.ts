import type { Logger } from '../log';
import { fillRelatedWords, type Db } from '../store';
import { runInSteps } from './steps';

export interface RelatedWordsFill {
  stop(): void;
}

/** Rows per step: a step is synchronous, so it stays short (tens of ms) to keep the worker responsive. */
const BATCH = 100;
const IDLE_MS = 60_000;

/**
 * Give records written before related words existed (or before the lexicon was built) their
 * related words, a small batch at a time, so search finds old records by category words too.
 * New records get theirs when they are stored; this only catches up, then idles.
 */
export function startRelatedWordsFill(deps: { db: Db; logger: Logger; startDelayMs?: number }): RelatedWordsFill {
  let total = 0;
  return runInSteps({
    step: () => {
      const n = fillRelatedWords(deps.db, BATCH);
      total += n;
      if (n < BATCH && total > 0) {
        deps.logger.info('Related words indexed for older records', { records: total });
        total = 0;
      }
      return n === BATCH ? 20 : IDLE_MS;
    },
    // Search works meanwhile.
    onError: (err) =>
      deps.logger.warn('Indexing related words failed; will retry', { error: err.message }),
    // After start-up work (the first drain) rather than during it.
    startDelayMs: deps.startDelayMs ?? 2_000,
    retryMs: IDLE_MS,
  });
}
