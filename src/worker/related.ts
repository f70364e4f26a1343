import type { Logger } from '../log';
import { fillRelatedWords, type Db } from '../store';

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
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let total = 0;
  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(tick, ms).unref();
  };
  function tick(): void {
    try {
      const n = fillRelatedWords(deps.db, BATCH);
      total += n;
      if (n < BATCH && total > 0) {
        deps.logger.info('Related words indexed for older records', { records: total });
        total = 0;
      }
      schedule(n === BATCH ? 20 : IDLE_MS);
    } catch (err) {
      // A busy database or a failed write: try again later; search works meanwhile.
      deps.logger.warn('Indexing related words failed; will retry', { error: (err as Error).message });
      schedule(IDLE_MS);
    }
  }
  // After start-up work (the first drain) rather than during it.
  schedule(deps.startDelayMs ?? 2_000);
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
