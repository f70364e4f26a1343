import { TOKEN_HEADER, type WorkerRuntime } from '../contracts';
import type { Paths } from '../config';
import { isLockHeld } from '../store';
import { readRuntime } from './runtime-file';
import { readToken } from './token';

/**
 * How other processes (the CLI) find and talk to the worker of a data dir. The lock decides
 * whether one runs; worker.json says where; `/api/health` proves it answers.
 */
export interface WorkerProbe {
  /** Some process holds the data dir's worker lock. */
  locked: boolean;
  runtime: WorkerRuntime | undefined;
  /** The worker answered `/api/health` on the port in worker.json. */
  healthy: boolean;
}

export async function probeWorker(paths: Paths, timeoutMs = 1_000): Promise<WorkerProbe> {
  const locked = isLockHeld(paths.lockPath);
  const runtime = locked ? readRuntime(paths.runtimePath) : undefined;
  const healthy = runtime ? await checkHealth(runtime.port, timeoutMs) : false;
  return { locked, runtime, healthy };
}

export async function checkHealth(port: number, timeoutMs = 1_000): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return false;
    const body = (await res.json()) as { ok?: unknown };
    return body.ok === true;
  } catch (err) {
    void err; // refused, reset or timed out: not healthy, which is the answer
    return false;
  }
}

/** Call an authenticated worker route with the install token; throws on transport errors. */
export async function workerApi<T>(
  paths: Paths,
  runtime: WorkerRuntime,
  path: string,
  opts: { method?: string; timeoutMs?: number } = {},
): Promise<{ status: number; body: T }> {
  const token = readToken(paths.tokenPath) ?? '';
  const res = await fetch(`http://127.0.0.1:${runtime.port}${path}`, {
    method: opts.method ?? 'GET',
    headers: { [TOKEN_HEADER]: token, accept: 'application/json' },
    signal: AbortSignal.timeout(opts.timeoutMs ?? 3_000),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** A one-time viewer login URL (for `claude-mem open`). */
export async function requestLoginUrl(paths: Paths, runtime: WorkerRuntime): Promise<string> {
  const { body } = await workerApi<{ url: string }>(paths, runtime, '/api/login-codes', { method: 'POST' });
  return body.url;
}
