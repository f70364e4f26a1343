import { serve, type ServerType } from '@hono/node-server';
import { watch, writeFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { AgentDeps, MemoryAgent } from '../agent';
import { baseUrlHost, ensureDataDir, type Config, type ProviderConfig } from '../config';
import { MemError, type WorkerRuntime } from '../contracts';
import type { Logger } from '../log';
import { createEmbedder, type Embedder } from '../search';
import { acquireLock, openStore, type Db } from '../store';
import { createApp } from './app';
import { startBackfill } from './embeddings';
import { startMaintenance } from './maintenance';
import { startRelatedWordsFill } from './related';
import { createConfigWatch } from './config-watch';
import { createDrain, type Drain } from './drain';
import { createEventFeed } from './feed';
import { removeRuntime, writeRuntime } from './runtime-file';
import { createSessionStore } from './sessions';
import { collectStatus } from './status';
import { ensureToken } from './token';
import { WORKER_VERSION } from './version';

export interface WorkerDeps {
  config: Config;
  /** Read the configuration again (after `.env` or settings.json changed). */
  reloadConfig: () => Config;
  logger: Logger;
  createAgent: (cfg: ProviderConfig, deps: AgentDeps) => MemoryAgent;
  now?: () => Date;
  pid?: number;
  /** How long shutdown waits for the in-flight batch before aborting it (ms). */
  shutdownGraceMs?: number;
}

export type StartResult =
  | { status: 'already_running' }
  | { status: 'started'; port: number; drain: Drain; shutdown(reason: string): Promise<void> };

/**
 * Run the worker in this process: take the data dir's lock (or report that a worker already
 * runs), open the database, serve HTTP on 127.0.0.1, publish worker.json, and drain the queue
 * until `shutdown`. Never spawns a child process.
 */
export async function startWorker(deps: WorkerDeps): Promise<StartResult> {
  const { logger } = deps;
  const now = deps.now ?? (() => new Date());
  let config = deps.config;
  const { paths } = config;
  ensureDataDir(paths);
  const lock = acquireLock(paths.lockPath);
  if (!lock) {
    logger.info('Another worker holds the lock for this data dir; exiting', { dataDir: paths.dataDir });
    return { status: 'already_running' };
  }
  // The lock proves any worker.json left here is stale (a crashed worker).
  removeRuntime(paths.runtimePath);
  let db: Db | undefined;
  try {
    db = openStore(paths.dbPath);
    return await run(db);
  } catch (err) {
    db?.close();
    lock.release();
    throw err;
  }

  async function run(db: Db): Promise<StartResult> {
    const token = ensureToken(paths.tokenPath);
    const makeAgent = (c: Config) => deps.createAgent(c.provider, { logger, settings: c.settings, credentialsFile: c.paths.envPath });
    let agent = makeAgent(config);
    const watcher = createConfigWatch(() => [
      paths.envPath,
      paths.settingsPath,
      // A `claude /login` or a fixed gateway setting resumes a paused claude-code provider.
      ...(config.provider.provider === 'claude-code' ? config.provider.watchFiles : []),
    ]);
    const drain = createDrain({
      db,
      agent: () => agent,
      now,
      logger,
      settings: () => config.settings,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms).unref()),
      onTick: () => {
        if (!watcher.changed()) return;
        try {
          config = deps.reloadConfig();
          agent = makeAgent(config);
          logger.info('Configuration changed; reloaded', describe(config.provider));
          drain.resume('configuration changed');
        } catch (err) {
          logger.error('Configuration changed but could not be loaded; keeping the previous one', {
            error: (err as Error).message,
          });
        }
      },
    });
    const feed = createEventFeed(db, logger);
    // One embedder per loaded configuration: a changed .env or settings.json swaps it.
    let embedderConfig: Config | undefined;
    let embedder: Embedder | undefined;
    const backfill = startBackfill({
      db,
      embedder: () => {
        if (embedderConfig !== config) {
          embedderConfig = config;
          embedder = createEmbedder(config);
        }
        return embedder;
      },
      logger,
      now,
    });
    const relatedFill = startRelatedWordsFill({ db, logger });
    const maintenance = startMaintenance({
      db,
      logger,
      logsDir: paths.logsDir,
      now,
      retentionDays: () => config.settings.CLAUDE_MEM_QUEUE_RETENTION_DAYS,
    });
    let port = 0;
    // Set once listening; status reports `running` only from then on.
    const live: { runtime?: WorkerRuntime } = {};
    const app = createApp({
      db,
      token,
      sessions: createSessionStore(now),
      feed,
      port: () => port,
      version: WORKER_VERSION,
      status: () =>
        collectStatus(db, {
          paths,
          provider: config.provider,
          settings: config.settings,
          warnings: config.warnings,
          now: now(),
          ...(live.runtime ? { live: { runtime: live.runtime, drain: drain.state(), embeddings: backfill.state() } } : {}),
        }),
      nudge: () => drain.wake(),
      now,
      logger,
      loadConfig: deps.reloadConfig,
    });
    const server = await listen(app.fetch, config.settings.CLAUDE_MEM_WORKER_PORT);
    port = (server.address() as { port: number }).port;
    const runtime: WorkerRuntime = { pid: deps.pid ?? process.pid, port, version: WORKER_VERSION, startedAt: now().toISOString() };
    live.runtime = runtime;
    writeRuntime(paths.runtimePath, runtime);
    const nudgeWatcher = watchNudge(paths.nudgePath, () => drain.wake(), logger);
    feed.start();
    void drain.run();
    logger.info('Worker started', { pid: runtime.pid, port, version: WORKER_VERSION, ...describe(config.provider) });

    let stopped: Promise<void> | undefined;
    const shutdown = (reason: string) =>
      (stopped ??= (async () => {
        logger.info('Worker stopping', { reason });
        nudgeWatcher?.close();
        backfill.stop();
        relatedFill.stop();
        maintenance.stop();
        await drain.stop(deps.shutdownGraceMs ?? 5_000);
        feed.stop();
        await closeServer(server);
        removeRuntime(paths.runtimePath);
        db.close();
        lock?.release();
        logger.info('Worker stopped', { reason });
      })());
    return { status: 'started', port, drain, shutdown };
  }
}

function describe(p: ProviderConfig): Record<string, string> {
  return { provider: p.provider, model: p.model, baseUrlHost: baseUrlHost(p) };
}

function listen(fetch: (req: Request) => Response | Promise<Response>, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port }, () => resolve(server));
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(
          new MemError('config_invalid', `Port ${port} on 127.0.0.1 is already in use by another program.`, {
            hint: 'Set CLAUDE_MEM_WORKER_PORT to a free port (or 0 for any) with `claude-mem config set`.',
            cause: err,
          }),
        );
      } else reject(err);
    });
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive sockets would hold close() open; SSE streams were ended by feed.stop().
    const s = server as { closeAllConnections?: () => void };
    s.closeAllConnections?.();
  });
}

/**
 * Wake the drain when a hook touches the nudge file. The data dir is watched (not the file) so a
 * hook that recreates the file still counts; the 2 s poll covers platforms where watching fails.
 */
function watchNudge(nudgePath: string, wake: () => void, logger: Logger): FSWatcher | undefined {
  const name = basename(nudgePath);
  try {
    writeFileSync(nudgePath, '', { flag: 'a', mode: 0o600 });
    const w = watch(dirname(nudgePath), (_event, file) => {
      if (file === name) wake();
    });
    w.on('error', (err) => logger.warn('Nudge watcher failed; relying on polling', { error: String(err) }));
    return w;
  } catch (err) {
    logger.warn('Cannot watch the nudge file; relying on polling', { error: (err as Error).message });
    return undefined;
  }
}
