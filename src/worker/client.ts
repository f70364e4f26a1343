import type { z } from 'zod';
import { apiErrorSchema, healthSchema, loginCodeSchema, MemError, TOKEN_HEADER, type ApiErrorBody, type WorkerRuntime } from '../contracts';
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
    return healthSchema.safeParse(await res.json()).success;
  } catch (err) {
    void err; // refused, reset or timed out: not healthy, which is the answer
    return false;
  }
}

/** A worker answer: the parsed 2xx body, or the status and the error body (when there was one). */
export type WorkerAnswer<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; error: ApiErrorBody['error'] | undefined };

/**
 * Call an authenticated worker route with the install token and parse the answer with the route's
 * schema (contracts/worker-api.ts). Throws on transport errors, and a MemError
 * (`worker_unreachable`) when a 2xx answer does not match the contract: a worker of another
 * version is still running.
 */
export async function workerApi<S extends z.ZodType>(
  paths: Paths,
  runtime: WorkerRuntime,
  path: string,
  schema: S,
  opts: { method?: string; timeoutMs?: number } = {},
): Promise<WorkerAnswer<z.infer<S>>> {
  const token = readToken(paths.tokenPath) ?? '';
  const res = await fetch(`http://127.0.0.1:${runtime.port}${path}`, {
    method: opts.method ?? 'GET',
    headers: { [TOKEN_HEADER]: token, accept: 'application/json' },
    signal: AbortSignal.timeout(opts.timeoutMs ?? 3_000),
  });
  const json: unknown = await res.json().catch((err: unknown) => {
    void err; // not JSON (a proxy page, a crash): the status below says what happened
    return undefined;
  });
  if (!res.ok) {
    const error = apiErrorSchema.safeParse(json);
    return { ok: false, status: res.status, error: error.success ? error.data.error : undefined };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    throw new MemError('worker_unreachable', `The worker (v${runtime.version}, port ${runtime.port}) answered ${path} in an unexpected shape: ${where.join('; ')}.`, {
      hint: 'A worker of another claude-mem version may still be running: `claude-mem worker restart`.',
    });
  }
  return { ok: true, status: res.status, body: parsed.data };
}

/** A one-time viewer login URL (for `claude-mem open`). */
export async function requestLoginUrl(paths: Paths, runtime: WorkerRuntime): Promise<string> {
  const answer = await workerApi(paths, runtime, '/api/login-codes', loginCodeSchema, { method: 'POST' });
  if (!answer.ok) throw new MemError('worker_unreachable', answer.error?.message ?? `The worker answered HTTP ${answer.status}.`);
  return answer.body.url;
}
