import { join } from 'node:path';
import type { Hono } from 'hono';
import type { Config } from '../../src/config';
import { createFileLogger } from '../../src/log';
import type { Db } from '../../src/store';
import { createApp, createEventFeed, createSessionStore, type SearchSetup, type WorkerStatus } from '../../src/worker';

/**
 * The worker's real app (Host/Origin guard and auth included) serving `routes` over `db`, with a
 * fixed clock, port and token, no drain behind it, and its log files under `dir/logs`.
 */
export function routesApp(
  opts: {
    db: Db;
    dir: string;
    load: () => Config;
    now: Date;
    port: number;
    token: string;
    dailyBudget: number;
    /** The running worker's embedder and settings for search; keyword-only by default. */
    search?: () => SearchSetup;
  },
  routes: Parameters<typeof createApp>[1],
): Hono {
  const { db, now } = opts;
  const logger = createFileLogger({ logsDir: join(opts.dir, 'logs'), component: 'worker' });
  return createApp(
    {
      db,
      token: opts.token,
      sessions: createSessionStore(() => now),
      feed: createEventFeed(db, logger),
      port: () => opts.port,
      version: 'test',
      status: () => ({ dailyBudget: opts.dailyBudget }) as WorkerStatus,
      nudge: () => undefined,
      search: opts.search ?? (() => ({ embedder: undefined, recency: false })),
      loadConfig: opts.load,
      now: () => now,
      logger,
    },
    routes,
  );
}
