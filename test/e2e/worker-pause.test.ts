import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILURE_FIXES } from '../../src/contracts';
import { openStore, queueCounts } from '../../src/store';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm';
import { workerAnswer } from '../helpers/fake-llm-fixtures';
import { addTurn, seedSession } from '../helpers/worker-fixtures';
import { childEnv, runCli, waitFor } from '../helpers/worker-procs';
import { removeWorkerDir, useClaudeBackend } from '../helpers/worker-data-dir';

const AUTH_BODY = '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}';

describe('worker pause on a backend auth error (real processes)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let fake: FakeLlm;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cm-worker-pause-'));
    fake = await startFakeLlm('anthropic', (req) =>
      req.headers['x-api-key'] === 'sk-ant-good' ? workerAnswer(fake.requests.length) : { kind: 'raw', status: 401, body: AUTH_BODY },
    );
    env = childEnv(dir);
    useClaudeBackend(dir, fake.url, 'sk-ant-wrong');
    const db = openStore(join(dir, 'memory.db'));
    const s = seedSession(db, new Date().toISOString());
    addTurn(db, s, { now: new Date().toISOString(), tools: 3, turnEnd: true });
    db.close();
  });

  afterAll(async () => {
    await runCli(['worker', 'stop'], env).catch((err: unknown) => void err);
    await removeWorkerDir(dir, fake);
  });

  it('pauses with the events kept queued, shows the error verbatim, and resumes when .env changes', async () => {
    expect((await runCli(['worker', 'start'], env)).code).toBe(0);
    const status = async () => JSON.parse((await runCli(['status', '--json'], env)).stdout);
    const paused = await waitFor(async () => {
      const s = await status();
      return s.paused ? s : undefined;
    }, 'the worker to pause');
    expect(paused.paused.kind).toBe('auth');
    expect(paused.lastError).toMatchObject({ kind: 'auth', status: 401 });
    expect(paused.lastError.requestId).toMatch(/^req_fake_/);
    expect(paused.queue).toMatchObject({ queued: 4, processing: 0, compressed: 0, raw: 0, failed: 0 });
    const text = (await runCli(['status'], env)).stdout;
    expect(text).toContain('paused:');
    expect(text).toContain('HTTP 401');
    // The fix the viewer shows, in the terminal too, parsed from the worker's own /api/status.
    expect(paused.lastError.fix).toBe(FAILURE_FIXES.model.auth);
    expect(text).toContain(`fix:      ${FAILURE_FIXES.model.auth}`);
    expect(text).not.toContain('sk-ant-wrong');
    const errorLog = readFileSync(join(dir, 'logs', 'worker-error.log'), 'utf8');
    expect(errorLog).toContain(JSON.stringify(AUTH_BODY).slice(1, -1));
    expect(errorLog).not.toContain('sk-ant-wrong');
    const calls = fake.requests.length;

    writeFileSync(join(dir, '.env'), `ANTHROPIC_BASE_URL=${fake.url}\nANTHROPIC_API_KEY=sk-ant-good\n`, { mode: 0o600 });
    await waitFor(() => {
      const db = openStore(join(dir, 'memory.db'), { readonly: true });
      try {
        return queueCounts(db).compressed === 4;
      } finally {
        db.close();
      }
    }, 'the queue to drain after the fix');
    expect(fake.requests.length).toBeGreaterThan(calls);
    expect((await status()).paused).toBeNull();
  });
});
