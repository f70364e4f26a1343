import type { Logger } from '../log';

/** A background job that `stop` ends (its timer is unref'd: it never keeps the worker alive). */
export interface BackgroundSteps {
  stop(): void;
}

/**
 * Run `step` now and then, after `firstDelayMs` (after start-up work, not during it): again after
 * the delay it returns (short while there is a backlog, long when idle), or after `retryMs` when
 * it throws. A busy database or a failed write is logged as `failure` and tried again later: it
 * must not stop the worker, and what the step maintains works meanwhile.
 */
export function startBackgroundSteps(o: {
  step: () => number;
  firstDelayMs: number;
  retryMs: number;
  failure: string;
  logger: Logger;
}): BackgroundSteps {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(tick, ms).unref();
  };
  function tick(): void {
    let next: number;
    try {
      next = o.step();
    } catch (err) {
      o.logger.warn(o.failure, { error: (err as Error).message });
      next = o.retryMs;
    }
    schedule(next);
  }
  schedule(o.firstDelayMs);
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
