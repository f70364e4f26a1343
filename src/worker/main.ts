import type { ServerType } from '@hono/node-server';
import { statSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { AgentDeps, MemoryAgent } from '../agent';
import { baseUrlHost, ensureDataDir, type Config, type ProviderConfig } from '../config';
import { MemError, type WorkerRuntime } from '../contracts';
import type { Logger } from '../log';
import { createEmbedder, type Embedder } from '../search';
import { acquireLock, adoptEarlierDatabase, openStore, type Db } from '../store';
import { startTeamSync } from '../sync';
import { createApp } from './app';
import { startBackfill } from './embeddings';
import { anchorObservations } from './anchors';
import { startMaintenance } from './maintenance';
import { startRelatedWordsFill } from './related';
import { startMemoryUpkeep } from './upkeep';
import { createConfigWatch } from './config-watch';
import { createDrain, type Drain } from './drain';
import { createEventFeed } from './feed';
import { listenWithFallback, portHeldMessage } from './port';
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
    await adoptEarlierDb();
    db = openStore(paths.dbPath);
    return await run(db);
  } catch (err) {
    db?.close();
    lock.release();
    throw err;
  }

  /**
   * An earlier build kept our database as claude-mem.db: rename it to memory.db now that this
   * worker holds the lock. A short retry covers a hook that has it open for a moment; if it stays
   * busy the worker does not start (an empty memory.db would strand the earlier one).
   */
  async function adoptEarlierDb(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const outcome = adoptEarlierDatabase(paths, { holdsWorkerLock: true });
      if (outcome === 'renamed') logger.info('Renamed the database of an earlier claude-mem build', { from: paths.originalDbPath, to: paths.dbPath });
      if (outcome !== 'busy') return;
      if (attempt >= 10) {
        throw new MemError('storage_busy', `${paths.originalDbPath} (from an earlier claude-mem build) stays in use; it cannot become ${paths.dbPath}.`, {
          hint: 'Close whatever holds it (an older claude-mem process), then start the worker again.',
        });
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  async function run(firstDb: Db): Promise<StartResult> {
    const token = ensureToken(paths.tokenPath);
    const makeAgent = (c: Config) => deps.createAgent(c.provider, { logger, settings: c.settings, credentialsFile: c.paths.envPath });
    let agent = makeAgent(config);
    const watcher = createConfigWatch(() => [
      paths.envPath,
      paths.settingsPath,
      // A `claude /login` or a fixed gateway setting resumes a paused claude-code provider.
      ...(config.provider.provider === 'claude-code' ? config.provider.watchFiles : []),
    ]);
    const sessions = createSessionStore(now);
    let port = 0;
    // Set once listening; status reports `running` only from then on.
    const live: { runtime?: WorkerRuntime } = {};
    let stopped: Promise<void> | undefined;
    let reopening: Promise<void> | undefined;
    let dbFile = fileIdentity(paths.dbPath);
    // One embedder per loaded configuration, shared by the backfill and search: a changed .env
    // or settings.json swaps it for both at once.
    let embedderConfig: Config | undefined;
    let embedder: Embedder | undefined;
    const currentEmbedder = (): Embedder | undefined => {
      if (embedderConfig !== config) {
        embedderConfig = config;
        embedder = createEmbedder(config);
      }
      return embedder;
    };
    let s = startServices(firstDb);

    /** Everything that holds the database handle: rebuilt when the file is replaced. */
    function startServices(db: Db) {
      // Team memory (docs/team-server.md): idle unless a team URL, key and shared project exist.
      const teamSync = startTeamSync({
        db,
        logger,
        now,
        config: () => ({
          url: config.settings.CLAUDE_MEM_TEAM_URL,
          key: config.credentials.CLAUDE_MEM_TEAM_KEY,
          intervalMs: config.settings.CLAUDE_MEM_TEAM_SYNC_SECONDS * 1000,
        }),
      });
      const drain = createDrain({
        db,
        agent: () => agent,
        now,
        logger,
        settings: () => config.settings,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms).unref()),
        onStored: (ids) => {
          teamSync.wake();
          return anchorObservations({ db, logger, now }, ids);
        },
        onTick: () => {
          checkDbFile();
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
      const backfill = startBackfill({
        db,
        embedder: currentEmbedder,
        logger,
        now,
      });
      const relatedFill = startRelatedWordsFill({ db, logger });
      const upkeep = startMemoryUpkeep({ db, logger, now });
      const maintenance = startMaintenance({
        db,
        logger,
        logsDir: paths.logsDir,
        now,
        retentionDays: () => config.settings.CLAUDE_MEM_QUEUE_RETENTION_DAYS,
      });
      const app = createApp({
        db,
        token,
        sessions,
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
        search: () => ({ embedder: currentEmbedder(), recency: config.settings.CLAUDE_MEM_SEARCH_RECENCY }),
      });
      return { db, drain, feed, backfill, relatedFill, upkeep, maintenance, teamSync, app };
    }

    async function stopServices(x: typeof s): Promise<void> {
      x.backfill.stop();
      x.relatedFill.stop();
      x.upkeep.stop();
      x.maintenance.stop();
      await x.teamSync.stop();
      await x.drain.stop(deps.shutdownGraceMs ?? 5_000);
      x.feed.stop();
      x.db.close();
    }

    /**
     * The database file was removed or replaced (restored from a backup, deleted by hand): the
     * open handle still serves the old inode while hooks write to the new file. Reopen the path.
     */
    function checkDbFile(): void {
      if (reopening || stopped) return;
      let current: string | undefined;
      try {
        current = fileIdentity(paths.dbPath);
      } catch (err) {
        logger.warn('Cannot check the database file', { path: paths.dbPath, error: (err as Error).message });
        return;
      }
      if (current !== undefined && current === dbFile) return;
      logger.warn('The database file was replaced or removed; reopening it', { path: paths.dbPath, found: current ?? 'missing' });
      reopening = (async () => {
        await stopServices(s);
        const db = openStore(paths.dbPath);
        dbFile = fileIdentity(paths.dbPath);
        s = startServices(db);
        s.feed.start();
        void s.drain.run();
        logger.info('Database reopened', { path: paths.dbPath });
      })()
        .catch((err: unknown) => {
          // Tried again at the next check: the old handle is closed, the identity no longer matches.
          dbFile = undefined;
          logger.error('Could not reopen the database', { error: (err as Error).stack ?? String(err) });
        })
        .finally(() => (reopening = undefined));
    }

    const listening = await listenWithFallback((req) => s.app.fetch(req), config.settings.CLAUDE_MEM_WORKER_PORT);
    const { server, heldPort } = listening;
    port = listening.port;
    if (heldPort !== undefined) logger.warn(portHeldMessage(heldPort, port), { configuredPort: heldPort, port });
    const runtime: WorkerRuntime = {
      pid: deps.pid ?? process.pid,
      port,
      version: WORKER_VERSION,
      startedAt: now().toISOString(),
      ...(heldPort !== undefined ? { heldPort } : {}),
    };
    live.runtime = runtime;
    writeRuntime(paths.runtimePath, runtime);
    const nudgeWatcher = watchNudge(paths.nudgePath, () => s.drain.wake(), logger);
    // Between drain ticks too: an idle worker must not serve a deleted file for long.
    const fileCheck = setInterval(checkDbFile, DB_FILE_CHECK_MS);
    fileCheck.unref();
    s.feed.start();
    void s.drain.run();
    logger.info('Worker started', { pid: runtime.pid, port, version: WORKER_VERSION, ...describe(config.provider) });

    const shutdown = (reason: string) =>
      (stopped ??= (async () => {
        logger.info('Worker stopping', { reason });
        clearInterval(fileCheck);
        nudgeWatcher?.close();
        await reopening;
        await stopServices(s);
        await closeServer(server);
        removeRuntime(paths.runtimePath);
        lock?.release();
        logger.info('Worker stopped', { reason });
      })());
    return {
      status: 'started',
      port,
      get drain() {
        return s.drain;
      },
      shutdown,
    };
  }
}

/** How often an idle worker checks that its database file is still the one at the path. */
const DB_FILE_CHECK_MS = 2_000;

/** `dev:ino` of the file at `path`, or undefined when there is none. */
function fileIdentity(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function describe(p: ProviderConfig): Record<string, string> {
  return { provider: p.provider, model: p.model, baseUrlHost: baseUrlHost(p) };
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
