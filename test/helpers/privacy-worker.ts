import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/store';
import { hookEnv, ROOT } from './hook-run';

// The privacy e2e tests end their setup the same way: the real worker compresses what the hooks
// queued through the claude provider, pointed at a fake model (its URL already in `.env`).

/** Start `dist/bin/worker.js` on `dataDir`, one attempt per batch. */
export function spawnWorker(dataDir: string): ChildProcess {
  return spawn(process.execPath, [join(ROOT, 'dist/bin/worker.js')], {
    env: hookEnv(dataDir, { CLAUDE_MEM_PROVIDER: 'claude', CLAUDE_MEM_MODEL: 'fake-model', CLAUDE_MEM_MAX_ATTEMPTS: '1' }),
    stdio: 'ignore',
  });
}

/** Until nothing is queued or processing and the model was called (or `timeoutMs` passed: the tests then say what is missing). */
export async function waitForDrain(dataDir: string, fake: { requests: Array<{ method: string }> }, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const db = openStore(join(dataDir, 'memory.db'));
    const live = (db.prepare(`SELECT COUNT(*) AS n FROM queue WHERE state IN ('queued', 'processing')`).get() as { n: number }).n;
    db.close();
    if (live === 0 && fake.requests.some((r) => r.method === 'POST')) break;
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** Stop the worker, close the fake model and delete the run's folder. */
export async function endRun(worker: ChildProcess | undefined, fake: { close(): Promise<void> } | undefined, run: string): Promise<void> {
  worker?.kill('SIGTERM');
  await new Promise((res) => setTimeout(res, 300));
  await fake?.close();
  rmSync(run, { recursive: true, force: true });
}
