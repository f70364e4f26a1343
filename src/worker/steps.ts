/**
 * A background job done in short synchronous steps on unref'd timers (they never keep the worker
 * alive). `step` returns how long to wait before the next one: soon while there is a backlog,
 * longer once caught up. A step that throws (a busy database, a failed write) is logged through
 * `onError` and tried again after `retryMs`; the worker's other work goes on meanwhile.
 */
export function runInSteps(opts: {
  step: () => number;
  onError: (err: Error) => void;
  startDelayMs: number;
  retryMs: number;
}): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(tick, ms).unref();
  };
  function tick(): void {
    let next: number;
    try {
      next = opts.step();
    } catch (err) {
      opts.onError(err as Error);
      next = opts.retryMs;
    }
    schedule(next);
  }
  schedule(opts.startDelayMs);
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
