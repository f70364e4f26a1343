import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDataDir, type Paths } from '../config';
import { MemError, workerStatusSchema, type WorkerRuntime } from '../contracts';
import { spawnWorker } from '../hooks';
import { isLockHeld } from '../store';
import { checkHealth, probeWorker, readRuntime, removeRuntime, workerApi } from '../worker';

/** How long `worker start` waits for a new worker to answer its health check. */
export const START_TIMEOUT_MS = 10_000;
/** How long `worker stop` waits after SIGTERM (in-flight batch, HTTP close) before SIGKILL. */
export const STOP_TIMEOUT_MS = 10_000;

/**
 * `dist/bin/worker.js`, next to the running CLI bundle; from source (tests under tsx) the built
 * file in the checkout's dist/.
 */
export function workerScriptPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'worker.js'), join(here, '../../dist/bin/worker.js')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new MemError('internal', `The worker bundle is missing (looked in ${candidates.join(', ')}).`, {
      hint: 'Build it with `npm run build`.',
    });
  }
  return found;
}

export type StartOutcome = { started: boolean; runtime: WorkerRuntime };

/**
 * Make sure a worker runs for this data dir: report the running one, or spawn
 * `node dist/bin/worker.js` detached and wait (bounded) until worker.json names a port that
 * answers /api/health. Racing starters each spawn at most one process; the lock lets one live.
 */
export async function ensureWorker(paths: Paths, env: NodeJS.ProcessEnv): Promise<StartOutcome> {
  ensureDataDir(paths);
  const before = await probeWorker(paths);
  if (before.locked && before.runtime && before.healthy) return { started: false, runtime: before.runtime };
  let exited: number | null | undefined;
  if (!before.locked) {
    const child = spawnWorker({ script: workerScriptPath(), paths, env });
    child?.once('exit', (code) => (exited = code));
  }
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    await delay(100);
    const rt = readRuntime(paths.runtimePath);
    if (rt && isLockHeld(paths.lockPath) && (await checkHealth(rt.port, 500))) return { started: !before.locked, runtime: rt };
    // Exit 0 means "another worker holds the lock": keep waiting for that one to publish itself.
    if (exited !== undefined && exited !== 0 && !isLockHeld(paths.lockPath)) {
      throw new MemError('internal', `The worker exited with code ${exited} while starting.`, {
        hint: `See ${join(paths.logsDir, 'worker-stdio.log')} and \`claude-mem worker logs\`.`,
      });
    }
  }
  throw new MemError('worker_unreachable', `The worker did not answer within ${START_TIMEOUT_MS / 1000} s.`, {
    hint: `See \`claude-mem worker logs\` and ${join(paths.logsDir, 'worker-stdio.log')}.`,
  });
}

/**
 * Stop this data dir's worker: SIGTERM to the pid in worker.json once the lock and the worker's
 * own status confirm it is ours, wait, then SIGKILL. Idempotent: returns false when none ran.
 */
export async function stopWorker(paths: Paths): Promise<{ stopped: boolean; pid?: number; killed?: boolean }> {
  if (!isLockHeld(paths.lockPath)) {
    removeRuntime(paths.runtimePath); // stale file from a crash
    return { stopped: false };
  }
  const rt = await waitForRuntime(paths);
  if (!rt) {
    throw new MemError('worker_unreachable', 'A worker holds the lock but has not published worker.json yet.', {
      hint: 'It may still be starting; try again in a few seconds.',
    });
  }
  await verifyPid(paths, rt);
  signal(rt.pid, 'SIGTERM');
  if (await waitUntilGone(paths, rt.pid, STOP_TIMEOUT_MS)) return { stopped: true, pid: rt.pid, killed: false };
  signal(rt.pid, 'SIGKILL');
  if (!(await waitUntilGone(paths, rt.pid, 5_000))) {
    throw new MemError('internal', `Worker ${rt.pid} survived SIGKILL.`, { hint: 'Check the process with `ps`.' });
  }
  removeRuntime(paths.runtimePath);
  return { stopped: true, pid: rt.pid, killed: true };
}

async function waitForRuntime(paths: Paths): Promise<WorkerRuntime | undefined> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const rt = readRuntime(paths.runtimePath);
    if (rt || Date.now() > deadline) return rt;
    await delay(100);
  }
}

/** Never signal a pid we cannot tie to this data dir's worker (pids are reused after crashes). */
async function verifyPid(paths: Paths, rt: WorkerRuntime): Promise<void> {
  if (!isAlive(rt.pid)) {
    throw new MemError('worker_unreachable', `worker.json names pid ${rt.pid}, which is not running, yet the lock is held.`, {
      hint: 'Another process may hold the lock file; check `claude-mem doctor`.',
    });
  }
  try {
    const answer = await workerApi(paths, rt, '/api/status', workerStatusSchema, { timeoutMs: 2_000 });
    if (answer.ok && answer.body.pid !== rt.pid) {
      throw new MemError('internal', `The worker on port ${rt.port} reports pid ${String(answer.body.pid)}, not ${rt.pid}.`, {
        hint: 'worker.json is out of date; stop the worker by its pid shown in `claude-mem worker status`.',
      });
    }
  } catch (err) {
    if (err instanceof MemError) throw err;
    // A hung worker may not answer HTTP; the held lock plus a live pid published after the lock was taken is enough.
    void err;
  }
}

async function waitUntilGone(paths: Paths, pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid) && !isLockHeld(paths.lockPath)) return true;
    await delay(100);
  }
  return false;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err; // already gone is fine
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
