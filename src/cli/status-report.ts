import { existsSync } from 'node:fs';
import type { Config } from '../config';
import { isMemError, workerStatusSchema, type WorkerStatus } from '../contracts';
import { earlierDatabasePending, openStore, storageError } from '../store';
import { collectStatus, isPortHeld, portHeldMessage, probeWorker, workerApi } from '../worker';
import type { Output } from './output';

/**
 * The worker's status: asked over HTTP when it runs (live pause and last backend error), read
 * from SQLite directly when it is stopped, so `status` always answers.
 */
export async function readStatus(cfg: Config, now: Date): Promise<WorkerStatus> {
  const probe = await probeWorker(cfg.paths);
  const notes: string[] = [];
  if (probe.runtime && probe.healthy) {
    try {
      const answer = await workerApi(cfg.paths, probe.runtime, '/api/status', workerStatusSchema);
      if (answer.ok) return answer.body;
    } catch (err) {
      // A worker of another version: say so, and still answer from SQLite below.
      if (!isMemError(err)) throw err;
      notes.push(`${err.message}${err.hint ? ` ${err.hint}` : ''}`);
    }
  }
  const db = existsSync(cfg.paths.dbPath) ? openStore(cfg.paths.dbPath, { readonly: true }) : undefined;
  const warnings = earlierDatabasePending(cfg.paths)
    ? [...cfg.warnings, ...notes, `${cfg.paths.originalDbPath} is from an earlier claude-mem build and becomes ${cfg.paths.dbPath} when the worker next starts: run \`claude-mem worker restart\`.`]
    : [...cfg.warnings, ...notes];
  try {
    const s = collectStatus(db, { paths: cfg.paths, provider: cfg.provider, settings: cfg.settings, warnings, now });
    // Locked but not answering: say so rather than "stopped".
    if (probe.locked) return { ...s, running: true, pid: probe.runtime?.pid ?? null, port: probe.runtime?.port ?? null, heldPort: probe.runtime?.heldPort ?? null };
    // Stopped: tell now that the configured port is taken (the original claude-mem's worker shares the setting).
    const configured = cfg.settings.CLAUDE_MEM_WORKER_PORT;
    return (await isPortHeld(configured)) ? { ...s, heldPort: configured } : s;
  } catch (err) {
    // A read-only data dir cannot even give a reader its -shm file: a storage error, not a bug.
    throw storageError(err, cfg.paths.dbPath);
  } finally {
    db?.close();
  }
}

export function printStatus(out: Output, s: WorkerStatus): void {
  if (s.running && s.port !== null) {
    out.line(`worker:   running (pid ${s.pid}, port ${s.port}, up ${formatUptime(s.uptime ?? 0)}, v${s.version})`);
    out.line(`viewer:   http://127.0.0.1:${s.port}/  (\`claude-mem open\` prints a login link)`);
  } else if (s.running) {
    out.line('worker:   running but not answering (see `claude-mem worker logs`)');
  } else {
    out.line('worker:   stopped (start it with `claude-mem worker start`)');
  }
  if (s.heldPort !== null) out.line(`port:     ${portHeldMessage(s.heldPort, s.running && s.port !== null ? s.port : undefined)}`);
  out.line(`data dir: ${s.dataDir}`);
  out.line(`provider: ${s.provider}  model: ${s.model}${s.baseUrlHost ? `  base URL host: ${s.baseUrlHost}` : ''}`);
  const q = s.queue;
  out.line(`queue:    queued ${q.queued}, processing ${q.processing}, compressed ${q.compressed}, raw ${q.raw}, failed ${q.failed}`);
  const budget = s.dailyBudget > 0 ? ` of ${s.dailyBudget.toLocaleString('en-US')} daily budget` : ' (no daily budget)';
  out.line(`tokens:   ${s.tokensToday.toLocaleString('en-US')} today${budget} in ${s.usageToday.calls} calls`);
  if (s.budgetSpent) out.line('budget:   spent for today: events are kept raw until 00:00 UTC');
  if (s.paused) out.line(`paused:   model calls paused (${s.paused.kind}) since ${s.paused.at}: ${s.paused.message}`);
  if (s.paused)
    out.line(
      s.provider === 'claude-code'
        ? "          fix it as the message says; the worker resumes when settings.json, .env or the claude CLI's login or settings change"
        : '          fix the credentials or settings; the worker resumes when .env or settings.json changes',
    );
  if (s.retryAfter) out.line(`retry:    model calls wait until ${s.retryAfter}`);
  if (s.embeddings) {
    const e = s.embeddings;
    const progress = embeddingsProgress(e);
    out.line(`vectors:  ${e.model}: ${progress}${e.lastError ? ` (last error ${e.lastError.kind}: ${e.lastError.message})` : ''}`);
    if (e.lastError) out.line(`          fix: ${e.lastError.fix}${e.retryAt ? ` Next try at ${e.retryAt}.` : ''}`);
  }
  if (s.reindexing > 0) {
    const who = s.running ? 'the worker is adding' : 'start the worker to add';
    out.line(`index:    ${s.reindexing} older records lack related words; ${who} them`);
  }
  if (s.lastError) {
    const e = s.lastError;
    const detail = [e.status !== null ? `HTTP ${e.status}` : '', e.requestId ? `request ${e.requestId}` : ''].filter(Boolean).join(', ');
    out.line(`last error: ${e.kind}${detail ? ` (${detail})` : ''} at ${e.at}: ${e.message}`);
    out.line(`fix:      ${e.fix}`);
  }
  for (const w of s.warnings) out.warn(w);
}

/** "All embedded" only once a pass finished with nothing left and vectors actually stored. */
function embeddingsProgress(e: NonNullable<WorkerStatus['embeddings']>): string {
  const stored = e.stored ?? 0;
  if (e.checked === false) return `checking (${stored} vectors stored)`;
  if (e.remaining > 0) return `${e.remaining} observations left to embed (${stored} vectors stored)`;
  return stored > 0 ? `all ${stored} observations embedded` : 'no vectors stored (nothing to embed yet)';
}

function formatUptime(sec: number): string {
  if (sec < 60) return `${sec}s`;
  if (sec < 3600) return `${Math.floor(sec / 60)}m`;
  if (sec < 86400) return `${Math.floor(sec / 3600)}h ${Math.floor((sec % 3600) / 60)}m`;
  return `${Math.floor(sec / 86400)}d ${Math.floor((sec % 86400) / 3600)}h`;
}
