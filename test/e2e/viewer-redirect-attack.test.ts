// The reported attack, end to end with real processes: holding only the viewer cookie, try to
// send the stored API key to a new host and every observation to a new embeddings endpoint.
// Neither happens; after a real confirmation from the terminal the base URL moves, but the key
// entered for the old host is removed, so the new host never receives it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, queueCounts } from '../../src/store';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm';
import { addTurn, seedSession } from '../helpers/worker-fixtures';
import { childEnv, runCli, waitFor, workerPids } from '../helpers/worker-procs';

const KEY = 'sk-ant-entered-for-host-a-0123456789';
const OK = '{"observations": [{"type": "change", "title": "Edited files", "narrative": "n", "facts": [], "concepts": [], "files_read": [], "files_modified": []}]}';

describe('a viewer cookie alone cannot redirect the key or the memory (real worker)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let hostA: FakeLlm;
  let hostB: FakeLlm;
  let base: string;
  let token: string;
  let cookie: string;

  const compressed = () => {
    const db = openStore(join(dir, 'memory.db'), { readonly: true });
    try {
      return queueCounts(db).compressed;
    } finally {
      db.close();
    }
  };
  const turn = (n: number) => {
    const db = openStore(join(dir, 'memory.db'));
    const s = seedSession(db, new Date().toISOString(), 'proj', `sess-${n}`);
    addTurn(db, s, { now: new Date().toISOString(), tools: 2, turnEnd: true, keyPrefix: `t${n}` });
    db.close();
  };
  const put = async (path: string, value: string, headers: Record<string, string>) => {
    const res = await fetch(`${base}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ value }) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cm-redirect-'));
    hostA = await startFakeLlm('anthropic', { kind: 'text', text: OK });
    hostB = await startFakeLlm('anthropic', { kind: 'text', text: OK });
    env = childEnv(dir);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ CLAUDE_MEM_PROVIDER: 'claude' }), { mode: 0o600 });
    writeFileSync(join(dir, '.env'), `ANTHROPIC_BASE_URL=${hostA.url}\nANTHROPIC_API_KEY=${KEY}\n`, { mode: 0o600 });
    openStore(join(dir, 'memory.db')).close();
    expect((await runCli(['worker', 'start'], env)).code).toBe(0);
    const rt = JSON.parse(readFileSync(join(dir, 'worker.json'), 'utf8')) as { port: number };
    base = `http://127.0.0.1:${rt.port}`;
    token = readFileSync(join(dir, 'worker.token'), 'utf8').trim();
    const code = (await (await fetch(`${base}/api/login-codes`, { method: 'POST', headers: { 'x-claude-mem-token': token } })).json()) as { code: string };
    const login = await fetch(`${base}/login?code=${code.code}`, { redirect: 'manual' });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }, 60_000);

  afterAll(async () => {
    await runCli(['worker', 'stop'], env).catch((err: unknown) => void err);
    for (const pid of workerPids(dir)) process.kill(pid, 'SIGKILL');
    await hostA.close();
    await hostB.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('cookie-only changes wait for the terminal; the next batch still goes to host A only', async () => {
    expect((await put('/api/credentials/ANTHROPIC_BASE_URL', hostB.url, { cookie })).status).toBe(428);
    expect((await put('/api/settings/CLAUDE_MEM_EMBEDDINGS_PROVIDER', 'openai', { cookie })).status).toBe(428);
    expect((await put('/api/settings/CLAUDE_MEM_EMBEDDINGS_BASE_URL', `${hostB.url}/v1`, { cookie })).status).toBe(428);
    turn(1);
    await waitFor(() => compressed() >= 3, 'the first turn to be compressed', 30_000);
    expect(hostA.requests.length).toBeGreaterThan(0);
    expect(hostA.requests.every((r) => r.headers['x-api-key'] === KEY)).toBe(true);
    expect(hostB.requests).toEqual([]);
  }, 60_000);

  it('confirmed from the terminal, the base URL moves but the key for host A never reaches host B', async () => {
    expect((await put('/api/credentials/ANTHROPIC_BASE_URL', hostB.url, { cookie })).status).toBe(428);
    const confirm = await runCli(['confirm'], env);
    expect(confirm.code).toBe(0);
    const code = /\b[A-Z2-9]{4}-[A-Z2-9]{4}\b/.exec(confirm.stdout)?.[0] ?? '';
    const done = await put('/api/credentials/ANTHROPIC_BASE_URL', hostB.url, { cookie, 'x-claude-mem-confirm': code });
    expect(done.status).toBe(200);
    expect(done.body.clearedCredentials).toEqual(['ANTHROPIC_API_KEY']);
    turn(2);
    await waitFor(() => hostB.requests.length > 0, 'the worker to call host B', 30_000);
    for (const r of hostB.requests) {
      expect(r.headers['x-api-key']).toBeUndefined();
      expect(JSON.stringify(r.headers)).not.toContain(KEY);
    }
  }, 60_000);
});
