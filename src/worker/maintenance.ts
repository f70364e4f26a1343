import { pruneLogs, type Logger } from '../log';
import { dropOldPayloads, incrementalVacuum, type Db } from '../store';

export interface MaintenanceDeps {
  db: Db;
  logger: Logger;
  logsDir: string;
  now: () => Date;
  /** CLAUDE_MEM_QUEUE_RETENTION_DAYS, read on each run so a changed setting applies. */
  retentionDays: () => number;
  startDelayMs?: number;
  intervalMs?: number;
}

export interface Maintenance {
  /** One full pass now (tests, and the first pass after start-up). */
  runOnce(): Promise<MaintenanceReport>;
  stop(): void;
}

export interface MaintenanceReport {
  payloadsDropped: number;
  logsRemoved: number;
  freePages: number;
}

/** Rows per write transaction: each batch is a short synchronous UPDATE, then the loop yields. */
export const PAYLOAD_BATCH = 500;
/** Pages given back per pass (4 KB each): small steps, so no pass holds the lock for long. */
const VACUUM_PAGES = 2_000;
const HOUR = 3_600_000;

/**
 * Keep the data dir small over months of use: drop the raw payloads of events compressed more
 * than CLAUDE_MEM_QUEUE_RETENTION_DAYS ago (batch by batch, yielding to the drain and the HTTP
 * server in between), rotate our logs, and return free database pages to the file system.
 * Runs shortly after start-up and then hourly; a failure is logged and retried next time.
 */
export function startMaintenance(deps: MaintenanceDeps): Maintenance {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const yieldNow = () => new Promise<void>((r) => setImmediate(r));

  async function runOnce(): Promise<MaintenanceReport> {
    const now = deps.now();
    const olderThan = new Date(now.getTime() - deps.retentionDays() * 86_400_000).toISOString();
    let payloadsDropped = 0;
    for (;;) {
      const n = dropOldPayloads(deps.db, olderThan, PAYLOAD_BATCH);
      payloadsDropped += n;
      if (n < PAYLOAD_BATCH || stopped) break;
      await yieldNow();
    }
    const logsRemoved = pruneLogs(deps.logsDir, now).length;
    const { freePages } = incrementalVacuum(deps.db, VACUUM_PAGES);
    if (payloadsDropped || logsRemoved) deps.logger.info('Maintenance done', { payloadsDropped, logsRemoved, freePages });
    return { payloadsDropped, logsRemoved, freePages };
  }

  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(tick, ms).unref();
  };
  function tick(): void {
    runOnce().then(
      () => schedule(deps.intervalMs ?? HOUR),
      (err: unknown) => {
        // A busy database or a full disk: nothing is lost by waiting for the next pass.
        deps.logger.warn('Maintenance failed; will retry', { error: (err as Error).message });
        schedule(deps.intervalMs ?? HOUR);
      },
    );
  }
  schedule(deps.startDelayMs ?? 30_000);
  return {
    runOnce,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
