import { closeSync, existsSync, openSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { workerEnv, type Paths } from '../config';
import type { Logger } from '../log';
import { isLockHeld } from '../store';

/**
 * Make sure a worker will be draining the queue, without waiting for it (a hook must return at
 * once). The worker's lock (an OS file lock) is the truth: if nobody holds it, start one. Two
 * sessions starting at once may both spawn; the loser finds the lock taken and exits.
 */
export function startWorkerIfIdle(paths: Paths, start: () => void): 'running' | 'started' {
  if (isLockHeld(paths.lockPath)) return 'running';
  start();
  return 'started';
}

export interface WorkerLaunch {
  /** `dist/bin/worker.js` of the running bundle. */
  script: string;
  paths: Paths;
  /** The starter's environment; the worker gets it without the shell's and session's variables (`config/worker-env.ts`). */
  env: NodeJS.ProcessEnv;
  log?: Logger;
}

/**
 * The one way to start a worker (hooks and CLI): `node <script>` detached in its own process
 * group, cwd the data dir, unref'd so the starter can exit, with an isolated environment. Its
 * stdout and stderr (start-up crashes; the worker logs to files itself) go to
 * `logs/worker-stdio.log`, or nowhere when that cannot be opened (a read-only data dir).
 * Returns undefined when the script is missing.
 */
export function spawnWorker(w: WorkerLaunch): ChildProcess | undefined {
  if (!existsSync(w.script)) {
    w.log?.error('worker script not found; build it with `npm run build`', { script: w.script });
    return undefined;
  }
  // Loaded only when a worker must start: child_process costs a few ms to load, on every hook.
  const { spawn } = process.getBuiltinModule('node:child_process');
  const out = openStdioLog(w.paths, w.log);
  try {
    const child = spawn(process.execPath, [w.script], {
      detached: true,
      stdio: out === undefined ? 'ignore' : ['ignore', out, out],
      env: workerEnv(w.env),
      cwd: w.paths.dataDir,
    });
    child.on('error', (err) => w.log?.error('could not start the worker', { error: err.message }));
    child.unref();
    w.log?.info('started the worker', { pid: child.pid, script: w.script });
    return child;
  } finally {
    if (out !== undefined) closeSync(out);
  }
}

function openStdioLog(paths: Paths, log: Logger | undefined): number | undefined {
  try {
    return openSync(join(paths.logsDir, 'worker-stdio.log'), 'a', 0o600);
  } catch (err) {
    log?.warn('worker-stdio.log cannot be opened; the worker starts without it', { error: (err as Error).message });
    return undefined;
  }
}
