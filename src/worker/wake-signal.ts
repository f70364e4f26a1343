/**
 * Wakes a sleeping loop early: `wait(ms)` resolves after `ms` or at the next `wake()`, whichever
 * comes first. A wake that arrives while the loop is busy is remembered, so the next `wait`
 * returns at once and a nudge is never lost between two sleeps.
 */
export interface WakeSignal {
  wait(ms: number): Promise<void>;
  wake(): void;
}

export function createWakeSignal(sleep: (ms: number) => Promise<void>): WakeSignal {
  let pending = false;
  let resolveWait: (() => void) | undefined;
  return {
    wait(ms) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        resolveWait = resolve;
        void sleep(ms).then(resolve);
      }).finally(() => {
        resolveWait = undefined;
        pending = false;
      });
    },
    wake() {
      pending = true;
      resolveWait?.();
    },
  };
}
