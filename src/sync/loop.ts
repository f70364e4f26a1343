import type { Logger } from '../log';
import { listSharedProjects, recordTeamError, type Db } from '../store';
import { createTeamClient, type TeamClient, type TeamProblem } from './client';
import { syncOnce, type SyncReport } from './engine';

/** What the loop needs from the configuration, read again before every sync (a changed .env applies). */
export interface TeamSyncConfig {
  url: string;
  key: string | undefined;
  intervalMs: number;
}

export interface TeamSyncDeps {
  db: Db;
  config: () => TeamSyncConfig;
  logger: Logger;
  now?: () => Date;
  fetch?: typeof fetch;
  /** First sync this long after start (ms); default 2 s, so the worker is up first. */
  startDelayMs?: number;
}

export interface TeamSyncState {
  enabled: boolean;
  lastSyncAt: string | null;
  lastReport: SyncReport | null;
  /** Failed syncs in a row (0 when the last one went through). */
  failures: number;
  nextSyncAt: string | null;
}

export interface TeamSync {
  /** A record was stored: sync soon (debounced), unless backing off. */
  wake(): void;
  state(): TeamSyncState;
  stop(): Promise<void>;
}

/** First retry after a failed sync; doubles per failure up to MAX_BACKOFF_MS. */
const BASE_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** Records stored in a burst (one turn) go out together. */
const WAKE_DEBOUNCE_MS = 1_000;

/**
 * The worker's background team sync: every CLAUDE_MEM_TEAM_SYNC_SECONDS, and soon after a
 * record is stored, push and pull each shared project (`syncOnce`). Failures back off
 * exponentially (honouring Retry-After); records wait in the outbox meanwhile, so an offline
 * machine catches up when the server answers again. Idle (no requests at all) without a URL,
 * a key or a shared project.
 */
export function startTeamSync(deps: TeamSyncDeps): TeamSync {
  const now = deps.now ?? (() => new Date());
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let failures = 0;
  let backingOff = false;
  let client: { key: string; url: string; client: TeamClient } | undefined;
  const st: TeamSyncState = { enabled: false, lastSyncAt: null, lastReport: null, failures: 0, nextSyncAt: null };

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    st.nextSyncAt = new Date(now().getTime() + ms).toISOString();
    timer = setTimeout(() => void tick(), ms).unref();
  };

  function clientFor(c: TeamSyncConfig & { key: string }): TeamClient {
    if (!client || client.key !== c.key || client.url !== c.url) {
      client = { key: c.key, url: c.url, client: createTeamClient({ url: c.url, key: c.key, ...(deps.fetch ? { fetch: deps.fetch } : {}) }) };
    }
    return client.client;
  }

  async function tick(): Promise<void> {
    if (stopped || running) return;
    const c = deps.config();
    st.enabled = Boolean(c.url && c.key);
    if (!c.url || !c.key || listSharedProjects(deps.db).length === 0) return schedule(c.intervalMs);
    const key = c.key;
    running = (async () => {
      const report = await runOnce(clientFor({ ...c, key }));
      st.lastSyncAt = now().toISOString();
      st.lastReport = report;
      if (!report.problem) {
        failures = 0;
        backingOff = false;
        st.failures = 0;
        if (report.pushed || report.pulled) deps.logger.info('Team sync', { pushed: report.pushed, pulled: report.pulled, projects: report.projects });
        return schedule(c.intervalMs);
      }
      failures++;
      backingOff = true;
      st.failures = failures;
      const delay = backoffMs(failures, report.problem);
      // The first failure in a row is worth a warning; the rest repeat it (status shows the count).
      (failures === 1 ? deps.logger.warn : deps.logger.debug).call(deps.logger, 'Team sync failed; records wait locally', {
        kind: report.problem.kind,
        error: report.problem.message,
        retryInMs: delay,
      });
      schedule(delay);
    })();
    try {
      await running;
    } finally {
      running = undefined;
    }
  }

  async function runOnce(teamClient: TeamClient): Promise<SyncReport> {
    try {
      // The API version first: pushing to a server that stores records differently could lose them.
      const health = await teamClient.health();
      if (!health.ok) {
        recordTeamError(deps.db, null, health.problem.message, now().toISOString());
        return { pushed: 0, pulled: 0, projects: 0, refused: 0, problem: health.problem };
      }
      return await syncOnce({ db: deps.db, client: teamClient, now, logger: deps.logger, stopped: () => stopped });
    } catch (err) {
      // A local failure (busy database): the same backoff; nothing was acknowledged that was not stored.
      const problem: TeamProblem = { kind: 'server', message: `Team sync failed locally: ${(err as Error).message}` };
      return { pushed: 0, pulled: 0, projects: 0, refused: 0, problem };
    }
  }

  schedule(deps.startDelayMs ?? 2_000);
  return {
    wake() {
      if (stopped || backingOff) return;
      const due = st.nextSyncAt ? Date.parse(st.nextSyncAt) - now().getTime() : Infinity;
      if (due > WAKE_DEBOUNCE_MS) schedule(WAKE_DEBOUNCE_MS);
    },
    state: () => ({ ...st }),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

function backoffMs(failures: number, problem: TeamProblem): number {
  const exp = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (failures - 1));
  // A wrong key or version will not fix itself within seconds: do not hammer the server.
  const floor = problem.kind === 'unauthorized' || problem.kind === 'version' ? 60_000 : 0;
  return Math.max(exp, floor, problem.retryAfterMs ?? 0);
}
