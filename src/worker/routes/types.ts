import type { Hono } from 'hono';
import type { Config } from '../../config';
import type { Logger } from '../../log';
import type { Db } from '../../store';
import type { ConfirmationStore } from '../confirmations';
import type { EventFeed } from '../feed';
import type { SessionStore } from '../sessions';
import type { WorkerStatus } from '../status';

/** Everything a route module may use. Built once by the worker's composition (main.ts) or a test. */
export interface AppDeps {
  db: Db;
  token: string;
  sessions: SessionStore;
  /** Risky changes from the viewer waiting for `claude-mem confirm` (createApp makes one when absent). */
  confirmations: ConfirmationStore;
  feed: EventFeed;
  /** The port actually listened on (known only after listen; the Host check needs it). */
  port: () => number;
  version: string;
  status: () => WorkerStatus;
  /** Wake the drain loop. */
  nudge: () => void;
  now: () => Date;
  logger: Logger;
  /** The configuration as on disk now (settings routes show what the next start will use). */
  loadConfig: () => Config;
  /** Most concurrent SSE streams (default 16). */
  maxSseConnections?: number;
  /** SSE heartbeat comment interval (default 15 s). */
  heartbeatMs?: number;
}

/**
 * One group of routes. The app mounts every module of `ROUTES` in order; everything under `/api/`
 * requires the token or a viewer session unless the module lists the path in `openPaths`.
 */
export interface RouteModule {
  name: string;
  openPaths?: readonly string[];
  mount(app: Hono, deps: AppDeps): void;
}
