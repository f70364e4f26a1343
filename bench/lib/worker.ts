// Start and stop a worker the way a user does (`claude-mem worker start|stop`), find its pid in
// the runtime file, and make sure every worker this run started is gone at the end.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workerRuntimeSchema, type WorkerRuntime } from '../../src/contracts';
import type { DataDir } from './env';
import { REPO_ROOT } from './env';
import { isAlive, run, sleep, waitFor } from './proc';

const CLI = join(REPO_ROOT, 'dist/bin/cli.js');
const started = new Set<number>();

export function cliAvailable(): boolean {
  return existsSync(CLI);
}

export async function startWorker(data: DataDir): Promise<WorkerRuntime> {
  const r = await run(process.execPath, [CLI, 'worker', 'start'], {
    env: data.env,
    cwd: data.dir,
    timeoutMs: 30_000,
  });
  if (r.code !== 0)
    throw new Error(
      `claude-mem worker start exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`,
    );
  const runtime = await waitFor('worker.json', () => readRuntime(data), 15_000);
  started.add(runtime.pid);
  return runtime;
}

export async function stopWorker(data: DataDir, runtime: WorkerRuntime | undefined): Promise<void> {
  const r = await run(process.execPath, [CLI, 'worker', 'stop'], {
    env: data.env,
    cwd: data.dir,
    timeoutMs: 30_000,
  });
  if (runtime) {
    try {
      await waitFor(
        `worker ${runtime.pid} to exit`,
        () => (isAlive(runtime.pid) ? undefined : true),
        10_000,
      );
    } catch (e) {
      process.stderr.write(
        `bench: ${(e as Error).message} (stop exited ${r.code}: ${r.stderr.trim()}); sending SIGKILL\n`,
      );
      killStarted(runtime.pid);
    }
    started.delete(runtime.pid);
  }
}

export function readRuntime(data: DataDir): WorkerRuntime | undefined {
  if (!existsSync(data.paths.runtimePath)) return undefined;
  const parsed = workerRuntimeSchema.safeParse(
    JSON.parse(readFileSync(data.paths.runtimePath, 'utf8')),
  );
  return parsed.success && isAlive(parsed.data.pid) ? parsed.data : undefined;
}

/** Remember a worker someone else started in our data dir (SessionStart may start one). */
export function adoptWorker(pid: number): void {
  started.add(pid);
}

function killStarted(pid: number): void {
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** Last resort at exit: SIGTERM, then SIGKILL, only the pids this run started. */
export async function killAllStarted(): Promise<void> {
  const pids = [...started].filter(isAlive);
  for (const pid of pids) process.kill(pid, 'SIGTERM');
  if (pids.length) await sleep(1_000);
  for (const pid of pids) killStarted(pid);
  started.clear();
}
