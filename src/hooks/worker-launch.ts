import { existsSync } from 'node:fs';
import type { Paths } from '../config';
import type { Logger } from '../log';
import { isLockHeld } from '../store';

/**
 * Make sure a worker will be draining the queue. The worker's lock (an OS file lock) is the
 * truth: if nobody holds it, start one in the background and do not wait. Two sessions starting
 * at once may both spawn; the loser finds the lock taken and exits.
 */
export function ensureWorker(paths: Paths, start: () => void): 'running' | 'started' {
  if (isLockHeld(paths.lockPath)) return 'running';
  start();
  return 'started';
}

/**
 * Spawn `node <script>` detached from the hook: own process group, no stdio, unref'd, so the
 * hook exits at once and Claude Code never waits on the worker.
 */
export function spawnDetached(
  script: string,
  opts: { env: NodeJS.ProcessEnv; cwd: string; log: Logger },
): void {
  if (!existsSync(script)) {
    opts.log.error('worker script not found; build it with `npm run build`', { script });
    return;
  }
  // Loaded only when a worker must start: child_process costs a few ms to load, on every hook.
  const { spawn } = process.getBuiltinModule('node:child_process');
  const child = spawn(process.execPath, [script], {
    detached: true,
    stdio: 'ignore',
    env: opts.env,
    cwd: opts.cwd,
  });
  child.on('error', (err) => opts.log.error('could not start the worker', { error: err.message }));
  child.unref();
  opts.log.info('started the worker', { pid: child.pid, script });
}
