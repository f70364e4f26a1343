import { closeSync, openSync, utimesSync } from 'node:fs';
import type { Paths } from '../config';
import type { Logger } from '../log';

/**
 * Tell the worker there is work: bump the mtime of `worker.nudge`, which it watches. A nudge
 * costs no network and never waits; if it fails the worker still finds the row on its next poll.
 */
export function nudgeWorker(paths: Paths, log: Logger, now: Date): void {
  try {
    utimesSync(paths.nudgePath, now, now);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      log.warn('could not nudge the worker', { error: (err as Error).message });
      return;
    }
    try {
      closeSync(openSync(paths.nudgePath, 'a', 0o600));
    } catch (createErr) {
      log.warn('could not create the nudge file', { error: (createErr as Error).message });
    }
  }
}
