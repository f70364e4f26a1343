import { unlinkSync } from 'node:fs';
import { atomicWrite } from '../config';
import { workerRuntimeSchema, type WorkerRuntime } from '../contracts';
import { readIfPresent } from './read-if-present';

/**
 * `worker.json`: where the running worker listens. Written (0600, atomically) only after the
 * HTTP server listens and removed on shutdown; the lock, not this file, says whether a worker
 * is alive, so a stale file left by a crash is harmless and gets replaced.
 */
export function writeRuntime(path: string, runtime: WorkerRuntime): void {
  atomicWrite(path, `${JSON.stringify(runtime, null, 2)}\n`, { mode: 0o600 });
}

/** The file's content, or `undefined` when it is missing or unreadable (being replaced, truncated). */
export function readRuntime(path: string): WorkerRuntime | undefined {
  const text = readIfPresent(path);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    void err; // a torn or hand-edited file: treat as absent, the worker rewrites it
    return undefined;
  }
  const parsed = workerRuntimeSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

export function removeRuntime(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
