import type { Hono } from 'hono';
import type { Config } from '../../config';
import type { Logger } from '../../log';
import type { Embedder } from '../../search';
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
  /**
   * How the running worker searches: its own embedder (the one the backfill fills vectors with)
   * and its loaded settings, so the viewer's search agrees with the worker and the MCP tools.
   */
  search: () => SearchSetup;
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

/** The running worker's search setup (see `AppDeps.search`). */
export interface SearchSetup {
  /** Present only when CLAUDE_MEM_EMBEDDINGS_PROVIDER is not `none`. */
  embedder: Embedder | undefined;
  /** CLAUDE_MEM_SEARCH_RECENCY as the worker loaded it. */
  recency: boolean;
}
