import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_HEADER, type WorkerRuntime } from '../../src/contracts';
import { insertObservation, openStore, upsertProject } from '../../src/store';
import { draft } from '../helpers/worker-fixtures';
import { childEnv, http, runCli, sse, waitFor, workerPids } from '../helpers/worker-procs';

describe('worker lifecycle (real processes)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const runtime = () => JSON.parse(readFileSync(join(dir, 'worker.json'), 'utf8')) as WorkerRuntime;
  const token = () => readFileSync(join(dir, 'worker.token'), 'utf8').trim();
  const host = (port: number) => ({ host: `127.0.0.1:${port}` });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cm-worker-e2e-'));
    env = childEnv(dir);
    // The claude provider with a gateway that is never called (no events): status shows its host.
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ CLAUDE_MEM_PROVIDER: 'claude' }), { mode: 0o600 });
    writeFileSync(join(dir, '.env'), 'ANTHROPIC_BASE_URL=http://127.0.0.1:9\nANTHROPIC_AUTH_TOKEN=test-token\n', { mode: 0o600 });
  });

  afterAll(async () => {
    await runCli(['worker', 'stop'], env).catch((err: unknown) => void err);
    for (const pid of workerPids(dir)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('status works while the worker is stopped and says so', async () => {
    const text = await runCli(['status'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/worker: +stopped/);
    expect(text.stdout).toContain('queued 0');
    const json = await runCli(['worker', 'status', '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ running: false, pid: null, provider: 'claude', baseUrlHost: '127.0.0.1:9' });
  });

  it('10 simultaneous `worker start` leave exactly one worker', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => runCli(['worker', 'start'], env, 60_000)));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    const pids = new Set(results.map((r) => /pid (\d+)/.exec(r.stdout)?.[1]));
    expect(pids.size).toBe(1);
    const pid = runtime().pid;
    expect([...pids]).toEqual([String(pid)]);
    // Losers exit on their own once the lock refuses them; then only the winner is left.
    await waitFor(() => workerPids(dir).length === 1, 'losing workers to exit');
    expect(workerPids(dir)).toEqual([pid]);
    expect(results.filter((r) => r.stdout.includes('Worker started')).length).toBeGreaterThanOrEqual(1);
  });

  it('status --json reports the running worker', async () => {
    const r = await runCli(['status', '--json'], env);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({
      running: true,
      pid: runtime().pid,
      port: runtime().port,
      provider: 'claude',
      model: 'claude-haiku-4-5',
      baseUrlHost: '127.0.0.1:9',
      queue: { queued: 0, processing: 0, compressed: 0, raw: 0, failed: 0 },
      tokensToday: 0,
      dailyBudget: 2_000_000,
      paused: null,
      lastError: null,
    });
    expect(typeof s.uptime).toBe('number');
    expect(typeof s.version).toBe('string');
    expect(r.stdout).not.toContain('test-token');
  });

  it('guards the API: token, Host and Origin; health is open and says nothing else', async () => {
    const { port } = runtime();
    const health = await http(port, '/api/health', { headers: host(port) });
    expect(health.status).toBe(200);
    expect(Object.keys(JSON.parse(health.body)).sort()).toEqual(['ok', 'version']);
    expect((await http(port, '/api/status', { headers: host(port) })).status).toBe(401);
    expect((await http(port, '/api/observations', { headers: host(port) })).status).toBe(401);
    expect((await http(port, '/api/status', { headers: { ...host(port), [TOKEN_HEADER]: 'f'.repeat(64) } })).status).toBe(401);
    const ok = await http(port, '/api/status', { headers: { ...host(port), [TOKEN_HEADER]: token() } });
    expect(ok.status).toBe(200);
    expect(ok.body).not.toContain(token());
    expect(ok.body).not.toContain('test-token');
    const rebound = await http(port, '/api/status', { headers: { host: `evil.example:${port}`, [TOKEN_HEADER]: token() } });
    expect(rebound.status).toBe(403);
    expect((await http(port, '/api/health', { headers: { host: `evil.example:${port}` } })).status).toBe(403);
    const crossSite = await http(port, '/api/status', {
      headers: { ...host(port), origin: 'http://evil.example', [TOKEN_HEADER]: token() },
    });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await http(port, '/api/status', {
      headers: { host: `localhost:${port}`, origin: `http://localhost:${port}`, [TOKEN_HEADER]: token() },
    });
    expect(sameOrigin.status).toBe(200);
  });

  it('a one-time login code becomes a session cookie that alone opens the API', async () => {
    const { port } = runtime();
    const codeRes = await http(port, '/api/login-codes', { method: 'POST', headers: { ...host(port), [TOKEN_HEADER]: token() } });
    expect(codeRes.status).toBe(200);
    const { code } = JSON.parse(codeRes.body) as { code: string };
    const login = await http(port, `/login?code=${code}`, { headers: host(port) });
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe('/');
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/^cm_session=[0-9a-f]{64}/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    const cookie = setCookie.split(';')[0] as string;
    expect((await http(port, '/api/status', { headers: { ...host(port), cookie } })).status).toBe(200);
    expect((await http(port, '/api/status', { headers: { ...host(port), cookie: 'cm_session=forged' } })).status).toBe(401);
    expect((await http(port, `/login?code=${code}`, { headers: host(port) })).status).toBe(401);
  });

  it('SSE delivers new observations and resumes after Last-Event-ID without duplicates', async () => {
    const { port } = runtime();
    const headers = { ...host(port), [TOKEN_HEADER]: token() };
    const db = openStore(join(dir, 'memory.db'));
    try {
      const now = new Date().toISOString();
      const projectId = upsertProject(db, '/work/sse', 'sse', now);
      const add = (title: string) =>
        insertObservation(db, { ...draft(title), projectId, sessionId: null, promptNumber: null, createdAt: now, model: null, origin: 'manual' }) as number;
      const first = await sse(port, headers);
      expect(first.status).toBe(200);
      const id1 = add('first live');
      await waitFor(() => first.events.find((e) => e.id === `obs:${id1}`), 'the first observation on the stream');
      expect(first.events.find((e) => e.id === `obs:${id1}`)).toMatchObject({ event: 'observation' });
      expect(JSON.parse(first.events[0]?.data ?? '{}')).toMatchObject({ id: id1, title: 'first live', project: 'sse' });
      first.close();
      const id2 = add('missed one');
      const id3 = add('missed two');
      const again = await sse(port, { ...headers, 'last-event-id': `obs:${id1}` });
      await waitFor(() => again.events.length >= 2, 'the missed observations');
      const id4 = add('live again');
      await waitFor(() => again.events.some((e) => e.id === `obs:${id4}`), 'a live observation after the replay');
      again.close();
      expect(again.events.map((e) => e.id)).toEqual([`obs:${id2}`, `obs:${id3}`, `obs:${id4}`]);
    } finally {
      db.close();
    }
  });

  it('restart starts a new process that reads the changed .env', async () => {
    const before = runtime().pid;
    writeFileSync(join(dir, '.env'), 'ANTHROPIC_BASE_URL=http://localhost:19\nANTHROPIC_AUTH_TOKEN=test-token\n', { mode: 0o600 });
    const r = await runCli(['worker', 'restart'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(runtime().pid).not.toBe(before);
    const s = JSON.parse((await runCli(['status', '--json'], env)).stdout);
    expect(s).toMatchObject({ running: true, pid: runtime().pid, baseUrlHost: 'localhost:19' });
    expect(workerPids(dir)).toEqual([runtime().pid]);
  });

  it('stop leaves no process and removes worker.json; a second stop is a no-op', async () => {
    const pid = runtime().pid;
    const r = await runCli(['worker', 'stop'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Worker stopped (pid ${pid})`);
    expect(workerPids(dir)).toEqual([]);
    expect(existsSync(join(dir, 'worker.json'))).toBe(false);
    const again = await runCli(['worker', 'stop'], env);
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain('not running');
    expect(JSON.parse((await runCli(['status', '--json'], env)).stdout)).toMatchObject({ running: false });
  });

  it('worker logs prints the tail of today\'s log', async () => {
    const r = await runCli(['worker', 'logs'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Worker stopped');
    expect(r.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(50);
  });
});
